"""The week at a glance, laid out like the seed's table: the days as columns, the parts of the
day as rows, each cell holding that part of that day's items in programme order."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from programme.models import Session

Part = Session.PartOfDay
# Where an item with a time but no part of day goes (the seed gives both, but organisers may not).
PART_STARTING_BEFORE = [
    (datetime.time(12, 0), Part.MORNING),
    (datetime.time(14, 0), Part.MIDDAY),
    (datetime.time(18, 0), Part.AFTERNOON),
]
UNPLACED = ""


@dataclass
class WeekRow:
    part: str
    label: str
    cells: list  # one list of sessions per day


def part_of(session: Session) -> str:
    if session.part_of_day:
        return session.part_of_day
    if session.start_time is None:
        return UNPLACED
    for limit, part in PART_STARTING_BEFORE:
        if session.start_time < limit:
            return part
    return Part.EVENING


# Where the rows of items without a time of day go: first (arrivals, departures), just before a
# part of the day, or last.
FIRST, LAST = "first", "last"


def before(part: str) -> str:
    return f"before-{part}"


def slots_in_order() -> list[str]:
    slots = [FIRST]
    for value, _label in Part.choices:
        slots += [before(value), value]
    return [*slots, LAST]


def week_rows(days) -> list[WeekRow]:
    """Rows for the days given (with their sessions prefetched): morning, midday, afternoon and
    evening, like the seed. An item whose time of day is not known keeps the seed's row order:
    it goes in a "time of day to be confirmed" row just above the part of day of the next item
    of its day (the seed's "Accueil", before Monday's dinner), or below the last part; arrivals
    and departures open their day, in a first such row. Such rows appear only when they hold
    something; the four parts of the day always do."""
    labels = dict(Part.choices)
    rows = {
        slot: WeekRow(
            slot if slot in labels else UNPLACED,
            labels.get(slot, _("Time of day to be confirmed")),
            [[] for _day in days],
        )
        for slot in slots_in_order()
    }
    for column, day in enumerate(days):
        for session, slot in slots_of(list(day.sessions.all())):
            rows[slot].cells[column].append(session)
    return [row for row in rows.values() if row.part != UNPLACED or any(row.cells)]


def slots_of(sessions: list) -> list[tuple]:
    """Each of a day's sessions (in programme order) with the slot of the row it goes in."""
    parts = [part_of(session) for session in sessions]
    slots = []
    for index, (session, part) in enumerate(zip(sessions, parts, strict=True)):
        if part != UNPLACED:
            slots.append((session, part))
        elif session.kind == Session.Kind.ARRIVAL_DEPARTURE:
            slots.append((session, FIRST))
        else:
            following = [p for p in parts[index + 1 :] if p != UNPLACED]
            slots.append((session, before(following[0]) if following else LAST))
    return slots
