"""Whole-visit files built in the background (`manage.py build_exports`): at tens of thousands
of registrations an XLSX or a PDF takes longer than a request may last behind nginx. The
organiser asks for one on the dashboard, the worker builds it, the dashboard offers it.

The content holds personal data: it is kept a day (delete_expired), and erasing anyone of the
visit deletes every file of it (registrations/domain/erasure.py)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEPT_FOR = datetime.timedelta(days=1)


class ExportFileQuerySet(models.QuerySet):
    def due(self, now=None):
        """Waiting, or held by a worker whose lease ran out (killed, or lost its database)."""
        now = now or timezone.now()
        State = ExportFile.State
        return self.filter(Q(state=State.WAITING) | Q(state=State.BUILDING, lease_until__lt=now))

    def expired(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - KEPT_FOR)


class ExportFile(models.Model):
    class Kind(models.TextChoices):
        XLSX = "xlsx", _("attendees (XLSX)")
        SIGNIN_PDF = "pdf", _("sign-in sheets (PDF)")
        BADGES = "badges", _("name badges (PDF)")

    class State(models.TextChoices):
        WAITING = "waiting", _("being prepared")
        BUILDING = "building", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    visit = models.ForeignKey(
        "programme.StudyVisit", on_delete=models.CASCADE, related_name="export_files"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    language = models.CharField(max_length=8)  # the organiser's, for headings and file name
    badge_language = models.CharField(max_length=8, blank=True)  # "": each wearer's own
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    lease_until = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(default=b"", editable=False)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExportFileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("prepared file")
        verbose_name_plural = _("prepared files")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_state_display()})"

    @property
    def in_progress(self) -> bool:
        return self.state in {self.State.WAITING, self.State.BUILDING}
