"""E-mails to participants, in the language they registered in, as plain text and HTML.

Every e-mail is a task (django-tasks, database backend): services enqueue it inside the
transaction that causes it, so it leaves if and only if the change is committed, and a worker
(`manage.py db_worker`) sends it outside any request. A request therefore never waits for a mail
server, and answers in the same time whether or not an address is known.

The worker reads fresh data when it sends. It sends nothing to a participant erased meanwhile,
and nothing beyond KISS_MAILS_PER_HOUR to one mailbox for what anybody can trigger (the lost-link
form, registering an address again, changes through the private link): extra ones are dropped
silently, since the answer to the visitor must not differ. Promotions, organisers' resends and
organisers' messages are not limited.
"""

import logging
from email.mime.base import MIMEBase
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from programme.calendar import calendar_file

from . import throttle
from .mailings import Mailing
from .models import Participant, Registration
from .qr import qr_png

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def participant_with_registrations(participant: Participant):
    return list(
        participant.registrations.live()
        .with_session_details()
        .with_waiting_position()
        .in_programme_order()
    )


@task()
def send_confirmation(participant_id: int, *, updated: bool, limited: bool = True) -> bool:
    participant = Participant.objects.select_related("visit").get(pk=participant_id)
    registrations = participant_with_registrations(participant)
    confirmed = [r.session for r in registrations if r.status == Registration.Status.CONFIRMED]
    attachments = []
    if confirmed:
        with translation.override(participant.language):
            agenda = calendar_file(confirmed, name=participant.visit.title, build_url=absolute)
        attachments = [("agenda.ics", agenda, "text/calendar"), checkin_code_image(participant)]
    context = {
        "registrations": registrations,
        "updated": updated,
        "has_agenda": bool(confirmed),
        "checkin_code_id": CHECKIN_CODE_ID,
    }
    return send(participant, "confirmation", context, attachments=attachments, limited=limited)


CHECKIN_CODE_ID = "checkin-code@kiss"


def checkin_code_image(participant: Participant) -> MIMEImage:
    """The QR code as an image the HTML part shows (cid:), and an attachment of its own for
    mail programs that show no images."""
    image = MIMEImage(qr_png(participant), "png")
    image.add_header("Content-ID", f"<{CHECKIN_CODE_ID}>")
    image.add_header("Content-Disposition", "inline", filename="check-in-code.png")
    return image


@task()
def send_cancellation(participant_id: int) -> bool:
    participant = Participant.objects.select_related("visit").get(pk=participant_id)
    return send(participant, "cancellation", {}, limited=True)


@task()
def send_promotion(registration_id: int) -> bool:
    registration = (
        Registration.objects.with_session_details()
        .select_related("participant__visit")
        .get(pk=registration_id)
    )
    context = {"registration": registration}
    return send(registration.participant, "promotion", context, limited=False)


@task()
def send_manage_link(participant_id: int | None, *, tried_again: bool) -> bool:
    """The private link, to the participant the request found for the address typed, if any
    (None: nobody; the request queued this task either way, so that its answer and its work are
    the same). Ids only: the queue's rows outlive the request, and must never hold an address."""
    if participant_id is None:
        return False
    participant = Participant.objects.select_related("visit").filter(pk=participant_id).first()
    if participant is None:
        return False
    return send(participant, "manage_link", {"tried_again": tried_again}, limited=True)


@task()
def send_mailing(mailing_id: int, participant_ids: list[int]) -> int:
    """An organiser's message, one e-mail per person (only them in To:), each in their
    language. Returns how many left."""
    mailing = Mailing.objects.get(pk=mailing_id)
    people = Participant.objects.filter(pk__in=participant_ids).select_related("visit")
    sent = 0
    for participant in people:
        subject, body = mailing.text_for(participant.language)
        context = {"subject": subject, "body": body}
        sent += send(participant, "mailing", context, limited=False)
    return sent


def within_hourly_limit(participant: Participant) -> bool:
    return throttle.allow("mail", participant.email_key, settings.MAILS_PER_MAILBOX)


def send(
    participant: Participant, template: str, context: dict, *, attachments=(), limited: bool
) -> bool:
    """Render `registrations/email/<template>.{subject.txt,txt,html}` for the participant and
    send it. Returns whether it left. A transport failure is logged and raised, so that the
    task is recorded as failed (the registration stands either way)."""
    if participant.erased_at:
        return False
    if limited and not within_hourly_limit(participant):
        logger.info(
            "Not sent (hourly limit): %s e-mail to participant %s", template, participant.pk
        )
        return False
    message = render_message(participant, template, context)
    for attachment in attachments:
        if isinstance(attachment, MIMEBase):
            message.attach(attachment)
        else:
            message.attach(*attachment)
    try:
        message.send()
    except Exception as error:
        # One line here; the task's record keeps the traceback (django_tasks_db admin).
        logger.error(
            "Could not send the %s e-mail to participant %s: %s: %s",
            template,
            participant.pk,
            type(error).__name__,
            error,
        )
        raise
    return True


def render_message(participant: Participant, template: str, context: dict):
    with translation.override(participant.language):
        # The private link too in the participant's language: /en/… for an English sign-up.
        context = {
            "participant": participant,
            "visit": participant.visit,
            "manage_url": absolute(participant.manage_path()),
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
