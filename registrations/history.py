"""The history of places: every change to who holds what, with who made it and old → new.

Written by the services, inside the transaction that makes the change, so the history and the
places never disagree. A model of our own rather than the admin's LogEntry or a library that
copies rows on save: what changes places is the services (counters move with F() updates that
row-copying libraries do not see), and only they know who acted — an organiser, the participant
through their private link, or the site itself (a promotion when a place frees up).

Entries hold no names: a person is a link to their Participant row, shown as they are now, so an
erasure leaves "Erased participant #12"; organisers' notes on an erased person are blanked.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    class Actor(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        PARTICIPANT = "participant", _("Participant (private link)")
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

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("history")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.old} → {self.new}"


@dataclass(frozen=True)
class Actor:
    """Who makes a change: passed to every service that changes places."""

    kind: str
    user: object = None

    @classmethod
    def organiser(cls, user) -> "Actor":
        return cls(Change.Actor.ORGANISER, user)


SYSTEM = Actor(Change.Actor.SYSTEM)
PARTICIPANT = Actor(Change.Actor.PARTICIPANT)


def record(by: Actor, action: str, *, registration=None, participant=None, session=None, **what):
    """Write one entry; the registration, if given, also names its participant and session."""
    if registration is not None:
        participant = participant or registration.participant
        session = session or registration.session
    return Change.objects.create(
        actor=by.kind,
        user=by.user,
        action=action,
        registration=registration,
        participant=participant,
        session=session,
        **{key: "" if value is None else value for key, value in what.items()},
    )
