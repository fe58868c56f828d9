"""Personal data that leaves: a participant's erasure, and the purge after the retention period.

Anonymous figures stay (country, language, delegation or not, statuses), so that the visit's
counts remain true; names, addresses and needs go from every table that may hold them: the
participant's row; the history of places (the organisers' notes on the person are blanked, and
the person is replaced by "[erased]" in notes on others, see mentions.py); the organisers'
messages; the admin's history; the e-mail queue's rows; sessions holding them; the admin
sign-in's attempts made with their address.
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session as BrowserSession
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation

from programme.models import StudyVisit
from registrations.domain.addresses import email_key
from registrations.domain.history import CODED_NOTES
from registrations.domain.mentions import Mentions, erased_word
from registrations.models import (
    Change,
    ExportFile,
    OutgoingEmail,
    Participant,
    Registration,
    new_manage_token,
)
from registrations.models.mailing import TEXT_FIELDS, Mailing


@dataclass
class VisitRetention:
    """What the retention policy does to one visit's participants today, and why."""

    visit: StudyVisit
    erased_from: datetime.date  # the first day the visit's data may go
    due: int  # to be anonymised
    recent: int  # kept: entered or changed in the last PERSONAL_DATA_RECENT_DAYS days
    waiting: int  # kept: the visit ended less than the retention period ago


def retention_plan(*, older_than_days: int, recent_days: int, today=None) -> list[VisitRetention]:
    """For each visit with personal data: how many participants the purge would anonymise,
    and how many it keeps, for which reason."""
    today = today or timezone.localdate()
    active = Participant.objects.active()
    ended = active.of_visits_ended_before(older_than_days=older_than_days, today=today)
    due = active.due_for_purge(
        older_than_days=older_than_days, recent_days=recent_days, today=today
    )
    counts = (
        active.values("visit")
        .annotate(
            total=Count("pk"),
            ended=Count("pk", filter=Q(pk__in=ended.values("pk"))),
            due=Count("pk", filter=Q(pk__in=due.values("pk"))),
        )
        .order_by()
    )
    by_visit = {row["visit"]: row for row in counts}
    keep = datetime.timedelta(days=older_than_days + 1)
    return [
        VisitRetention(
            visit=visit,
            erased_from=visit.end_date + keep,
            due=by_visit[visit.pk]["due"],
            recent=by_visit[visit.pk]["ended"] - by_visit[visit.pk]["due"],
            waiting=by_visit[visit.pk]["total"] - by_visit[visit.pk]["ended"],
        )
        for visit in StudyVisit.objects.filter(pk__in=by_visit).order_by("start_date", "pk")
    ]


def purge_personal_data(*, older_than_days: int, recent_days: int, today=None) -> Counter:
    """Anonymise every participant the retention policy lets go (see
    ParticipantQuerySet.due_for_purge); statuses and anonymous fields stay for the counts.
    Returns how many were anonymised, per visit id."""
    participants = Participant.objects.due_for_purge(
        older_than_days=older_than_days, recent_days=recent_days, today=today
    )
    sessions = decoded_sessions()  # decoded once, not once per person: a purge erases hundreds
    anonymised = Counter()
    for participant in participants.iterator():
        with transaction.atomic():
            # Asked again under the row's lock (the one the services take first): the person
            # may have changed their registration since the list was read.
            locked = Participant.objects.select_for_update().get(pk=participant.pk)
            if not participants.filter(pk=locked.pk).exists():
                continue
            anonymise(locked, sessions=sessions)
        anonymised[participant.visit_id] += 1
    return anonymised


def anonymise(participant: Participant, *, sessions: dict[str, str] | None = None) -> None:
    """Blank the participant's row and every other trace of them. Runs in the caller's
    transaction (which holds the participant's lock): all of it, or none. `sessions`: the
    browser sessions as decoded_sessions() gives them, if already read."""
    mentions = Mentions.of(participant)  # read before the row is blanked
    Participant.objects.filter(pk=participant.pk).update(
        first_name="",
        last_name="",
        email="",
        email_key="",
        search_text="",
        sort_name="",
        organisation="",
        dietary_requirement="",
        dietary_notes="",
        accessibility_needs="",
        manage_token=new_manage_token(),
        erased_at=timezone.now(),
    )
    # Organisers' notes (a reason to move someone in line) may name or describe the person.
    Change.objects.filter(participant=participant).exclude(note__in=CODED_NOTES).update(note="")
    forget_emails(participant)
    forget_name_in_admin_history(participant)
    forget_mentions(mentions)
    forget_mentions_in_emails(mentions)
    forget_browser_sessions(mentions, decoded_sessions() if sessions is None else sessions)
    forget_sign_in_attempts(mentions.key)
    # Prepared files of the visit may list the person: all of them go (they are rebuilt on
    # request, from what is left).
    ExportFile.objects.filter(visit_id=participant.visit_id).delete()


def forget_emails(participant: Participant) -> None:
    """The outbox holds no address or body; a mail server's error text might still quote the
    person (their name beside the masked address): blanked. What was still to leave, won't."""
    emails = OutgoingEmail.objects.filter(participant=participant)
    emails.update(last_error="")
    emails.filter(state=OutgoingEmail.State.QUEUED).update(state=OutgoingEmail.State.SKIPPED)


def forget_name_in_admin_history(participant: Participant) -> None:
    """The admin's history keeps each object's name as it was when logged: replace the
    participant's, on their own entries and on their registrations'."""
    erased = Participant.objects.get(pk=participant.pk)
    with translation.override(settings.LANGUAGE_CODE):
        name = str(erased)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant), object_id=str(erased.pk)
    )
    entries.update(object_repr=name)
    for registration in erased.registrations.select_related("session"):
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Registration),
            object_id=str(registration.pk),
        ).update(object_repr=f"{name} — {registration.session.title_fr}")


def forget_mentions(mentions: Mentions) -> None:
    """The person, named in what organisers wrote or the admin logged about others: replaced by
    "[erased]" in the language of the text (the site's, English for the English texts)."""
    word = erased_word(settings.LANGUAGE_CODE)
    texts = TEXT_FIELDS
    for mailing in Mailing.objects.filter(mentions.filter(*texts)):
        for field in texts:
            # "[erased]" in the language of the text: subject_es → Spanish.
            in_its_language = erased_word(field.rpartition("_")[2])
            setattr(mailing, field, mentions.replaced(getattr(mailing, field), in_its_language))
        mailing.save(update_fields=texts)
    notes = Change.objects.filter(mentions.filter("note")).exclude(note__in=CODED_NOTES)
    for change in notes.only("note"):
        Change.objects.filter(pk=change.pk).update(note=mentions.replaced(change.note, word))
    for entry in LogEntry.objects.filter(mentions.filter("object_repr", "change_message")):
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=mentions.replaced(entry.object_repr, word)[:200],
            change_message=replaced_in_change_message(mentions, entry.change_message, word),
        )


def replaced_in_change_message(mentions: Mentions, message: str, word: str) -> str:
    """The admin stores its change messages as JSON (non-ASCII escaped), or as plain text."""
    try:
        return json.dumps(mentions.replaced_in_json(json.loads(message), word))
    except ValueError:
        return mentions.replaced(message, word)


def forget_mentions_in_emails(mentions: Mentions) -> None:
    """The outbox keeps each e-mail's subject (an organiser's message may name the person in
    it, sent to others too) and a mail server's error (which may quote them beside the masked
    address): the person replaced by "[erased]" there as well."""
    word = erased_word(settings.LANGUAGE_CODE)
    for email in OutgoingEmail.objects.filter(mentions.filter("subject", "last_error")):
        OutgoingEmail.objects.filter(pk=email.pk).update(
            subject=mentions.replaced(email.subject, word),
            last_error=mentions.replaced(email.last_error, word),
        )


def decoded_sessions() -> dict[str, str]:
    """{key: what the session holds, as text}: sessions are signed blobs, found by their key
    only, so looking for a person in them means reading each."""
    return {
        session.pk: json.dumps(session.get_decoded(), ensure_ascii=False, default=str)
        for session in BrowserSession.objects.iterator()
    }


def forget_browser_sessions(mentions: Mentions, sessions: dict[str, str]) -> None:
    """Delete the sessions that hold the person's name or address (none should: the site keeps
    neither in a session; see registrations/public/receipt.py), and forget them in `sessions`."""
    holding = [key for key, text in sessions.items() if mentions.named_in(text)]
    BrowserSession.objects.filter(pk__in=holding).delete()
    for key in holding:
        del sessions[key]


def forget_sign_in_attempts(key: str) -> None:
    """Someone who typed their address at the organisers' sign-in left it in django-axes'
    records (the user name, and the form's data): delete those whose user name is their mailbox."""
    if not key:
        return
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        typed = model.objects.filter(username__contains="@").values_list("pk", "username")
        model.objects.filter(pk__in=[pk for pk, name in typed if email_key(name) == key]).delete()
