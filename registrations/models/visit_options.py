"""What organisers set per visit for the paperwork after and around the days: who signs the
certificates of attendance (a name and a signature image), and the reminder e-mail sent before
each day (on or off, and at what hour the day before)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import StudyVisit

SIGNATURE_MAX_BYTES = 512 * 1024
SIGNATURE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


class VisitOptions(models.Model):
    visit = models.OneToOneField(
        StudyVisit,
        on_delete=models.CASCADE,
        related_name="options",
        verbose_name=_("study visit"),
    )
    signatory_name = models.CharField(
        _("name of the signatory"),
        max_length=200,
        blank=True,
        help_text=_("Printed under the signature on the certificates of attendance."),
    )
    # Kept in the database, not in a media folder: nothing serves it, the PDF embeds it, a
    # second app server reads the same one and the nightly dump backs it up.
    signature_image = models.BinaryField(_("signature image"), blank=True, editable=False)
    signature_format = models.CharField(max_length=4, blank=True, editable=False)
    reminders_on = models.BooleanField(
        _("send reminders"),
        default=False,
        help_text=_(
            "The day before each day of the visit, everyone confirmed that day gets one e-mail "
            "with that day's sessions and their check-in code."
        ),
    )
    reminder_hour = models.PositiveSmallIntegerField(
        _("hour of the reminders"),
        default=18,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        help_text=_("Local time in the visit's city, the day before."),
    )

    class Meta:
        verbose_name = _("certificates and reminders")
        verbose_name_plural = _("certificates and reminders")

    def __str__(self):
        return str(self.visit)

    @property
    def has_signature(self) -> bool:
        return bool(self.signature_image)


class ReminderSent(models.Model):
    """One row per person and day whose reminder is queued: the unique key that keeps a rerun
    of `queue_reminders` (or two at once) from queuing it twice."""

    participant = models.ForeignKey(
        "registrations.Participant", on_delete=models.CASCADE, related_name="+"
    )
    day = models.ForeignKey("programme.Day", on_delete=models.CASCADE, related_name="+")
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="one_reminder_per_day")
        ]

    def __str__(self):
        return f"{self.participant_id} / {self.day_id}"
