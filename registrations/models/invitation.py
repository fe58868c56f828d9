"""Delegation invitations: a private link an organiser gives a partner organisation or a person.
Whoever registers through it is a confirmed delegation member at once and takes the places kept
for the partners, as long as the link has uses left, has not ended and was not revoked.

A use is counted in the transaction of the sign-up, with the invitation's row locked
(registrations/services/invitations.py); the database refuses more uses than allowed.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.models import StudyVisit


def new_invitation_token() -> str:
    """256 random bits, URL-safe, never derived from an id: the invitation's private link."""
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Invitations someone may register through now: not revoked, not ended, uses left."""
        now = now or timezone.now()
        return self.filter(
            revoked_at__isnull=True, ends_at__gt=now, uses_count__lt=F("uses_allowed")
        )


class DelegationInvitation(models.Model):
    visit = models.ForeignKey(
        StudyVisit,
        on_delete=models.PROTECT,
        related_name="delegation_invitations",
        verbose_name=_("study visit"),
    )
    label = models.CharField(
        _("for whom"),
        max_length=200,
        help_text=_("The partner organisation or the person it is for: only organisers see it."),
    )
    uses_allowed = models.PositiveIntegerField(
        _("number of uses"), help_text=_("How many people may register through it.")
    )
    uses_count = models.PositiveIntegerField(_("uses"), default=0, editable=False)
    ends_at = models.DateTimeField(_("valid until"))
    token = models.CharField(
        _("private link key"),
        max_length=64,
        unique=True,
        default=new_invitation_token,
        editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation invitation")
        verbose_name_plural = _("delegation invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The backstop: a link never serves more people than it allows.
            models.CheckConstraint(
                condition=Q(uses_count__lte=F("uses_allowed")),
                name="invitation_never_overused",
            ),
        ]

    def __str__(self):
        return str(self.label)

    @property
    def uses_left(self) -> int:
        return max(0, self.uses_allowed - self.uses_count)

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.ends_at > now and self.uses_left > 0

    def path(self) -> str:
        """The public address of the invitation, in the active language."""
        return reverse(
            "registrations:invitation", kwargs={"visit": self.visit.slug, "token": self.token}
        )
