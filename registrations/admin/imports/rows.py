"""Each line of an imported file checked as the hand sign-up form checks what an organiser types
(registrations/admin/forms.py, itself the public form's checks): the same fields, typed-text
rules, address check and dietary rule. A line that fails says why, in its own words: the
column, the value it holds, and what is wrong with it."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from registrations.admin.forms import OrganiserRegistrationForm
from registrations.admin.imports.columns import SESSION_KEYS, Vocabulary, split_sessions
from registrations.domain.addresses import email_key
from registrations.exports.people import PEOPLE_COLUMNS
from registrations.exports.rows import COLUMNS
from registrations.services.importing import PersonToImport

FIELD_COLUMNS = {  # form field: the column its value comes from
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "organisation": "organisation",
    "country": "country",
    "language": "language",
    "is_delegation": "group",
    "dietary_requirement": "dietary",
    "dietary_notes": "dietary",
    "accessibility_needs": "accessibility",
    "sessions": "sessions",
}


class ImportRowForm(OrganiserRegistrationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].error_messages["required"] = _("No session given.")


@dataclass
class CheckedLine:
    line: int
    cells: dict  # key: text
    errors: list[str] = field(default_factory=list)
    person: PersonToImport | None = None
    same_as: int | None = None  # the line of the same person, whose sessions it adds to

    @property
    def name(self) -> str:
        return f"{self.cells.get('first_name', '')} {self.cells.get('last_name', '')}".strip()


@dataclass(frozen=True)
class ImportChoices:
    visit: object
    default_language: str
    join_waiting_list: bool
    notify: bool


def check_lines(table, keys: dict[int, str], choices: ImportChoices) -> list[CheckedLine]:
    """Every line after the header, checked; lines of a person already met merged into theirs."""
    vocabulary = Vocabulary(choices.visit)
    checked, seen = [], {}
    for number, row in enumerate(table[1:], start=2):
        cells = {key: row[index] for index, key in keys.items() if index < len(row)}
        line = check_line(CheckedLine(number, cells), vocabulary, choices)
        if line.person is not None:
            merge_same_person(line, seen)
        checked.append(line)
    return checked


def check_line(line: CheckedLine, vocabulary: Vocabulary, choices) -> CheckedLine:
    data, errors, sessions_misnamed = form_data(line.cells, vocabulary, choices)
    form = ImportRowForm(data, sessions=vocabulary.sessions)
    valid = form.is_valid()
    for name, messages in form.errors.items():
        if name == "sessions" and sessions_misnamed:
            continue  # the sessions named were unknown: "No session given" would mislead
        label = form.fields[name].label if name in form.fields else ""
        value = line.cells.get(FIELD_COLUMNS.get(name, ""), "")
        for message in messages:
            errors.append(said_of(label, value, message))
    line.errors = errors
    if valid and not errors:
        line.person = PersonToImport(
            line=line.line,
            details=form.participant_details(),
            session_ids=list(form.cleaned_data["sessions"]),
            language=form.cleaned_data["language"],
        )
    return line


def said_of(label, value: str, message: str) -> str:
    if not label:
        return message
    if not value:
        return f"{label}: {message}"
    return f"{label} “{value}”: {message}"


def form_data(cells: dict, vocabulary: Vocabulary, choices) -> tuple[dict, list[str], bool]:
    """What the hand sign-up form would have received for this line, the values no field of it
    could take (an unknown language, country, group or session), and whether a session name
    was one of them."""
    errors = []

    def read(key, interpret, default):
        text = cells.get(key, "")
        if not text:
            return default
        value = interpret(text)
        if value is None:
            errors.append(
                _("Unknown value in %(column)s: “%(value)s”.")
                % {
                    "column": key_label(key),
                    "value": text,
                }
            )
            return default
        return value

    requirement, details = vocabulary.dietary_needs(cells.get("dietary", ""))
    data = {
        **{name: cells.get(name, "") for name in ("first_name", "last_name", "email")},
        "organisation": cells.get("organisation", ""),
        "country": read("country", vocabulary.country, ""),
        "language": read("language", vocabulary.language, choices.default_language),
        "is_delegation": "on" if read("group", vocabulary.delegation, False) else "",
        "dietary_requirement": requirement,
        "dietary_notes": details,
        "accessibility_needs": cells.get("accessibility", ""),
        "join_waiting_list": "on" if choices.join_waiting_list else "",
        "notify": "on" if choices.notify else "",
        "consent_given": "on",
    }
    names = [name for key in SESSION_KEYS for name in split_sessions(cells.get(key, ""))]
    session_ids, session_errors = vocabulary.find_sessions(names, cells.get("date", ""))
    errors.extend(session_errors)
    data["sessions"] = [str(pk) for pk in session_ids]
    return data, errors, bool(session_errors)


def key_label(key: str) -> str:
    return next(str(c.label) for c in [*PEOPLE_COLUMNS, *COLUMNS] if c.key == key)


def merge_same_person(line: CheckedLine, seen: dict) -> None:
    """A second line with the same mailbox: the same details (an attendee export has a line per
    session) add its sessions to the first; other details are an error."""
    key = email_key(line.person.details["email"])
    first = seen.get(key)
    if first is None:
        seen[key] = line
        return
    if first.person.details != line.person.details:
        line.errors = [
            _("Same e-mail address as line %(line)s, with other details: one line per person.")
            % {"line": first.line}
        ]
    else:
        new = [pk for pk in line.person.session_ids if pk not in first.person.session_ids]
        first.person.session_ids.extend(new)
        line.same_as = first.line
    line.person = None
