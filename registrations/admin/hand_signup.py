"""A sign-up taken by an organiser (someone who phoned or wrote): the admin's "Add participant"
page. Same checks as the public form, same service; the consent is recorded as given to the
organiser, who chooses whether the confirmation e-mail goes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from programme.models import StudyVisit
from registrations import services
from registrations.admin.buttons import organiser, signed_up_message
from registrations.admin.forms import OrganiserRegistrationForm
from registrations.admin.pages import signup_sessions
from registrations.domain.ids import id_in
from registrations.models import Participant

# Signing someone up makes registrations: it takes both permissions.
CHANGE = "registrations.change_registration"


def chosen_visit(request):
    """The visit asked for (?visit= or the posted form), else the latest; None if none exists."""
    chosen = id_in(request.POST.get("visit") or request.GET.get("visit", ""))
    if chosen is not None:
        return get_object_or_404(StudyVisit, pk=chosen)
    return StudyVisit.objects.first()


def add_participant(request, model_admin):
    if not (model_admin.has_add_permission(request) and request.user.has_perm(CHANGE)):
        raise PermissionDenied
    visit = chosen_visit(request)
    form = signup_form(request, visit)
    if form.is_bound and form.is_valid():
        outcome = register(request, visit, form)
        if outcome is not None:
            messages.success(request, signed_up_message(outcome))
            change = "admin:registrations_participant_change"
            return redirect(reverse(change, args=[outcome.participant.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Sign someone up"),
        "opts": Participant._meta,
        "visits": StudyVisit.objects.all(),
        "visit": visit,
        "form": form,
    }
    return TemplateResponse(request, "admin/registrations/participant/add.html", context)


def signup_form(request, visit):
    sessions = signup_sessions(visit.pk) if visit else []
    data = request.POST if request.method == "POST" and visit else None
    return OrganiserRegistrationForm(data, sessions=sessions)


def register(request, visit, form):
    """The sign-up through the service, or None with the refusal added to the form."""
    try:
        return services.register_participant(
            visit=visit,
            details=form.participant_details(),
            session_ids=form.cleaned_data["sessions"],
            join_waiting_list=form.cleaned_data["join_waiting_list"],
            language=form.cleaned_data["language"],
            by=organiser(request),
            notify=form.cleaned_data["notify"],
        )
    except services.EmailAlreadyRegistered as error:
        form.add_error("email", error.message)
    except services.RegistrationError as error:
        form.add_error("sessions" if error.sessions else None, error.message)
    return None
