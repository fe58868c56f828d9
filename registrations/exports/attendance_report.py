"""The attendance report of a visit, per country or per organisation: how many people had a
place, how many came to at least one session, the sessions booked and attended, and the rate.
One row source for the CSV and XLSX writers (spreadsheets.py)."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kiss_visit.typed_text import printable
from registrations.exports.rows import Column
from registrations.models import Registration

GROUPINGS = {
    "country": gettext_lazy("Country"),
    "organisation": gettext_lazy("Organisation"),
}
REPORT_NUMBERS = [
    Column("people", gettext_lazy("People with a place"), width=12),
    Column("present", gettext_lazy("People present"), width=12),
    Column("booked", gettext_lazy("Sessions booked"), width=12),
    Column("attended", gettext_lazy("Sessions attended"), width=12),
    Column("rate", gettext_lazy("Attendance rate (%)"), width=12),
]


def report_columns(by: str) -> list[Column]:
    return [Column("group", GROUPINGS[by], width=40), *REPORT_NUMBERS]


@dataclass
class Tally:
    name: str
    people: set = field(default_factory=set)
    present: set = field(default_factory=set)
    booked: int = 0
    attended: int = 0

    def add(self, participant_id: int, confirmed: bool, attended: bool) -> None:
        self.people.add(participant_id)
        self.booked += confirmed
        if attended:
            self.attended += 1
            self.present.add(participant_id)

    def row(self) -> dict:
        rate = round(100 * self.attended / self.booked) if self.booked else None
        return {
            "group": self.name,
            "people": len(self.people),
            "present": len(self.present),
            "booked": self.booked,
            "attended": self.attended,
            "rate": rate,
        }


def group_of(by: str, country, organisation: str) -> tuple[str, str]:
    """(key, name shown): organisations typed alike ("ACME ", "acme") count as one."""
    if by == "country":
        return (country.code, country.name) if country else ("", "")
    name = " ".join(printable(organisation).split())
    return name.casefold(), name


def attendance_rows(visit, *, by: str) -> Iterator[dict]:
    """One row per country (or organisation), by name, "not given" last, then the total. People
    erased keep their country and count without an organisation. One query."""
    registrations = (
        Registration.objects.filter(session__day__visit=visit)
        .filter(Q(status=Registration.Status.CONFIRMED) | Q(attended=True))
        .select_related("participant")
        .only("status", "attended", "participant__country", "participant__organisation")
    )
    groups, total = {}, Tally(_("Total"))
    for registration in registrations.iterator(chunk_size=2000):
        participant = registration.participant
        key, name = group_of(by, participant.country, participant.organisation)
        tally = groups.setdefault(key, Tally(name or _("(not given)")))
        confirmed = registration.status == Registration.Status.CONFIRMED
        for each in (tally, total):
            each.add(participant.pk, confirmed, bool(registration.attended))
    for key in sorted(groups, key=lambda k: (k == "", groups[k].name.casefold())):
        yield groups[key].row()
    yield total.row()
