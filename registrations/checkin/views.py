"""Check-in on the day, for organisers on a phone: a session's expected people with one button
each (present, or undo), search by name, counts, walk-ins; and the page a participant's QR code
opens, with that person's sessions of the day.

The QR code (registrations/domain/checkin_code.py) opens the person's page only to a signed-in
organiser.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from programme.models import Session
from registrations import services
from registrations.admin.buttons import organiser
from registrations.checkin.forms import WalkInForm
from registrations.domain.checkin_code import participant_id_in
from registrations.domain.ids import IDS, id_in
from registrations.domain.search import browser_fold_table, fold
from registrations.models import Participant, Registration

CHANGE = "registrations.change_registration"
LONGEST_SEARCH = 100


def participant_of(code: str) -> Participant:
    pk = id_in(participant_id_in(code) or "")
    if pk is None:
        raise Http404
    return get_object_or_404(Participant.objects.active().select_related("visit"), pk=pk)


def allowed(request) -> None:
    if not request.user.has_perm(CHANGE):
        raise PermissionDenied


def session_of(pk: int) -> Session:
    if pk not in IDS:
        raise Http404
    return get_object_or_404(Session.objects.select_related("day__visit", "venue"), pk=pk)


def searched_words(request) -> str:
    """What was typed in the search box, without control characters, at most 100 characters."""
    typed = request.GET.get("q", "")
    return "".join(char for char in typed if char.isprintable())[:LONGEST_SEARCH].strip()


def session_checkin(request, pk: int, admin_site):
    allowed(request)
    session = session_of(pk)
    words = searched_words(request)
    if request.method == "POST":
        registration = posted_registration(request, session.registrations.all())
        present = request.POST.get("present") == "1"
        if registration is not None:
            services.mark_present(registration=registration, present=present, by=organiser(request))
        return redirect(back_to_session(session, words, registration))
    return render_session(request, admin_site, session, words, WalkInForm())


def render_session(request, admin_site, session, words, form, status=200):
    confirmed = session.registrations.confirmed()
    shown = confirmed.select_related("participant").order_by(
        "participant__last_name", "participant__first_name", "pk"
    )
    for word in fold(words).split():
        shown = shown.filter(participant__search_text__contains=word)
    context = {
        **admin_site.each_context(request),
        "title": _("Check-in"),
        "session": session,
        "registrations": list(shown),
        "words": words,
        "counts": counts(confirmed),
        "fold_table": browser_fold_table(),
        "form": form,
        "opts": Registration._meta,
    }
    response = TemplateResponse(
        request, "admin/registrations/checkin/session.html", context, status=status
    )
    # The page scans codes with the camera (checkin_offline.js); every other page keeps it off.
    policy = settings.PERMISSIONS_POLICY.replace("camera=()", "camera=(self)")
    response.headers["Permissions-Policy"] = policy
    return response


def counts(confirmed) -> dict:
    return confirmed.aggregate(expected=Count("pk"), present=Count("pk", filter=Q(attended=True)))


def session_counts(request, pk: int, admin_site):
    """The counts alone, for the page to refresh them while another organiser checks people in."""
    allowed(request)
    session = session_of(pk)
    return JsonResponse(counts(session.registrations.confirmed()))


def walk_in(request, pk: int, admin_site):
    allowed(request)
    session = session_of(pk)
    if request.method != "POST":
        return redirect(back_to_session(session, ""))
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            done = services.add_walk_in(
                session=session,
                details=form.participant_details(),
                language=form.cleaned_data["language"],
                over_capacity=form.cleaned_data["over_capacity"],
                by=organiser(request),
                notify=form.cleaned_data["send_confirmation"],
            )
        except services.SessionsFull:
            form.add_error(None, _("The session is full. Tick “Over capacity” to add them anyway."))
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, walk_in_message(done))
            return redirect(back_to_session(session, "", done.registration))
    return render_session(request, admin_site, session, "", form, status=400)


def walk_in_message(done) -> str:
    message = _("Signed up at the door and present: %(who)s.") % {
        "who": done.registration.participant
    }
    if done.capacity_raised_to is not None:
        message += " " + _("Capacity raised to %(capacity)s.") % {
            "capacity": done.capacity_raised_to
        }
    return message


def posted_registration(request, registrations) -> Registration | None:
    pk = id_in(request.POST.get("registration", ""))
    return registrations.filter(pk=pk).select_related("participant").first() if pk else None


def back_to_session(session, words: str, registration=None) -> str:
    address = reverse("admin:registrations_checkin", args=[session.pk])
    if words:
        address += "?" + urlencode({"q": words})
    if registration is not None:
        address += f"#r{registration.pk}"  # back to the row just tapped
    return address


def person_checkin(request, code: str, admin_site):
    """What a participant's QR code opens: their confirmed sessions of today (all of them when
    none is today), each with its button."""
    allowed(request)
    participant = participant_of(code)
    confirmed = participant.registrations.confirmed().select_related(
        "session__day", "session__venue"
    )
    if request.method == "POST":
        registration = posted_registration(request, confirmed)
        if registration is not None:
            present = request.POST.get("present") == "1"
            services.mark_present(registration=registration, present=present, by=organiser(request))
        return redirect(request.path + (f"#r{registration.pk}" if registration else ""))
    today = timezone.localdate(timezone=participant.visit.tzinfo)
    registrations = list(confirmed.order_by("session__day__date", "session__order", "pk"))
    todays = [r for r in registrations if r.session.day.date == today]
    context = {
        **admin_site.each_context(request),
        "title": _("Check-in"),
        "participant": participant,
        "registrations": todays or registrations,
        "only_today": bool(todays),
        "opts": Registration._meta,
    }
    return TemplateResponse(request, "admin/registrations/checkin/person.html", context)


def checkin_urls(admin_site):
    """The check-in pages, inside the admin (its sign-in, its header)."""

    def page(view):
        return admin_site.admin_view(
            lambda request, **kwargs: view(request, admin_site=admin_site, **kwargs)
        )

    return [
        path("checkin/session/<int:pk>/", page(session_checkin), name="registrations_checkin"),
        path(
            "checkin/session/<int:pk>/counts/",
            page(session_counts),
            name="registrations_checkin_counts",
        ),
        path("checkin/session/<int:pk>/walk-in/", page(walk_in), name="registrations_walk_in"),
        path(
            "checkin/person/<str:code>/", page(person_checkin), name="registrations_checkin_person"
        ),
    ]
