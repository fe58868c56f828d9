"""The people-level rows: one per person, with the sessions they come to or wait for, for the
same writers as the attendee rows (CSV, XLSX); the badges read the same people."""

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _

from registrations.exports.rows import (
    NEEDS_COLUMNS,
    PERSON_COLUMNS,
    Column,
    as_text,
    dietary_needs,
    person_fields,
    printable_value,
    session_time,
)
from registrations.models import Participant, Registration

PEOPLE_COLUMNS = [
    *PERSON_COLUMNS,
    *NEEDS_COLUMNS,
    Column("confirmed_count", _("Number of sessions"), width=12),
    Column("sessions", _("Sessions"), width=60),
    Column("waiting", _("On the waiting list for"), width=40),
]


def people_for_export(sessions, *, confirmed_only: bool = False, people=None):
    """People with a live registration (or a confirmed one) in the sessions, or the `people`
    given (e.g. those an organiser selected), by name, each with those registrations in
    programme order: two queries per 2,000 people."""
    registrations = Registration.objects.live().filter(session__in=sessions)
    if confirmed_only:
        registrations = registrations.confirmed()
    if people is None:
        people = Participant.objects.filter(
            Exists(registrations.filter(participant=OuterRef("pk")))
        )
    return (
        people.select_related("visit")
        .order_by("sort_name", "last_name", "first_name", "pk")
        .prefetch_related(
            Prefetch(
                "registrations",
                queryset=registrations.select_related("session__day").in_programme_order(),
                to_attr="exported_registrations",
            )
        )
    )


def people_rows(people) -> Iterator[dict]:
    """One dict per person, keyed like PEOPLE_COLUMNS, in the active language."""
    for participant in people.iterator(chunk_size=2000):
        yield person_row(participant)


def person_row(participant: Participant) -> dict:
    registrations = participant.exported_registrations
    confirmed = [r.session for r in registrations if r.status == Registration.Status.CONFIRMED]
    waiting = [r.session for r in registrations if r.status == Registration.Status.WAITING]
    row = {
        **person_fields(participant),
        "dietary": dietary_needs(participant),
        "accessibility": participant.accessibility_needs,
        "confirmed_count": len(confirmed),
        "sessions": "; ".join(session_label(session) for session in confirmed),
        "waiting": "; ".join(session_label(session) for session in waiting),
    }
    return {key: printable_value(value) for key, value in row.items()}


def session_label(session) -> str:
    """E.g. "02/19/2018 9:30 a.m. Urban farm tour": what the reader needs to tell sessions apart."""
    when = " ".join(filter(None, [as_text(session.day.date), as_text(session_time(session))]))
    return f"{when} {session.title}"
