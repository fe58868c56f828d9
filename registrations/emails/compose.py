"""E-mails to participants, in the language they registered in, as plain text and HTML.

Services queue each e-mail in the outbox (queue.py; the rows, registrations/models/
outgoing_email.py, hold a kind and ids, one per person) inside the transaction that causes it,
so it leaves if and only if the change is committed; the worker (`manage.py send_emails`,
delivery.py) writes it here, from fresh data, and sends it outside any request. A request
therefore never waits for a mail server.

Nothing is sent to a participant erased meanwhile, and nothing beyond KISS_MAILS_PER_HOUR to one
mailbox for what anybody can trigger (the lost-link form, registering an address again, changes
through the private link): extra ones are dropped silently, since the answer to the visitor must
not differ. Promotions, organisers' resends and organisers' messages are not limited.
"""

from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from programme.calendar import calendar_file
from registrations.domain import limits
from registrations.domain.checkin_code import qr_png
from registrations.models import Participant, Registration
from registrations.models.outgoing_email import OutgoingEmail

Kind = OutgoingEmail.Kind


# Queuing: inside the transaction of the change. ------------------------------------------------


# Rendering: by the worker, when it sends. ------------------------------------------------------


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def participant_with_registrations(participant: Participant):
    return list(
        participant.registrations.live()
        .with_session_details()
        .with_waiting_position()
        .in_programme_order()
    )


def message_for(email: OutgoingEmail) -> EmailMultiAlternatives | None:
    """The e-mail as it is to leave now, from fresh data; None if it is not to leave: nobody to
    send it to (erased, or an unknown address), or the mailbox's hourly limit is reached."""
    participant = email.participant
    if participant is None or participant.erased_at:
        return None
    # Counted once per e-mail: a retry after a temporary failure is the same e-mail.
    first_attempt = email.attempts <= 1
    if email.arguments.get("limited") and first_attempt and not within_hourly_limit(participant):
        return None
    return COMPOSERS[email.kind](email, participant)


def within_hourly_limit(participant: Participant) -> bool:
    return limits.allow("mail", participant.email_key, settings.MAILS_PER_MAILBOX)


def confirmation(email: OutgoingEmail, participant: Participant):
    registrations = participant_with_registrations(participant)
    confirmed = [r.session for r in registrations if r.status == Registration.Status.CONFIRMED]
    context = {
        "registrations": registrations,
        "updated": email.arguments.get("updated", False),
        "has_agenda": bool(confirmed),
        "checkin_code_id": CHECKIN_CODE_ID,
    }
    if email.arguments.get("cancelled") and email.registration_id:
        cancelled = Registration.objects.with_session_details().get(pk=email.registration_id)
        context["cancelled"] = cancelled
    message = render_message(participant, "confirmation", context)
    attach_agenda_and_code(message, participant, confirmed)
    return message


def attach_agenda_and_code(message, participant: Participant, confirmed: list) -> None:
    """Whoever holds a place gets the agenda of their confirmed sessions and their check-in
    code: with the confirmation, and again when a place comes from a waiting list."""
    if not confirmed:
        return
    with translation.override(participant.language):
        agenda = calendar_file(confirmed, name=participant.visit.title, build_url=absolute)
    message.attach("agenda.ics", agenda, "text/calendar")
    message.attach(checkin_code_image(participant))


CHECKIN_CODE_ID = "checkin-code@kiss"


def checkin_code_image(participant: Participant) -> MIMEImage:
    """The QR code as an image the HTML part shows (cid:), and an attachment of its own for
    mail programs that show no images."""
    image = MIMEImage(qr_png(participant), "png")
    image.add_header("Content-ID", f"<{CHECKIN_CODE_ID}>")
    image.add_header("Content-Disposition", "inline", filename="check-in-code.png")
    return image


def cancellation(email: OutgoingEmail, participant: Participant):
    return render_message(participant, "cancellation", {})


def promotion(email: OutgoingEmail, participant: Participant):
    """Every place given to them by one action, in one e-mail."""
    ids = email.arguments.get("registrations") or [email.registration_id]
    promoted = list(
        Registration.objects.with_session_details()
        .filter(pk__in=ids, status=Registration.Status.CONFIRMED)
        .in_programme_order()
    ) or list(Registration.objects.with_session_details().filter(pk=email.registration_id))
    registration = promoted[0]
    confirmed = [
        r.session
        for r in participant.registrations.confirmed().with_session_details().in_programme_order()
    ]
    context = {
        "registration": registration,
        "promoted": promoted,
        "titles": titles_in(participant.language, promoted),
        "has_agenda": bool(confirmed),
        "checkin_code_id": CHECKIN_CODE_ID,
    }
    message = render_message(participant, "promotion", context)
    attach_agenda_and_code(message, participant, confirmed)
    return message


def titles_in(language: str, registrations) -> str:
    with translation.override(language):
        return ", ".join(str(r.session.title) for r in registrations)


def manage_link(email: OutgoingEmail, participant: Participant):
    context = {"tried_again": email.arguments.get("tried_again", False)}
    return render_message(participant, "manage_link", context)


def mailing(email: OutgoingEmail, participant: Participant):
    return mailing_message(email.mailing, participant)


def mailing_message(mailing, participant: Participant):
    """An organiser's message as `participant` reads it: the best text written for their
    language (Mailing.language_read), greeting and footer in the same language, so that a
    text in English is not framed by a Greek greeting; the private link in their own."""
    subject, body, language = mailing.text_for(participant.language)
    context = {"subject": subject, "body": body}
    return render_message(participant, "mailing", context, language=language)


def reminder(email: OutgoingEmail, participant: Participant):
    """Tomorrow's confirmed sessions as they stand when it leaves; nothing if none is left."""
    registrations = list(
        participant.registrations.confirmed()
        .filter(session__day=email.arguments.get("day"))
        .with_session_details()
        .in_programme_order()
    )
    if not registrations:
        return None
    context = {
        "day": registrations[0].session.day,
        "registrations": registrations,
        "checkin_code_id": CHECKIN_CODE_ID,
    }
    message = render_message(participant, "reminder", context)
    message.attach(checkin_code_image(participant))
    return message


COMPOSERS = {
    Kind.CONFIRMATION: confirmation,
    Kind.CANCELLATION: cancellation,
    Kind.PROMOTION: promotion,
    Kind.MANAGE_LINK: manage_link,
    Kind.MAILING: mailing,
    Kind.REMINDER: reminder,
}


def render_message(participant: Participant, template: str, context: dict, language=None):
    with translation.override(participant.language):
        # The private link in the participant's language: /en/… for an English sign-up.
        manage_url = absolute(participant.manage_path())
    with translation.override(language or participant.language):
        context = {
            "participant": participant,
            "visit": participant.visit,
            "manage_url": manage_url,
            "site_url": settings.SITE_URL,
            **context,
        }
        subject = render_plain_text(f"registrations/email/{template}.subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_plain_text(f"registrations/email/{template}.txt", context),
            to=[participant.email],
        )
        message.attach_alternative(
            render_to_string(f"registrations/email/{template}.html", context), "text/html"
        )
    return message


def render_plain_text(template_name: str, context: dict) -> str:
    """A plain-text template (an e-mail's text or subject) rendered as a plain str, never as
    safe HTML. The text templates turn autoescaping off, so that names and messages read as
    typed ("O'Brien", not "O&#x27;Brien"); yet render_to_string marks its result safe. Marked
    safe, a participant's name or an organiser's words would go into any HTML page that shows
    the e-mail as markup, as they did in the message preview; as a plain str, the page's
    template escapes them like any other text."""
    # str(text) would return the SafeString itself; str.__str__ makes a plain str of it.
    return str.__str__(render_to_string(template_name, context))
