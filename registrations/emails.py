"""E-mails to participants, in the language they registered in, as plain text and HTML.

They are sent after the transaction that caused them has committed (services use on_commit), from
fresh data. Sending may fail (a mail server down): the registration stays as it is, and the
failure is logged for the organisers to follow up.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from programme.calendar import calendar_file

from .models import Participant, Registration

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def participant_with_registrations(participant_id: int):
    participant = Participant.objects.select_related("visit").get(pk=participant_id)
    registrations = list(
        participant.registrations.live()
        .with_session_details()
        .with_waiting_position()
        .in_programme_order()
    )
    return participant, registrations


def send_confirmation(participant_id: int, *, updated: bool) -> bool:
    participant, registrations = participant_with_registrations(participant_id)
    confirmed = [r.session for r in registrations if r.status == Registration.Status.CONFIRMED]
    timed = [session for session in confirmed if session.start_time]
    with translation.override(participant.language):
        agenda = calendar_file(timed, name=participant.visit.title, build_url=absolute)
    return send(
        participant,
        "confirmation",
        {"registrations": registrations, "updated": updated, "has_agenda": bool(timed)},
        attachments=[("agenda.ics", agenda, "text/calendar")] if timed else [],
    )


def send_cancellation(participant_id: int) -> bool:
    participant = Participant.objects.select_related("visit").get(pk=participant_id)
    return send(participant, "cancellation", {})


def send_promotion(registration_id: int) -> bool:
    registration = (
        Registration.objects.with_session_details()
        .select_related("participant__visit")
        .get(pk=registration_id)
    )
    return send(registration.participant, "promotion", {"registration": registration})


def send_manage_link(participant_id: int, *, tried_again: bool) -> bool:
    participant = Participant.objects.select_related("visit").get(pk=participant_id)
    return send(participant, "manage_link", {"tried_again": tried_again})


def send(participant: Participant, template: str, context: dict, attachments=()) -> bool:
    """Render `registrations/email/<template>.{subject.txt,txt,html}` for the participant and
    send it. Returns whether it left; a failure is logged, never raised."""
    context = {
        "participant": participant,
        "visit": participant.visit,
        "manage_url": absolute(participant.get_absolute_url()),
        "site_url": settings.SITE_URL,
        **context,
    }
    with translation.override(participant.language):
        subject = render_to_string(f"registrations/email/{template}.subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string(f"registrations/email/{template}.txt", context),
            to=[participant.email],
        )
        message.attach_alternative(
            render_to_string(f"registrations/email/{template}.html", context), "text/html"
        )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    try:
        message.send()
    except Exception:  # any transport failure: the registration must stand regardless
        logger.exception("Could not send the %s e-mail to participant %s", template, participant.pk)
        return False
    return True
