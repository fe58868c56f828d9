"""CSV and XLSX writers of the attendee rows.

CSV: UTF-8 with a byte-order mark and semicolons. Excel in French locales reads a comma-separated
file as one column (the comma is the decimal separator there) and mangles accents without the BOM;
semicolons open correctly in French and English Excel, LibreOffice and Numbers.

Both neutralise cells that a spreadsheet would run as formulas (OWASP ASVS 1.2.10): a cell
starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe.
"""

import csv
import tempfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kiss_visit.typed_text import printable

from .rows import COLUMNS, header, rows_by_session

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel's forbidden characters, and line breaks, which a sheet's tab cannot show.
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\\t\n\r\u2028\u2029", " "))


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


class Echo:
    """A file-like object that hands back what is written, for streaming CSV."""

    def write(self, value):
        return value


def csv_lines(rows):
    """The CSV file, line by line (for a streaming response): BOM, header, one line per row."""
    writer = csv.writer(Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([neutralise(v) for v in header()])
    for row in rows:
        yield writer.writerow([neutralise(row[column.key]) for column in COLUMNS])


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


def write_sheet(sheet, rows) -> None:
    for index in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 12 if index <= 2 else 22
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for label in header():
        cell = WriteOnlyCell(sheet, value=neutralise(label))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    count = 0
    for row in rows:
        sheet.append([neutralise(row[column.key]) for column in COLUMNS])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"


def unique_sheet_name(session, taken: set) -> str:
    """Excel sheet names: at most 31 characters, some characters forbidden, all distinct."""
    title = printable(session.title).translate(SHEET_NAME_FORBIDDEN)
    base = f"{session.day.date:%d-%m} {title}"[:28].strip()
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base[:25]} ({n})", n + 1
    taken.add(name.lower())
    return name
