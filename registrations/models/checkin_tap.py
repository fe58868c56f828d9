"""A tap on a check-in page made on a phone, possibly without network, and sent later: kept so
that a tap sent twice changes things once, and so that, of two organisers' taps on the same
person, the one made last decides (registrations/services/offline_checkin.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from registrations.models.registration import Registration


class CheckinTap(models.Model):
    tap = models.UUIDField(_("tap"), unique=True, help_text=_("Made by the phone, once per tap."))
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="checkin_taps",
        verbose_name=_("registration"),
    )
    present = models.BooleanField(_("present"))
    tapped_at = models.DateTimeField(_("tapped at (phone's clock)"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    applied = models.BooleanField(
        _("applied"), help_text=_("False when a tap made later had already decided.")
    )

    class Meta:
        verbose_name = _("check-in tap")
        verbose_name_plural = _("check-in taps")
        indexes = [models.Index(fields=["registration", "tapped_at"], name="checkin_tap_latest")]

    def __str__(self):
        return str(self.tap)
