"""A session's people, a thousand rows on a big visit, rendered from stencils: the row template
(includes/_person_row.html, the one the other pages use) is rendered once per kind of row, with
markers where rows differ (their ids, the name, the place in line, the Move options); each row
is then that stencil with its own values put in. The page reads exactly as if every row had been
rendered by the template, in a few milliseconds instead of a second and a half."""

from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from registrations.models import Participant, Registration

ROW_TEMPLATE = "admin/registrations/includes/_person_row.html"
# Markers nothing else on a row can hold: ids beyond any real one (urls want digits), words.
REGISTRATION_ID, PARTICIPANT_ID = 9_107_301_588_402_771_601, 9_107_301_588_402_771_602
NAME, POSITION, OPTIONS = "qqzNAMEqqz", "qqzPOSITIONqqz", "qqzOPTIONSqqz"
MARKERS = {
    str(REGISTRATION_ID): "registration_id",
    str(PARTICIPANT_ID): "participant_id",
    NAME: "name",
    POSITION: "position",
    OPTIONS: "options",
}


class Stencil:
    """A rendered row cut at its markers: literal text, then the names of the values to put in."""

    def __init__(self, html: str):
        self.parts = [html]
        for marker, name in MARKERS.items():
            self.parts = [
                piece
                for part in self.parts
                for piece in (cut(part, marker, name) if isinstance(part, str) else [part])
            ]

    def fill(self, values: dict) -> str:
        return "".join(part if isinstance(part, str) else values[part[0]] for part in self.parts)


def cut(text: str, marker: str, name: str) -> list:
    """The text split at the marker, the marker replaced by ("name",)."""
    pieces = text.split(marker)
    cut_up = [pieces[0]]
    for piece in pieces[1:]:
        cut_up += [(name,), piece]
    return cut_up


def kind_of_row(registration: Registration) -> tuple:
    """What decides the shape of a row: the rest are the values put into its stencil."""
    return (
        registration.status,
        registration.attended,
        registration.participant.is_delegation,
        registration.waiting_position is None,
        bool(registration.move_options),
    )


def model_row(kind: tuple) -> Registration:
    """A registration of this kind holding markers instead of its values (never saved)."""
    status, attended, delegation, no_position, movable = kind
    person = Participant(pk=PARTICIPANT_ID, first_name=NAME, last_name="", is_delegation=delegation)
    row = Registration(pk=REGISTRATION_ID, status=status, attended=attended, participant=person)
    row.waiting_position = None if no_position else POSITION
    row.move_options = mark_safe(OPTIONS) if movable else ""
    return row


def person_rows(registrations, *, csrf_token: str, next_url: str) -> SafeString:
    """The rows of these registrations (with `participant`, `waiting_position`, `move_options`),
    as includes/_person_row.html writes them."""
    template = get_template(ROW_TEMPLATE)
    stencils = {}
    rows = []
    for registration in registrations:
        kind = kind_of_row(registration)
        if kind not in stencils:
            row = model_row(kind)
            html = template.render(
                {"registration": row, "next_url": next_url, "csrf_token": csrf_token}
            )
            stencils[kind] = Stencil(html.replace(f"{NAME} ", NAME))
        position = registration.waiting_position
        values = {
            "registration_id": str(registration.pk),
            "participant_id": str(registration.participant.pk),
            "name": escape(str(registration.participant)),
            "position": "" if position is None else str(position),
            "options": registration.move_options,
        }
        rows.append(stencils[kind].fill(values))
    return mark_safe("".join(rows))
