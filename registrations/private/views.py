"""The participant's private page (their link, with its secret): their sessions and check-in
code, adding or dropping sessions, cancelling everything, erasing their data, their agenda.
Same shape as the other pages: form → service → message → redirect."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from programme.calendar import calendar_file
from programme.templatetags.programme_text import visit_date
from registrations import services
from registrations.domain.checkin_code import qr_svg
from registrations.exports.certificates import (
    NoCertificate,
    available_from,
    certificate_person,
    certificates_pdf,
    options_of,
    visit_is_over,
)
from registrations.forms import refuse_too_many, signup_sessions, too_many_posts
from registrations.models import Participant, Registration
from registrations.private.forms import ChangeSessionsForm, ConfirmForm


def participant_or_404(visit: str, token: str) -> Participant:
    """Whether the visit is published or not: organisers may hide its programme (to rework it,
    or because it is called off), and that is when people most need to cancel or erase."""
    participants = Participant.objects.active().select_related("visit")
    return get_object_or_404(participants, visit__slug=visit, manage_token=token)


def render_manage(
    request, participant, *, change_form=None, cancel_form=None, erase_form=None, status=200
):
    registrations = (
        participant.registrations.live()
        .with_session_details()
        .with_waiting_position()
        .in_programme_order()
    )
    held = [r.session_id for r in registrations]
    sessions = signup_sessions(participant.visit, also=held)
    context = {
        "visit": participant.visit,
        "participant": participant,
        "registrations": registrations,
        "change_form": change_form
        or ChangeSessionsForm(participant=participant, sessions=sessions, checked=held),
        "cancel_form": cancel_form or cancel_confirm_form(),
        "erase_form": erase_form or erase_confirm_form(),
    }
    context |= certificate_context(participant, registrations)
    if any(r.status == Registration.Status.CONFIRMED for r in registrations):
        context["checkin_qr"] = qr_svg(participant, title=_("Your check-in code"))
    return render(request, "registrations/manage.html", context, status=status)


def certificate_context(participant, registrations) -> dict:
    """Whether the certificate of attendance can be downloaded yet, and if not, from when. Read
    from the registrations the page shows: no query of its own."""
    over = visit_is_over(participant.visit)
    return {
        "visit_is_over": over,
        "certificate_from": available_from(participant.visit),
        "has_certificate": over and any(r.attended for r in registrations),
    }


def cancel_confirm_form(data=None):
    return ConfirmForm(data, prefix="cancel", label=_("Yes, cancel all my sessions"))


def erase_confirm_form(data=None):
    return ConfirmForm(data, prefix="erase", label=_("Yes, erase my personal data"))


@never_cache
def manage(request, visit, token):
    participant = participant_or_404(visit, token)
    if request.method != "POST":
        return render_manage(request, participant)
    held = participant.registrations.live().values_list("session_id", flat=True)
    sessions = signup_sessions(participant.visit, also=held)
    form = ChangeSessionsForm(
        request.POST, participant=participant, sessions=sessions, checked=held
    )
    if too_many_posts(request):
        refuse_too_many(form)
        return render_manage(request, participant, change_form=form, status=429)
    if not form.is_valid():
        return render_manage(request, participant, change_form=form)
    try:
        outcome = services.change_registrations(
            participant=participant,
            session_ids=form.cleaned_data["sessions"],
            join_waiting_list=form.cleaned_data["join_waiting_list"],
            dietary=form.dietary(),
        )
    except services.RegistrationError as error:
        form.add_error("sessions" if error.sessions else None, error.message)
        return render_manage(request, participant, change_form=form)
    announce_changes(request, outcome)
    return redirect(participant.manage_path())


def announce_changes(request, outcome) -> None:
    changes = [
        (_("Confirmed: %(sessions)s"), outcome.confirmed),
        (_("On the waiting list: %(sessions)s"), outcome.waiting),
        (_("Cancelled: %(sessions)s"), outcome.cancelled),
    ]
    lines = [
        text % {"sessions": ", ".join(s.title for s in sessions)}
        for text, sessions in changes
        if sessions
    ]
    if outcome.dietary_changed:
        lines.append(_("Your dietary requirements are saved."))
    if lines:
        messages.success(request, _("Your registration is updated.") + " " + " ".join(lines))
    else:
        messages.info(request, _("Nothing to change: your registration is as you chose."))


@never_cache
def cancel_all(request, visit, token):
    participant = participant_or_404(visit, token)
    if request.method != "POST":
        return redirect(participant.manage_path())
    form = cancel_confirm_form(request.POST)
    if not form.is_valid():
        return render_manage(request, participant, cancel_form=form)
    if services.cancel_all_registrations(participant=participant):
        messages.success(
            request, _("All your sessions are cancelled. Thank you for letting us know.")
        )
    else:
        messages.info(request, _("You had no session to cancel."))
    return redirect(participant.manage_path())


@never_cache
def erase(request, visit, token):
    participant = participant_or_404(visit, token)
    if request.method != "POST":
        return redirect(participant.manage_path())
    form = erase_confirm_form(request.POST)
    if not form.is_valid():
        return render_manage(request, participant, erase_form=form)
    services.erase_participant(participant=participant)
    messages.success(request, _("Your personal data has been erased, and your sessions cancelled."))
    visit = participant.visit
    return redirect(visit.get_absolute_url() if visit.is_published else "programme:home")


@never_cache
def agenda(request, visit, token):
    participant = participant_or_404(visit, token)
    registrations = (
        participant.registrations.confirmed().with_session_details().in_programme_order()
    )
    ics = calendar_file(
        [r.session for r in registrations],
        name=participant.visit.title,
        build_url=request.build_absolute_uri,
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kiss-agenda.ics"'
    return response


@never_cache
def certificate(request, visit, token):
    """Their certificate of attendance, once the visit is over; else back to their page, with
    when it will be there or why there is none."""
    participant = participant_or_404(visit, token)
    visit = participant.visit
    if not visit_is_over(visit):
        messages.info(
            request,
            _("Your certificate of attendance will be here once the visit is over, from %(date)s.")
            % {"date": visit_date(available_from(visit), "weekday_date")},
        )
        return redirect(participant.manage_path())
    try:
        person = certificate_person(participant)
    except NoCertificate:
        messages.info(request, no_attendance_text())
        return redirect(participant.manage_path())
    response = HttpResponse(
        certificates_pdf([person], options_of(visit)), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'attachment; filename="kiss-certificate.pdf"'
    return response


def no_attendance_text() -> str:
    return _(
        "No attendance is recorded for you, so there is no certificate. If you came, please "
        "write to the organisers."
    )
