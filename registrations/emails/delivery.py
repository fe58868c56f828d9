"""Sending the outbox, one e-mail at a time: claim it with a lease, render and send it, mark it.

At least once: a worker killed between the mail server's answer and the mark leaves the row
`sending` until its lease runs out; then another worker (or the same, restarted) sends it
again. That window — one SMTP answer and one UPDATE — is the only source of duplicates.

A permanent refusal (5xx) fails that e-mail only, with the server's reason (the address masked);
a temporary one (4xx, no connection) is retried later, waiting twice as long each time, up to
EMAIL_MAX_ATTEMPTS. Database errors are not the e-mail's fault: they propagate to the worker,
which waits for the database (the lease brings the row back).
"""

import contextlib
import datetime
import logging
import re
import smtplib
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import F
from django.utils import timezone

from registrations import emails
from registrations.domain.leases import claim_under_lease
from registrations.models.outgoing_email import OutgoingEmail

logger = logging.getLogger(__name__)
State = OutgoingEmail.State
MASK = "[address]"


def claim_next() -> OutgoingEmail | None:
    """Take the next e-mail due, for EMAIL_LEASE_SECONDS, counting the attempt."""
    return claim_under_lease(
        OutgoingEmail.objects,
        order_by=("next_attempt_at", "pk"),
        lease=datetime.timedelta(seconds=settings.EMAIL_LEASE_SECONDS),
        changes={"state": State.SENDING, "attempts": F("attempts") + 1},
        related=("participant__visit", "mailing"),
    )


def deliver(email: OutgoingEmail) -> str:
    """Send a claimed e-mail and record what became of it; return its new state."""
    if email.attempts > settings.EMAIL_MAX_ATTEMPTS:
        # Taken up again after each of several workers died on it: stop trying.
        return finish(email, State.FAILED, error="Gave up: no answer after every attempt.")
    try:
        message = emails.message_for(email)
    except DatabaseError:
        raise  # the worker waits for the database; the lease brings this e-mail back
    except Exception as error:
        # A bug, or data gone: this e-mail cannot be written; the others can.
        logger.exception("Could not write the %s e-mail #%s", email.kind, email.pk)
        return finish(email, State.FAILED, error=masked(f"{type(error).__name__}: {error}", email))
    if message is None:
        return finish(email, State.SKIPPED)
    subject = message.subject
    try:
        message.send()
    except Exception as error:
        return failed(email, error, subject=subject)
    return patiently(finish, email, State.SENT, subject=subject)


def failed(email: OutgoingEmail, error: Exception, *, subject: str) -> str:
    reason = masked(f"{type(error).__name__}: {error}", email)
    logger.error(
        "Could not send the %s e-mail to participant %s: %s",
        email.kind,
        email.participant_id,
        reason,
    )
    if is_permanent(error) or email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        return finish(email, State.FAILED, subject=subject, error=reason)
    delay = settings.EMAIL_RETRY_SECONDS * 2 ** (email.attempts - 1)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        state=State.QUEUED,
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay),
        lease_until=None,
        subject=subject,
        last_error=reason[:500],
    )
    return State.QUEUED


def finish(email: OutgoingEmail, state: str, *, subject: str = "", error: str = "") -> str:
    OutgoingEmail.objects.filter(pk=email.pk).update(
        state=state,
        lease_until=None,
        sent_at=timezone.now() if state == State.SENT else None,
        subject=subject or email.subject,
        last_error=error[:500],
    )
    return state


def patiently(mark, email: OutgoingEmail, *args, **kwargs):
    """Mark an e-mail that has left, waiting for the database however long it is away: an
    e-mail left unmarked would be sent again once its lease runs out."""
    while True:
        try:
            return mark(email, *args, **kwargs)
        except DatabaseError as error:
            logger.warning("Database unavailable, waiting: %s", error)
            close_connections()
            time.sleep(1)


def close_connections():
    """Drop connections broken by an outage, so that the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            connection.close()


def is_permanent(error: Exception) -> bool:
    """A 5xx answer is final for this e-mail; 4xx answers and lost connections are not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return not isinstance(error, OSError | smtplib.SMTPException)


def masked(text: str, email: OutgoingEmail) -> str:
    """The error text without the recipient's address (servers often quote it)."""
    address = email.participant.email if email.participant else ""
    if address:
        text = re.sub(re.escape(address), MASK, text, flags=re.IGNORECASE)
    # Any other address-like text (an alias, the address as the server rewrote it).
    return re.sub(r"[^\s<>'\"(),:;]+@[^\s<>'\"(),:;]+", MASK, text)
