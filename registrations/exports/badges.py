"""Name badges: A4 sheets of eight badges (two columns, four rows) with cutting marks, drawn
from the people rows: first name and last name large, organisation, country, and whether the
person belongs to the partner delegation or comes locally. Each badge speaks its wearer's
language (the one they registered in), unless organisers choose one for all."""

from collections.abc import Iterator

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from registrations.exports.printing import a4_pdf, fitted_text, write_fitted
from registrations.exports.rows import person_fields, printable_value

COLUMNS, ROWS = 2, 4
BADGE_WIDTH, BADGE_HEIGHT = 95, 68  # mm: fits common 95 × 68 and 90 × 60 badge holders
LEFT = (210 - COLUMNS * BADGE_WIDTH) / 2
TOP = (297 - ROWS * BADGE_HEIGHT) / 2
PADDING = 6
MARK_LENGTH, MARK_GAP = 5, 1.5  # cutting marks in the margin, clear of the badges
PER_PAGE = COLUMNS * ROWS


def badge_language(code: str | None) -> str | None:
    """The language organisers chose for every badge, if it is one of the site's; None: each
    badge in its wearer's language."""
    return code if code in dict(settings.LANGUAGES) else None


def badge_rows(people, *, language: str | None = None) -> Iterator[dict]:
    """A row per person of `people` (people_for_export; their sessions, which a badge does not
    show, are not read), written in `language`, or else in the person's own language: the
    visit's title, their country and their group."""
    for participant in people.prefetch_related(None).iterator(chunk_size=2000):
        with translation.override(language or participant.language):
            row = badge_row(participant)
        yield row


def badge_row(participant) -> dict:
    row = {
        **person_fields(participant),
        "visit": participant.visit.title,
        "delegation": participant.is_delegation,
    }
    return {key: printable_value(value) for key, value in row.items()}


def badges_pdf(rows) -> bytes:
    """The badges of the rows (an iterable of people rows), eight to a page."""
    pdf = a4_pdf()
    count = 0
    for count, row in enumerate(rows):
        if count % PER_PAGE == 0:
            pdf.add_page()
            draw_cutting_marks(pdf)
        place = count % PER_PAGE
        x = LEFT + (place % COLUMNS) * BADGE_WIDTH
        y = TOP + (place // COLUMNS) * BADGE_HEIGHT
        draw_badge(pdf, row, x, y)
    if pdf.page == 0:
        pdf.add_page()
        pdf.set_font("DejaVu", size=12)
        pdf.cell(text=_("Nobody to make a badge for in this selection."))
    return bytes(pdf.output())


def draw_cutting_marks(pdf) -> None:
    pdf.set_draw_color(0)
    pdf.set_line_width(0.2)
    right, bottom = LEFT + COLUMNS * BADGE_WIDTH, TOP + ROWS * BADGE_HEIGHT
    for column in range(COLUMNS + 1):
        x = LEFT + column * BADGE_WIDTH
        pdf.line(x, TOP - MARK_GAP - MARK_LENGTH, x, TOP - MARK_GAP)
        pdf.line(x, bottom + MARK_GAP, x, bottom + MARK_GAP + MARK_LENGTH)
    for row in range(ROWS + 1):
        y = TOP + row * BADGE_HEIGHT
        pdf.line(LEFT - MARK_GAP - MARK_LENGTH, y, LEFT - MARK_GAP, y)
        pdf.line(right + MARK_GAP, y, right + MARK_GAP + MARK_LENGTH, y)


def draw_badge(pdf, row: dict, x: float, y: float) -> None:
    width, left = BADGE_WIDTH - 2 * PADDING, x + PADDING
    pdf.set_text_color(90)
    write_fitted(pdf, row["visit"], left, y + PADDING, width, 5, size=8)
    pdf.set_text_color(0)
    top = y + PADDING + 7
    for text, height, size in [(row["first_name"], 12, 26), (row["last_name"], 10, 18)]:
        write_fitted(pdf, text, left, top, width, height, size=size, style="B")
        top += height
    draw_organisation(pdf, row["organisation"], left, top + 1, width)
    write_fitted(pdf, row["country"], left, top + 12, width, 6, size=10)
    draw_group_band(pdf, row["group"], x, y, delegation=row["delegation"])


def draw_organisation(pdf, organisation: str, x: float, y: float, width: float) -> None:
    """An organisation's long name takes two lines rather than shrinking out of sight; one that
    fits a line is written without multi_cell's line breaking."""
    size, fitted = fitted_text(pdf, organisation, 2 * width - 10, size=11)
    if fitted_text(pdf, fitted, width, size=size) == (size, fitted):
        write_fitted(pdf, fitted, x, y, width, 5, size=size)
        return
    pdf.set_font("DejaVu", "", size)
    pdf.set_xy(x, y)
    pdf.multi_cell(width, 5, fitted, align="L")


def draw_group_band(pdf, label: str, x: float, y: float, *, delegation: bool) -> None:
    """A band along the badge's foot: who is in the partner delegation, who is local, is seen
    at a glance (dark for the delegation, light for local people)."""
    height = 9
    pdf.set_fill_color(*((40, 40, 40) if delegation else (225, 225, 225)))
    pdf.rect(x + 0.5, y + BADGE_HEIGHT - height - 0.5, BADGE_WIDTH - 1, height, style="F")
    pdf.set_text_color(*((255, 255, 255) if delegation else (0, 0, 0)))
    top = y + BADGE_HEIGHT - height - 0.5
    write_fitted(pdf, label, x + PADDING, top, 80, height, size=11, style="B")
    pdf.set_text_color(0)
