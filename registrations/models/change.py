"""The history of places: one row per change to who holds what (see
registrations/domain/history.py for how a change is recorded and described)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeQuerySet(models.QuerySet):
    def for_display(self):
        """With what describe() and the history tables name: no query per entry."""
        return self.select_related("user", "participant", "session__day", "from_session__day")


class Change(models.Model):
    class Actor(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        PARTICIPANT = "participant", _("Participant (private link)")
        PUBLIC_FORM = "public_form", _("Participant (public form)")
        SYSTEM = "system", _("The site")

    class Action(models.TextChoices):
        SIGNED_UP = "signed_up", _("Signed up")
        PROMOTED = "promoted", _("Promoted from the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        RESTORED = "restored", _("Restored")
        MOVED = "moved", _("Moved to another session")
        LINE = "line", _("Place in the waiting list")
        ATTENDANCE = "attendance", _("Attendance")
        CAPACITY = "capacity", _("Capacity")
        DELEGATION = "delegation", _("Delegation membership")
        EMAIL = "email", _("E-mail sent again")
        ERASED = "erased", _("Personal data erased")
        MESSAGE = "message", _("Message to attendees")
        INVITATION = "invitation", _("Delegation invitation used")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.CharField(_("by"), max_length=12, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser"),
    )
    action = models.CharField(_("what"), max_length=12, choices=Action.choices)
    participant = models.ForeignKey(
        "registrations.Participant",
        on_delete=models.CASCADE,
        null=True,
        related_name="changes",
        verbose_name=_("participant"),
    )
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.CASCADE,
        null=True,
        related_name="changes",
        verbose_name=_("registration"),
    )
    session = models.ForeignKey(
        "programme.Session",
        on_delete=models.CASCADE,
        null=True,
        related_name="changes",
        verbose_name=_("session"),
    )
    # A move names the session left here (`session` is the one joined).
    from_session = models.ForeignKey(
        "programme.Session",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name=_("from session"),
    )
    old = models.CharField(_("before"), max_length=100, blank=True)
    new = models.CharField(_("after"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("history")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.old} → {self.new}"
