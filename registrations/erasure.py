"""Personal data that leaves: a participant's erasure, and the purge after the retention period.

Anonymous figures stay (country, language, delegation or not, statuses), so that the visit's
counts remain true; names, addresses and needs go: from the participant's row, from the admin's
history, and from the history of places (whose entries hold no names: the organisers' notes on
the person are blanked).
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation

from programme.models import StudyVisit

from .history import OVER_CAPACITY, WALK_IN, WALK_IN_OVER_CAPACITY, Change
from .models import Participant, Registration, new_manage_token

# Notes written by the site itself, as codes: they name nobody, and the history needs them.
CODED_NOTES = (OVER_CAPACITY, WALK_IN, WALK_IN_OVER_CAPACITY)


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
    anonymised = Counter()
    for participant in participants.iterator():
        with transaction.atomic():
            # Asked again under the row's lock (the one the services take first): the person
            # may have changed their registration since the list was read.
            locked = Participant.objects.select_for_update().get(pk=participant.pk)
            if not participants.filter(pk=locked.pk).exists():
                continue
            anonymise(locked)
        anonymised[participant.visit_id] += 1
    return anonymised


def anonymise(participant: Participant) -> None:
    Participant.objects.filter(pk=participant.pk).update(
        first_name="",
        last_name="",
        email="",
        email_key="",
        search_text="",
        organisation="",
        dietary_requirement="",
        dietary_notes="",
        accessibility_needs="",
        manage_token=new_manage_token(),
        erased_at=timezone.now(),
    )
    # Organisers' notes (a reason to move someone in line) may name or describe the person.
    Change.objects.filter(participant=participant).exclude(note__in=CODED_NOTES).update(note="")
    forget_name_in_admin_history(participant)


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
