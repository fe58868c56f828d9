"""The one source of attendee rows: what each export format writes, column by column.

Rows hold typed values (dates, times, numbers, text); each format decides how to show them:
`as_text` for CSV and printed sheets, typed cells for XLSX."""

import datetime
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kiss_visit.typed_text import printable
from programme.models import Session
from registrations.models import Registration


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    width: int = 22  # in a spreadsheet, characters


# Who the person is: the same columns in the attendee rows and the people rows (people.py).
PERSON_COLUMNS = [
    Column("last_name", _("Last name")),
    Column("first_name", _("First name")),
    Column("organisation", _("Organisation")),
    Column("country", _("Country")),
    Column("email", _("E-mail")),
    Column("language", _("Language")),
    Column("group", _("Delegation or local")),
]
NEEDS_COLUMNS = [
    Column("dietary", _("Dietary needs")),
    Column("accessibility", _("Accessibility needs")),
]
COLUMNS = [
    Column("date", _("Date"), width=12),
    Column("time", _("Time"), width=12),
    Column("session", _("Session")),
    *PERSON_COLUMNS,
    Column("status", _("Status")),
    Column("place_in_line", _("Place in line"), width=8),
    *NEEDS_COLUMNS,
    Column("registered_at", _("Registered at")),
    Column("attended", _("Attended")),
]

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def header(columns=COLUMNS) -> list[str]:
    return [str(column.label) for column in columns]


def registrations_for_export(sessions):
    """Live registrations of the sessions, confirmed first then the waiting list in order,
    read in chunks so that a list of any length streams."""
    return (
        Registration.objects.live()
        .filter(session__in=sessions)
        .select_related("participant", "session__day__visit", "session__venue")
        .with_waiting_position()
        .order_by(
            "session__day__date",
            "session__order",
            "session__pk",
            "status",
            # confirmed people by name; people waiting in the order they will be served, which
            # an organiser may have changed (their rank, as in the admin; not their sign-up)
            "waiting_rank",
            "participant__sort_name",  # as readers sort names: Ñúñez among the N's
            "participant__last_name",
            "participant__first_name",
            "pk",
        )
    )


def attendee_rows(registrations) -> Iterator[dict]:
    """One dict per registration, keyed like COLUMNS, in the active language."""
    for registration in registrations.iterator(chunk_size=2000):
        yield attendee_row(registration)


def attendee_row(registration: Registration) -> dict:
    """Every text printable: rows stored before the forms refused control and invisible
    characters, or written around them, must not break a format (XLSX refuses C0 controls).
    Dates and times are those of the visit's time zone."""
    participant, session = registration.participant, registration.session
    row = {
        "date": session.day.date,
        "time": session_time(session),
        "session": session.title,
        **person_fields(participant),
        "status": registration.get_status_display(),
        "place_in_line": registration.waiting_position,
        "dietary": dietary_needs(participant) if session.kind == Session.Kind.MEAL else "",
        "accessibility": participant.accessibility_needs,
        "registered_at": local_time(registration.created_at, session.day.visit),
        "attended": attendance_label(registration.attended),
    }
    return {key: printable_value(value) for key, value in row.items()}


def person_fields(participant) -> dict:
    """The PERSON_COLUMNS of a row."""
    return {
        "last_name": participant.last_name,
        "first_name": participant.first_name,
        "organisation": participant.organisation,
        "country": participant.country.name if participant.country else "",
        "email": participant.email,
        "language": str(LANGUAGE_NAMES.get(participant.language, participant.language)),
        "group": str(_("Partner delegation") if participant.is_delegation else _("Local")),
    }


def printable_value(value):
    return printable(value) if isinstance(value, str) else value


def local_time(moment: datetime.datetime, visit) -> datetime.datetime:
    """The moment as a wall-clock time of the visit's city (naive: spreadsheets have no zones)."""
    return timezone.localtime(moment, visit.tzinfo).replace(tzinfo=None)


def session_time(session) -> datetime.time | str:
    """The start time, or the part of the day where the programme gives no time yet."""
    if session.start_time:
        return session.start_time
    return str(session.get_part_of_day_display()) if session.part_of_day else ""


def as_text(value) -> str:
    """A typed value as the text a reader expects in the active language."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, datetime.time):
        return time_format(value, "TIME_FORMAT")
    return str(value)


def dietary_needs(participant) -> str:
    return " — ".join(
        filter(
            None,
            [
                participant.get_dietary_requirement_display()
                if participant.dietary_requirement
                else "",
                participant.dietary_notes,
            ],
        )
    )


def attendance_label(attended) -> str:
    return {True: str(_("Yes")), False: str(_("No-show")), None: ""}[attended]


def rows_by_session(registrations) -> Iterator[tuple[Session, Iterator[dict]]]:
    """The same rows, grouped session by session (registrations come ordered by session)."""
    grouped = itertools.groupby(registrations.iterator(chunk_size=2000), key=lambda r: r.session)
    for session, group in grouped:
        yield session, (attendee_row(registration) for registration in group)
