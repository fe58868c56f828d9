"""CSV and XLSX writers of the attendee rows.

CSV: UTF-8 with a byte-order mark and semicolons. Excel in French locales reads a comma-separated
file as one column (the comma is the decimal separator there) and mangles accents without the BOM;
semicolons open correctly in French and English Excel, LibreOffice and Numbers.

Both neutralise cells that a spreadsheet would run as formulas (OWASP ASVS 1.2.10). In CSV a
cell starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe. XLSX cells
are typed: dates, times and numbers as such, text as text; a text that would otherwise be read as
a formula is stored as text with Excel's quote prefix (the apostrophe is not part of the value).
"""

import csv
import datetime
import tempfile

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kiss_visit.typed_text import printable
from registrations.exports.rows import COLUMNS, as_text, header, rows_by_session

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel's forbidden characters, and line breaks, which a sheet's tab cannot show.
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\\t\n\r\u2028\u2029", " "))


# Unambiguous in every language of the site; Excel shows its own locale's format on request.
NUMBER_FORMATS = {
    datetime.datetime: "yyyy-mm-dd hh:mm",
    datetime.date: "yyyy-mm-dd",
    datetime.time: "hh:mm",
}


def neutralise(value) -> str:
    text = as_text(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


class Echo:
    """A file-like object that hands back what is written, for streaming CSV."""

    def write(self, value):
        return value


def csv_lines(rows, columns=COLUMNS):
    """The CSV file, line by line (for a streaming response): BOM, header, one line per row."""
    writer = csv.writer(Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([neutralise(v) for v in header(columns)])
    for row in rows:
        yield writer.writerow([neutralise(row[column.key]) for column in columns])


def typed_cell(sheet, value) -> WriteOnlyCell:
    """A cell of the value's own type; text never becomes a formula."""
    if isinstance(value, bool) or value is None:
        value = as_text(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        cell.quotePrefix = value.startswith(FORMULA_TRIGGERS)
    else:
        cell.number_format = next(
            (fmt for kind, fmt in NUMBER_FORMATS.items() if isinstance(value, kind)), "General"
        )
    return cell


def xlsx_file(registrations):
    """An XLSX workbook, one sheet per session, written row by row (openpyxl's write-only mode
    keeps memory flat), returned as an open temporary file positioned at its start."""
    workbook = Workbook(write_only=True)
    names = set()
    for session, rows in rows_by_session(registrations):
        sheet = workbook.create_sheet(title=unique_sheet_name(session, names))
        write_sheet(sheet, rows)
    if not names:
        write_sheet(workbook.create_sheet(title="-"), iter(()))
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response streams it, then closes it)
    workbook.save(output)
    output.seek(0)
    return output


def xlsx_of_rows(rows, columns, title=None):
    """One sheet of rows (people, one row each, unless `title` says otherwise), the sheet named
    in the reader's language."""
    workbook = Workbook(write_only=True)
    write_sheet(workbook.create_sheet(title=title or gettext("People")), rows, columns)
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response streams it, then closes it)
    workbook.save(output)
    output.seek(0)
    return output


def write_sheet(sheet, rows, columns=COLUMNS) -> None:
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for label in header(columns):
        cell = typed_cell(sheet, label)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    count = 0
    for row in rows:
        sheet.append([typed_cell(sheet, row[column.key]) for column in columns])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def unique_sheet_name(session, taken: set) -> str:
    """Excel sheet names: at most 31 characters, some characters forbidden, all distinct."""
    title = printable(session.title).translate(SHEET_NAME_FORBIDDEN)
    base = f"{session.day.date:%d-%m} {title}"[:28].strip()
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base[:25]} ({n})", n + 1
    taken.add(name.lower())
    return name
