"""Reading an uploaded spreadsheet into rows of text, within limits: nothing in the file is ever
run (a formula is read as its text), and a file too large, too wide, not UTF-8 or not a
spreadsheet at all is refused with a message saying so, before anything is checked or saved."""

import csv
import datetime
import io
import logging

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from registrations.exports.spreadsheets import FORMULA_TRIGGERS

MAX_BYTES = 2 * 1024 * 1024  # a delegation list of 2,000 people is about 300 kB
MAX_COLUMNS = 60
MAX_ROWS = 5000
MAX_CELL = 5000  # characters: longer cells are refused by the fields' own limits anyway
DELIMITERS = ";,\t"
XLSX_MAGIC = b"PK\x03\x04"

logger = logging.getLogger(__name__)


class UnreadableFile(Exception):
    """The whole file is refused; `message` is translated, for the organiser."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def read_table(upload) -> list[list[str]]:
    """The file's non-empty lines, each a list of cell texts, the header first."""
    if upload.size > MAX_BYTES:
        raise UnreadableFile(
            _("The file is too large (%(size)s MB): at most %(limit)s MB.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024}
        )
    data = upload.read()
    rows = xlsx_rows(data) if data.startswith(XLSX_MAGIC) else csv_rows(data)
    table = []
    for row in rows:
        cells = [cell_text(value) for value in row]
        while cells and cells[-1] == "":
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise UnreadableFile(
                _(
                    "The file has more than %(limit)s columns (line %(line)s): keep only the "
                    "columns about the participants."
                )
                % {"line": len(table) + 1, "limit": MAX_COLUMNS}
            )
        if len(table) > MAX_ROWS:
            raise UnreadableFile(
                _("The file has more than %(limit)s lines: split it.") % {"limit": MAX_ROWS}
            )
        table.append(cells)
    if len(table) < 2:
        raise UnreadableFile(_("The file holds no participant: a header line, then one per line."))
    return table


def csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(
            _(
                "This file is neither an XLSX workbook nor a CSV file in UTF-8 (its accents "
                "would be misread). Save it as “CSV UTF-8” or as an Excel workbook (.xlsx)."
            )
        ) from None
    if "\x00" in text:
        raise UnreadableFile(unreadable())
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise UnreadableFile(unreadable()) from None


def xlsx_rows(data: bytes):
    """The first sheet's rows, formulas as their text (never computed), at most one column more
    than we read (to say the file is too wide) and one line more."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True):
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                break
        workbook.close()
        return rows
    except Exception:  # a damaged workbook raises anything: the reason is logged
        logger.info("Unreadable XLSX upload", exc_info=True)
        raise UnreadableFile(unreadable()) from None


def unreadable() -> str:
    return _("This file cannot be read: send a CSV file (UTF-8) or an Excel workbook (.xlsx).")


def cell_text(value) -> str:
    """A cell as text. Dates as ISO dates; whole numbers without ".0". Our own CSV exports put an
    apostrophe before a text a spreadsheet would run as a formula: it is taken off again (the
    text stays text here, and the exports add it back)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)[:MAX_CELL].strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        text = text[1:]
    return text
