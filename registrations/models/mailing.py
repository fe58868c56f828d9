"""Messages from the organisers to the people of a session, a day or the whole visit: either
those with a place or those on the waiting list.

A Mailing is written, previewed, then sent once: `sent_at` is set in the transaction that queues
its e-mails (registrations/services/messaging.py), so sending it again queues nothing.
Organisers write in French and English; the other languages read the English text (`text_for`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import Day, Session, StudyVisit
from registrations.models.participant import Participant


class Mailing(models.Model):
    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("People with a place")
        WAITING = "waiting", _("People on the waiting list")

    visit = models.ForeignKey(
        StudyVisit, on_delete=models.CASCADE, related_name="+", verbose_name=_("study visit")
    )
    day = models.ForeignKey(
        Day, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("day")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("session")
    )
    audience = models.CharField(_("to"), max_length=10, choices=Audience.choices)
    subject_fr = models.CharField(_("subject (French)"), max_length=150)
    body_fr = models.TextField(_("text (French)"), max_length=5000)
    subject_en = models.CharField(_("subject (English)"), max_length=150)
    body_en = models.TextField(_("text (English)"), max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("message to attendees")
        verbose_name_plural = _("messages to attendees")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject_fr

    @property
    def subject_of(self):
        """The session, day or visit written about."""
        return self.session or self.day or self.visit

    def sessions(self):
        if self.session_id:
            return Session.objects.filter(pk=self.session_id)
        if self.day_id:
            return Session.objects.filter(day=self.day_id)
        return Session.objects.filter(day__visit=self.visit_id)

    def recipients(self):
        """The people it goes to, each once, by name: not erased, with a registration of the
        chosen status (a cancelled one counts for neither) in one of its sessions."""
        return (
            Participant.objects.active()
            .filter(
                registrations__session__in=self.sessions(),
                registrations__status=self.audience,
            )
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )

    def text_for(self, language: str) -> tuple[str, str]:
        """(subject, text) for a reader of `language`: French for French, English for all others."""
        if language == "fr":
            return self.subject_fr, self.body_fr
        return self.subject_en, self.body_en
