"""What the cells of an imported file mean: columns named as in our exports (in any of the five
languages, or by their key), and values written as the exports write them (a language, a
country, "Partner delegation" or "Local", a dietary need, sessions) in any of the languages."""

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from programme.models import Session
from registrations.domain.search import fold
from registrations.exports.people import PEOPLE_COLUMNS, session_label
from registrations.exports.rows import COLUMNS, as_text
from registrations.models import DietaryRequirement

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
READ = {
    "last_name",
    "first_name",
    "organisation",
    "country",
    "email",
    "language",
    "group",
    "dietary",
    "accessibility",
    "sessions",
    "waiting",
    "session",
    "date",
}
REQUIRED = ["last_name", "first_name", "email"]
SESSION_KEYS = ("sessions", "waiting", "session")
YES = {"1", "x", "yes", "oui", "si", "sì", "ναι", "true"}
NO = {"0", "no", "non", "οχι", "όχι", "false"}


def in_every_language(texts) -> dict[str, str]:
    """{folded text in each site language: value} for `texts`, a function giving (text, value)
    pairs in the active language."""
    found = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            for text, value in texts():
                found.setdefault(fold(str(text)).strip(), value)
    return found


def column_names() -> dict[str, str]:
    def labels():
        for column in [*PEOPLE_COLUMNS, *COLUMNS]:
            if column.key in READ:
                yield column.label, column.key
                yield column.key, column.key

    return in_every_language(labels)


def header_keys(header: list[str]) -> tuple[dict[int, str], list[str]]:
    """{column index: key} of the columns read, and the names of those left out. Raises
    ValueError with the message if a required column is missing."""
    names = column_names()
    keys, ignored = {}, []
    for index, name in enumerate(header):
        key = names.get(fold(name).strip())
        if key and key not in keys.values():
            keys[index] = key
        elif name:
            ignored.append(name)
    labels = {column.key: str(column.label) for column in PEOPLE_COLUMNS}
    missing = [labels[key] for key in REQUIRED if key not in keys.values()]
    if missing:
        raise ValueError(
            _("Columns missing: %(columns)s. The first line names the columns, as in the exports.")
            % {"columns": ", ".join(missing)}
        )
    return keys, ignored


class Vocabulary:
    """The values of a visit's file, read in any site language: built once per file."""

    def __init__(self, visit):
        self.languages = {
            **{code: code for code in LANGUAGE_CODES},
            **in_every_language(lambda: [(name, code) for code, name in settings.LANGUAGES]),
        }
        self.countries = in_every_language(lambda: [(name, code) for code, name in countries])
        self.groups = {
            **dict.fromkeys(YES, True),
            **dict.fromkeys(NO, False),
            **in_every_language(
                lambda: [(_("Partner delegation"), True), (_("Local"), False), ("", False)]
            ),
        }
        self.dietary = in_every_language(
            lambda: [(label, value) for value, label in DietaryRequirement.choices if value]
        )
        self.sessions = list(Session.objects.filter(day__visit=visit).select_related("day"))
        self.session_names = self.names_of_sessions()
        self.dates = in_every_language(
            lambda: [(as_text(s.day.date), s.day.date) for s in self.sessions]
        )

    def names_of_sessions(self) -> dict[str, list[Session]]:
        """Each way a file may name a session: its slug, its title in each language, with its
        day ("Mon 19 Feb — Dinner"), or as the people export writes it (date, time, title)."""
        names = {}

        def add(text, session):
            named = names.setdefault(fold(str(text)).strip(), [])
            if session not in named:
                named.append(session)

        for session in self.sessions:
            add(session.slug, session)
            for code in LANGUAGE_CODES:
                with translation.override(code):
                    add(session.title, session)
                    add(str(session), session)
                    add(session_label(session), session)
        return names

    def language(self, text: str) -> str | None:
        return self.languages.get(fold(text).strip())

    def country(self, text: str) -> str | None:
        if text.upper() in dict(countries):
            return text.upper()
        return self.countries.get(fold(text).strip())

    def delegation(self, text: str) -> bool | None:
        return self.groups.get(fold(text).strip())

    def dietary_needs(self, text: str) -> tuple[str, str]:
        """(requirement, details) from "Vegetarian", "Allergy (please describe) — nuts" or
        words of the person's own (then "other", with those words)."""
        label, _dash, details = text.partition(" — ")
        requirement = self.dietary.get(fold(label).strip())
        if requirement is None:
            return (DietaryRequirement.OTHER, text) if text else ("", "")
        return requirement, details.strip()

    def find_sessions(self, names: list[str], date: str) -> tuple[list[int], list[str]]:
        """The sessions named, and an error for each name that is unknown or names several
        sessions (then the row's date, if it has one, decides)."""
        found, errors = [], []
        day = self.dates.get(fold(date).strip()) or self.iso_date(date)
        for name in names:
            sessions = self.session_names.get(fold(name).strip(), [])
            if len(sessions) > 1 and day:
                sessions = [s for s in sessions if s.day.date == day]
            if not sessions:
                errors.append(_("Unknown session: “%(name)s”.") % {"name": name})
            elif len(sessions) > 1:
                several = _("“%(name)s” names several sessions: write its day, e.g. “%(example)s”.")
                errors.append(several % {"name": name, "example": sessions[0]})
            elif sessions[0].pk not in found:
                found.append(sessions[0].pk)
        return found, errors

    @staticmethod
    def iso_date(text: str):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None


def split_sessions(text: str) -> list[str]:
    return [name.strip() for name in text.replace("\n", ";").split(";") if name.strip()]
