"""Messages from the organisers to the people of a session, a day or the whole visit: either
those with a place or those on the waiting list.

A Mailing is written, previewed, then sent once: `sent_at` is set in the transaction that queues
its e-mails (registrations/services/messaging.py), so sending it again queues nothing.
Organisers write the subject and text in any of the five languages (at least one); each reader
gets their own language if it was written, else English, else French, else the first written in
the site's order of languages (`text_for`, `LANGUAGES_READ`).
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
    subject_fr = models.CharField(_("subject (French)"), max_length=150, blank=True)
    body_fr = models.TextField(_("text (French)"), max_length=5000, blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=150, blank=True)
    body_en = models.TextField(_("text (English)"), max_length=5000, blank=True)
    subject_es = models.CharField(_("subject (Spanish)"), max_length=150, blank=True)
    body_es = models.TextField(_("text (Spanish)"), max_length=5000, blank=True)
    subject_it = models.CharField(_("subject (Italian)"), max_length=150, blank=True)
    body_it = models.TextField(_("text (Italian)"), max_length=5000, blank=True)
    subject_el = models.CharField(_("subject (Greek)"), max_length=150, blank=True)
    body_el = models.TextField(_("text (Greek)"), max_length=5000, blank=True)
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
        return self.subject

    @property
    def subject(self) -> str:
        """The subject as organisers name the message: the first language written."""
        written = self.languages_written()
        return getattr(self, f"subject_{written[0]}") if written else ""

    def languages_written(self) -> list[str]:
        """The languages with a subject and a text, in the site's order (fr, en, es, it, el)."""
        return [
            code
            for code in LANGUAGE_CODES
            if getattr(self, f"subject_{code}").strip() and getattr(self, f"body_{code}").strip()
        ]

    def language_read(self, language: str) -> str | None:
        """The language whose text a reader of `language` gets: their own if written, else
        English, else French, else the first written; None if nothing is written."""
        written = self.languages_written()
        for code in (language, "en", "fr", *written):
            if code in written:
                return code
        return None

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

    def text_for(self, language: str) -> tuple[str, str, str]:
        """(subject, text, language of the text) for a reader of `language` (see language_read)."""
        code = self.language_read(language) or language
        return getattr(self, f"subject_{code}"), getattr(self, f"body_{code}"), code


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# The model's fields of each language, in the site's order: what the form shows and erasure reads.
TEXT_FIELDS = [field for code in LANGUAGE_CODES for field in (f"subject_{code}", f"body_{code}")]
