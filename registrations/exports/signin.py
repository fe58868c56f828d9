"""Printable sign-in sheets: one or more A4 pages per session, one line per confirmed attendee
with a column to sign, from the same rows as the spreadsheets. As an HTML page styled for print,
and as a PDF drawn with fpdf2 (pure Python) and a bundled DejaVu font that covers Greek names.

Both are cut into the same pages here, so that every page carries the visit, the session, its
date, time and venue and "page x of y"; blank lines (for people who come without having
registered) only fill the last page, so that no page holds nothing but blank lines."""

from dataclasses import dataclass
from functools import cached_property

from django.utils.formats import time_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kiss_visit.typed_text import printable
from programme.templatetags.programme_text import visit_date
from registrations.exports.printing import a4_pdf, fit, write_fitted
from registrations.exports.rows import registrations_for_export, rows_by_session

LINES_PER_PAGE = 24  # 9 mm lines under the page's heading, on A4
SIGNIN_COLUMNS = ["last_name", "first_name", "organisation", "country"]


@dataclass(frozen=True)
class Line:
    number: int
    attendee: dict | None  # None: a blank line


@dataclass(frozen=True)
class Page:
    sheet: "SigninSheet"
    number: int
    lines: list[Line]

    @property
    def of(self) -> str:
        return _("Page %(number)s of %(count)s") % {
            "number": self.number,
            "count": len(self.sheet.pages),
        }


@dataclass
class SigninSheet:
    session: object
    attendees: list[dict]

    @property
    def visit(self) -> str:
        return printable(self.session.day.visit.title)

    @property
    def title(self) -> str:
        return printable(self.session.title)

    @property
    def when(self) -> str:
        session = self.session
        day = capfirst(visit_date(session.day.date, "weekday_date"))
        if session.start_time:
            return f"{day}, {time_format(session.start_time, 'TIME_FORMAT')}"
        if session.part_of_day:
            return f"{day}, {session.get_part_of_day_display().lower()}"
        return day

    @property
    def venue(self) -> str:
        if self.session.venue:
            return printable(self.session.venue.name)
        return _("Venue to be confirmed")

    @property
    def counts(self) -> str:
        count, capacity = len(self.attendees), self.session.capacity
        text = ngettext("%(count)s confirmed", "%(count)s confirmed", count) % {"count": count}
        if capacity is not None:
            places = ngettext("%(capacity)s place", "%(capacity)s places", capacity)
            text += " / " + places % {"capacity": capacity}
        return text

    @cached_property
    def pages(self) -> list[Page]:
        """The attendees, LINES_PER_PAGE to a page; the last page filled with blank lines."""
        count = len(self.attendees)
        total = max(1, -(-count // LINES_PER_PAGE)) * LINES_PER_PAGE
        lines = [
            Line(n, self.attendees[n - 1] if n <= count else None) for n in range(1, total + 1)
        ]
        return [
            Page(self, index + 1, lines[start : start + LINES_PER_PAGE])
            for index, start in enumerate(range(0, total, LINES_PER_PAGE))
        ]


def signin_sheets(sessions) -> list[SigninSheet]:
    """A sheet per session open for sign-up, with its confirmed attendees; a session nobody has
    signed up for yet still gets its sheet, with the blank lines."""
    confirmed = registrations_for_export(sessions).filter(status="confirmed")
    attendees = {session.pk: list(rows) for session, rows in rows_by_session(confirmed)}
    sessions = sessions.open_for_signup().for_listing().select_related("day__visit")
    return [SigninSheet(session, attendees.get(session.pk, [])) for session in sessions]


def signin_pages(sheets: list[SigninSheet]) -> list[Page]:
    return [page for sheet in sheets for page in sheet.pages]


WIDTHS = (12, 37, 33, 42, 26, 40)  # mm, 190 in all; "#" fits four digits
LINE_HEIGHT = 9  # mm
TABLE_TOP = 52  # mm from the top of the page, below the heading


def signin_pdf(sheets: list[SigninSheet]) -> bytes:
    pdf = a4_pdf()
    for page in signin_pages(sheets):
        draw_page(pdf, page)
    if not sheets:
        pdf.add_page()
        pdf.set_font("DejaVu", size=12)
        pdf.cell(text=_("No session of this selection is open for sign-up."))
    return bytes(pdf.output())


def draw_page(pdf, page: Page) -> None:
    """The same heading on every page, then a table of fixed-height lines: long names shrink
    rather than wrap, so that every page holds LINES_PER_PAGE lines and "of y" is true."""
    sheet = page.sheet
    pdf.add_page()
    pdf.set_font("DejaVu", size=9)
    pdf.cell(150, 6, fit(pdf, sheet.visit, 150, size=9))
    pdf.cell(40, 6, page.of, align="R", new_x="LMARGIN", new_y="NEXT")
    fit(pdf, sheet.title, 2 * 180, size=15, style="B")  # a size at which it takes two lines
    pdf.multi_cell(0, 8, sheet.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), 32))
    pdf.set_font("DejaVu", size=10)
    for text in (f"{sheet.when} · {sheet.venue}", sheet.counts):
        pdf.cell(0, 6, fit(pdf, text, 190, size=10), new_x="LMARGIN", new_y="NEXT")
    headings = ["#", _("Last name"), _("First name"), _("Organisation"), _("Country")]
    lines = [(line.number, line.attendee or {}) for line in page.lines]
    draw_grid(pdf, len(lines) + 1)
    draw_line(pdf, 0, [*headings, _("Signature")], style="B")
    for row, (number, attendee) in enumerate(lines, start=1):
        draw_line(pdf, row, [str(number), *(attendee.get(key, "") for key in SIGNIN_COLUMNS)])


def draw_grid(pdf, rows: int) -> None:
    """The table's rules, drawn once per page rather than as each cell's border."""
    left, bottom = pdf.l_margin, TABLE_TOP + rows * LINE_HEIGHT
    right = left + sum(WIDTHS)
    for row in range(rows + 1):
        pdf.line(left, TABLE_TOP + row * LINE_HEIGHT, right, TABLE_TOP + row * LINE_HEIGHT)
    x = left
    for width in (0, *WIDTHS):
        x += width
        pdf.line(x, TABLE_TOP, x, bottom)


def draw_line(pdf, row: int, texts: list[str], *, style: str = "") -> None:
    x, y = pdf.l_margin, TABLE_TOP + row * LINE_HEIGHT
    for text, width in zip(texts, WIDTHS, strict=False):  # the signature column stays empty
        write_fitted(pdf, text, x, y, width, LINE_HEIGHT, size=10, style=style)
        x += width
