"""Sending an organiser's message to the people of a session, a day or the visit."""

from django.db import transaction
from django.utils import timezone

from registrations import emails
from registrations.domain.history import Actor, record
from registrations.models import Change
from registrations.models.mailing import Mailing
from registrations.models.outgoing_email import OutgoingEmail


def send_mailing(*, mailing: Mailing, by: Actor) -> int | None:
    """Queue one e-mail per recipient, and record it in the history. Returns how many people it
    goes to, or None if it had been sent already: the mailing's row is locked and marked sent
    in the same transaction, so sending twice queues nothing more."""
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if mailing.sent_at is not None:
            return None
        ids = list(mailing.recipients().values_list("pk", flat=True))
        emails.queue_mailing(mailing, ids)
        mailing.sent_at, mailing.sent_count = timezone.now(), len(ids)
        mailing.save(update_fields=["sent_at", "sent_count"])
        record(
            by,
            Change.Action.MESSAGE,
            session=mailing.session,
            new=str(len(ids)),
            note=mailing.subject[:500],
        )
    return len(ids)


def resend_failed(*, mailing: Mailing) -> int:
    """Queue again, as new, the e-mails of a message that failed; returns how many. One
    conditional update: a second call (a double click, another organiser) finds none failed
    and queues nothing more."""
    State = OutgoingEmail.State
    return OutgoingEmail.objects.filter(mailing=mailing, state=State.FAILED).update(
        state=State.QUEUED, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
