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
import tempfile

from django.utils.translation import gettext

from kiss_visit.typed_text import printable
from registrations.exports.rows import COLUMNS, as_text, header, rows_by_session
from registrations.exports.xlsx_writer import FORMULA_TRIGGERS, XlsxWriter

# Excel's forbidden characters, and line breaks, which a sheet's tab cannot show.
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\\t\n\r\u2028\u2029", " "))


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


def xlsx_file(registrations):
    """An XLSX workbook, one sheet per session, written row by row (memory stays flat),
    returned as an open temporary file positioned at its start."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response streams it, then closes it)
    with XlsxWriter(output) as workbook:
        names = set()
        for session, rows in rows_by_session(registrations):
            write_sheet(workbook, unique_sheet_name(session, names), rows)
        if not names:
            write_sheet(workbook, "-", ())
    output.seek(0)
    return output


def xlsx_of_rows(rows, columns, title=None):
    """One sheet of rows (people, one row each, unless `title` says otherwise), the sheet named
    in the reader's language."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response streams it, then closes it)
    with XlsxWriter(output) as workbook:
        write_sheet(workbook, title or gettext("People"), rows, columns)
    output.seek(0)
    return output


def write_sheet(workbook: XlsxWriter, name: str, rows, columns=COLUMNS) -> None:
    """Typed cells: dates, times and numbers as such, text as text (never a formula)."""
    keys = [column.key for column in columns]
    workbook.add_sheet(
        name,
        header(columns),
        ([row[key] for key in keys] for row in rows),
        widths=[column.width for column in columns],
    )


def unique_sheet_name(session, taken: set) -> str:
    """Excel sheet names: at most 31 characters, some characters forbidden, all distinct."""
    title = printable(session.title).translate(SHEET_NAME_FORBIDDEN)
    base = f"{session.day.date:%d-%m} {title}"[:28].strip()
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base[:25]} ({n})", n + 1
    taken.add(name.lower())
    return name
