"""The outbox: every e-mail the site promises, one row per person per e-mail, written in the
transaction of the change that causes it, and sent on its own by `manage.py send_emails`
(registrations/emails/delivery.py).

A row holds ids and a kind, never an address or a body: the e-mail is rendered when it is sent,
from fresh data, so an erased participant leaves nothing here to find, and queuing costs one
small insert. The subject is kept once sent, for organisers: it names the visit, a session or
the organisers' own words, never the person. A mail server's refusal may name the address: it
is stored masked (delivery.masked).
"""

import datetime

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registrations.models.mailing import Mailing


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """What a worker may take now: queued and due, or held by a worker whose lease ran out
        (it was killed, or lost its database) and is taken up again."""
        now = now or timezone.now()
        State = OutgoingEmail.State
        return self.filter(
            Q(state=State.QUEUED, next_attempt_at__lte=now)
            | Q(state=State.SENDING, lease_until__lt=now)
        )

    def for_nobody(self, *, older_than_days: int):
        """Private links asked for an address nobody registered, done with: a trace of no use."""
        since = timezone.now() - datetime.timedelta(days=older_than_days)
        return self.filter(participant=None, queued_at__lt=since).exclude(
            state__in=[OutgoingEmail.State.QUEUED, OutgoingEmail.State.SENDING]
        )

    def counts(self) -> dict[str, int]:
        """{state: number of e-mails} for every state, zeros included."""
        found = dict(self.order_by().values_list("state").annotate(n=Count("pk")))
        return {state: found.get(state, 0) for state in OutgoingEmail.State.values}


class OutgoingEmail(models.Model):
    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation")
        CANCELLATION = "cancellation", _("Cancellation")
        PROMOTION = "promotion", _("Place from the waiting list")
        MANAGE_LINK = "manage_link", _("Private link")
        MAILING = "mailing", _("Message to attendees")
        REMINDER = "reminder", _("Reminder of the day's sessions")
        CERTIFICATE = "certificate", _("Certificate of attendance")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Not sent on purpose: the person was erased, the hourly limit of their mailbox was
        # reached, or nobody has the address a private link was asked for.
        SKIPPED = "skipped", _("Not sent")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Empty only for a private link asked for an address nobody registered: the request
    # queues it all the same, so that its timing does not tell who is registered.
    participant = models.ForeignKey(
        "registrations.Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("participant"),
    )
    mailing = models.ForeignKey(
        Mailing,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("message to attendees"),
    )
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registration"),
    )
    # Small flags for the template (updated, tried_again) and whether the hourly limit applies.
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    last_error = models.CharField(_("error"), max_length=500, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


def queue_email(kind: str, participant_id: int | None, **fields) -> OutgoingEmail:
    """Record one e-mail to send: call it inside the transaction of the change it announces, so
    that it leaves if and only if the change is committed."""
    return OutgoingEmail.objects.create(kind=kind, participant_id=participant_id, **fields)
