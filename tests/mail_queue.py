"""The e-mail outbox, worked through in the test's own process and transaction.

Each e-mail is claimed and delivered exactly as `manage.py send_emails` does it (delivery.py);
only the worker's loop is left out.
"""

from django.core import mail

from registrations.emails.delivery import claim_next, deliver
from registrations.models.outgoing_email import OutgoingEmail


def deliver_queued_mail() -> list:
    """Send every e-mail due, oldest first; return the locmem outbox."""
    while (email := claim_next()) is not None:
        deliver(email)
    return mail.outbox


def queued_tasks() -> list[str]:
    """The kinds of the e-mails waiting to be sent, oldest first."""
    queued = OutgoingEmail.objects.filter(state=OutgoingEmail.State.QUEUED).order_by("pk")
    return list(queued.values_list("kind", flat=True))
