"""The one source of attendee rows: what each export format writes, column by column.

Rows hold typed values (dates, times, numbers, text); each format decides how to show them:
`as_text` for CSV and printed sheets, typed cells for XLSX."""

import datetime
import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import date_format, get_format, time_format
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from kiss_visit.typed_text import printable
from programme.models import Day, Session, StudyVisit
from registrations.models import DietaryRequirement, Registration


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
    return RowSource().rows(registrations)


REGISTRATION_VALUES = ["pk", "session_id", "status", "attended", "created_at", "waiting_position"]
PARTICIPANT_VALUES = [
    "last_name",
    "first_name",
    "organisation",
    "country",
    "email",
    "language",
    "is_delegation",
    "dietary_requirement",
    "dietary_notes",
    "accessibility_needs",
]
SESSION_VALUES = ["start_time", "part_of_day", "kind", "day__date", "day__visit__time_zone"]
TRANSLATED_TITLES = [f"title_{code}" for code, _name in settings.LANGUAGES]


class RowSource:
    """Rows read as plain values (no model object per row), the texts every row repeats
    (statuses, countries, languages, sessions...) worked out once per export: a visit of
    25,000 registrations is written in about a second."""

    def __init__(self):
        self.sessions = {}  # id: a Session rebuilt from the first row's values
        self.countries = {}
        self.statuses = {key: str(label) for key, label in Registration.Status.choices}
        self.diets = {key: str(label) for key, label in DietaryRequirement.choices}
        self.groups = {True: str(_("Partner delegation")), False: str(_("Local"))}
        self.attendance = {value: attendance_label(value) for value in (True, False, None)}

    def values(self, registrations):
        sessions = [f"session__{name}" for name in SESSION_VALUES + TRANSLATED_TITLES]
        participants = [f"participant__{name}" for name in PARTICIPANT_VALUES]
        return registrations.values(*REGISTRATION_VALUES, *participants, *sessions).iterator(
            chunk_size=2000
        )

    def rows(self, registrations) -> Iterator[dict]:
        for values in self.values(registrations):
            yield self.row(values, self.session(values))

    def rows_by_session(self, registrations) -> Iterator[tuple[Session, Iterator[dict]]]:
        grouped = itertools.groupby(self.values(registrations), key=self.session)
        for session, group in grouped:
            yield session, (self.row(values, session) for values in group)

    def session(self, values: dict) -> Session:
        """The session of a row, from the row's values (the translated title as the model
        gives it, with its fallbacks)."""
        pk = values["session_id"]
        if pk not in self.sessions:
            visit = StudyVisit(time_zone=values["session__day__visit__time_zone"])
            day = Day(date=values["session__day__date"], visit=visit)
            fields = {name: values[f"session__{name}"] for name in SESSION_VALUES[:3]}
            titles = {name: values[f"session__{name}"] for name in TRANSLATED_TITLES}
            session = Session(pk=pk, day=day, **fields, **titles)
            session.exported = {
                "date": day.date,
                "time": printable_value(session_time(session)),
                "session": printable(session.title),
                "is_meal": session.kind == Session.Kind.MEAL,
                "zone": visit.tzinfo,
            }
            self.sessions[pk] = session
        return self.sessions[pk]

    def row(self, values: dict, session: Session) -> dict:
        """Every text printable: rows stored before the forms refused control and invisible
        characters, or written around them, must not break a format (XLSX refuses C0
        controls). Dates and times are those of the visit's time zone."""
        exported = session.exported
        person = self.person(values)
        return {
            "date": exported["date"],
            "time": exported["time"],
            "session": exported["session"],
            **person,
            "status": self.statuses[values["status"]],
            "place_in_line": values["waiting_position"],
            "dietary": self.dietary(values) if exported["is_meal"] else "",
            "accessibility": printable(values["participant__accessibility_needs"]),
            "registered_at": wall_clock(values["created_at"], exported["zone"]),
            "attended": self.attendance[values["attended"]],
        }

    def person(self, values: dict) -> dict:
        """The PERSON_COLUMNS of a row."""
        country = values["participant__country"]
        if country not in self.countries:
            self.countries[country] = printable(str(countries.name(country)) if country else "")
        language = values["participant__language"]
        return {
            "last_name": printable(values["participant__last_name"]),
            "first_name": printable(values["participant__first_name"]),
            "organisation": printable(values["participant__organisation"]),
            "country": self.countries[country],
            "email": printable(values["participant__email"]),
            "language": printable(str(LANGUAGE_NAMES.get(language, language))),
            "group": self.groups[values["participant__is_delegation"]],
        }

    def dietary(self, values: dict) -> str:
        requirement = values["participant__dietary_requirement"]
        label = self.diets.get(requirement, requirement) if requirement else ""
        return printable(" — ".join(filter(None, [label, values["participant__dietary_notes"]])))


def wall_clock(moment: datetime.datetime, zone) -> datetime.datetime:
    """The moment as a wall-clock time of the visit's city (naive: spreadsheets have no zones)."""
    return moment.astimezone(zone).replace(tzinfo=None)


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


def session_time(session) -> datetime.time | str:
    """The start time, or the part of the day where the programme gives no time yet."""
    if session.start_time:
        return session.start_time
    return str(session.get_part_of_day_display()) if session.part_of_day else ""


def as_text(value) -> str:
    """A typed value as the text a reader expects in the active language."""
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.time):  # a datetime is a date
        language = get_language()
        if isinstance(value, datetime.datetime) and not shows_seconds(language):
            value = value.replace(second=0, microsecond=0)  # the same text: read it once
        return formatted(value, language)
    return str(value)


# The format characters that show seconds or less (django.utils.dateformat).
SECOND_CHARACTERS = set("sucrUvO")


@functools.lru_cache(maxsize=16)
def shows_seconds(language: str) -> bool:
    return bool(SECOND_CHARACTERS & set(get_format("SHORT_DATETIME_FORMAT", language)))


@functools.lru_cache(maxsize=8192)
def formatted(value, language: str) -> str:
    """The text of a date, time or moment in this language: the same dates, times and minutes
    come back on thousands of rows. (`language` is the active one: part of the cache's key.)"""
    if isinstance(value, datetime.datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return time_format(value, "TIME_FORMAT")


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
    return RowSource().rows_by_session(registrations)
