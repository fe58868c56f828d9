"""Printable sign-in sheets: one A4 page (or more) per session, one line per confirmed attendee
with a column to sign, from the same rows as the spreadsheets. As an HTML page styled for print,
and as a PDF drawn with fpdf2 (pure Python) and a bundled DejaVu font that covers Greek names."""

from dataclasses import dataclass
from pathlib import Path

from django.utils.formats import date_format, time_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF

from kiss_visit.typed_text import printable

from .rows import registrations_for_export, rows_by_session

FONTS = Path(__file__).resolve().parent.parent / "fonts"
BLANK_LINES = 5  # for people who turn up without having registered
SIGNIN_COLUMNS = ["last_name", "first_name", "organisation", "country"]


@dataclass
class SigninSheet:
    session: object
    attendees: list[dict]

    @property
    def title(self) -> str:
        return printable(self.session.title)

    @property
    def when(self) -> str:
        session = self.session
        day = capfirst(date_format(session.day.date, "l j F Y"))
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

    @property
    def blank_numbers(self) -> range:
        """Numbered lines left empty at the end, for people who come without having registered."""
        first = len(self.attendees) + 1
        return range(first, first + BLANK_LINES)


def signin_sheets(sessions) -> list[SigninSheet]:
    """A sheet per session open for sign-up, with its confirmed attendees; a session nobody has
    signed up for yet still gets its sheet, with the blank lines."""
    confirmed = registrations_for_export(sessions).filter(status="confirmed")
    attendees = {session.pk: list(rows) for session, rows in rows_by_session(confirmed)}
    sessions = sessions.open_for_signup().for_listing()
    return [SigninSheet(session, attendees.get(session.pk, [])) for session in sessions]


def signin_pdf(sheets: list[SigninSheet]) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSansCondensed.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSansCondensed-Bold.ttf"))
    for sheet in sheets:
        draw_sheet(pdf, sheet)
    if not sheets:
        pdf.add_page()
        pdf.set_font("DejaVu", size=12)
        pdf.cell(text=_("No session of this selection is open for sign-up."))
    return bytes(pdf.output())


def draw_sheet(pdf: FPDF, sheet: SigninSheet) -> None:
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, sheet.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=10)
    for line in (sheet.when, sheet.venue, sheet.counts):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    widths = (12, 37, 33, 42, 26, 40)  # mm, 190 in all; "#" fits four digits on one line
    headings = [
        "#",
        _("Last name"),
        _("First name"),
        _("Organisation"),
        _("Country"),
        _("Signature"),
    ]
    with pdf.table(col_widths=widths, line_height=9, first_row_as_headings=True) as table:
        table.row(headings)
        for number, attendee in enumerate(sheet.attendees, start=1):
            table.row([str(number), *(attendee[key] for key in SIGNIN_COLUMNS), ""])
        for number in sheet.blank_numbers:
            table.row([str(number), "", "", "", "", ""])
