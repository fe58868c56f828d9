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


def week_rows(days) -> list[WeekRow]:
    """Rows for the days given (with their sessions prefetched): morning, midday, afternoon and
    evening, like the seed, preceded by a row for the items whose time of day is not known
    (arrivals, a welcome) when there are any."""
    rows = [WeekRow(UNPLACED, _("Time of day to be confirmed"), [[] for _day in days])]
    rows += [WeekRow(value, label, [[] for _day in days]) for value, label in Part.choices]
    by_part = {row.part: row for row in rows}
    for column, day in enumerate(days):
        for session in day.sessions.all():
            by_part[part_of(session)].cells[column].append(session)
    return rows if any(rows[0].cells) else rows[1:]
