"""A participant's sign-up for one session: confirmed, waiting (with a place in the line) or
cancelled, and whether they came."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programme.models import Session
from registrations.models.participant import Participant
from registrations.models.querysets import RegistrationQuerySet


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Place(models.TextChoices):
        LOCAL = "local", _("Local place")
        DELEGATION = "delegation", _("Delegation place")

    participant = models.ForeignKey(
        Participant,
        # Deleting rows would leave the sessions' counters wrong: erase through the services.
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("participant"),
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("session")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    # Order in the session's waiting list: given under the session's lock when someone joins
    # (one more than the last); an organiser moving someone swaps two ranks. A place in line is
    # counted from it (see with_waiting_position), so nobody's rank is rewritten when someone
    # ahead leaves.
    waiting_rank = models.PositiveBigIntegerField(
        _("rank in the waiting list"), null=True, blank=True
    )
    # Which of the session's counters a confirmed registration counts in, decided when the place
    # is given. Freeing the place moves the same counter, whatever became of the participant's
    # delegation flag meanwhile.
    place = models.CharField(
        _("kind of place"), max_length=10, choices=Place.choices, default=Place.LOCAL
    )
    attended = models.BooleanField(
        _("attended"), null=True, blank=True, help_text=_("Empty: not recorded yet.")
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        permissions = [("export_attendees", _("Can export attendee lists and sign-in sheets"))]
        ordering = ["session__day__date", "session__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "session"],
                condition=~Q(status="cancelled"),
                name="one_live_registration_per_participant_and_session",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting", waiting_since__isnull=False)
                | (~Q(status="waiting") & Q(waiting_since__isnull=True)),
                name="waiting_registrations_have_a_place_in_line",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting", waiting_rank__isnull=False)
                | (~Q(status="waiting") & Q(waiting_rank__isnull=True)),
                name="waiting_registrations_have_a_rank",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        return f"{self.participant} — {self.session}"

    @property
    def is_live(self) -> bool:
        return self.status != self.Status.CANCELLED
