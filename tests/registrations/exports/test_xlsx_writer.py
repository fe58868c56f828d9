"""Our own XLSX writer (registrations/exports/xlsx_writer.py), read back with openpyxl as a
spreadsheet would read it: the same rows as the CSV, typed cells, texts kept as typed (never a
formula), the header bold and frozen, and a sheet with its header only when there is no row."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.utils import translation

from registrations.exports.people import PEOPLE_COLUMNS
from registrations.exports.rows import Column, as_text, registrations_for_export
from registrations.exports.spreadsheets import xlsx_file, xlsx_of_rows
from registrations.models import Registration
from tests.factories import DayFactory, sign_up, signup_session
from tests.registrations.exports.test_rows_and_spreadsheets import (
    HEADER_EN,
    REGISTERED_AT,
    bulk_attendees,
    csv_rows,
    download,
    sheet_rows,
)

pytestmark = pytest.mark.django_db

TEXT = [Column("text", "Text")]
LONG = ("Κοινωνική οικονομία, économie sociale; " * 130)[:5000]  # the longest cell imported


def book_of(file) -> openpyxl.Workbook:
    with file:
        return openpyxl.load_workbook(io.BytesIO(file.read()))


def as_csv_cell(cell) -> str:
    """A typed cell as the CSV shows it: dates and times in the reader's format, a text guarded
    by the quote prefix with the apostrophe the CSV puts before it."""
    value = cell.value
    if value is None:
        return ""
    if cell.number_format == "yyyy-mm-dd":
        return as_text(value.date())
    if cell.number_format == "hh:mm":
        return as_text(value)
    return ("'" if cell.quotePrefix else "") + as_text(value)


@pytest.fixture
def visit():
    """Two days: a tour (two places, a third person waits) and a talk with 300 people."""
    day = DayFactory()
    next_day = DayFactory(visit=day.visit, date=day.date + datetime.timedelta(days=1))
    tour = signup_session(day=day, title_en="Tour", start_time=datetime.time(9, 30), capacity=2)
    talk = signup_session(day=next_day, title_en="Talk", capacity=None)
    sign_up([tour, talk], first_name="Δημήτρης", last_name="Παπαδόπουλος", email="d@example.org")
    sign_up([tour], first_name="=1+1", organisation="@SUM(A1)", email="f@example.org")
    sign_up([tour], first_name="Zoé", organisation="-2", email="z@example.org")
    bulk_attendees(talk, 300)
    Registration.objects.update(created_at=REGISTERED_AT)  # a whole minute: no rounding
    return day.visit


def test_xlsx_of_a_visit_holds_exactly_the_rows_of_its_csv(admin_client, visit):
    book = openpyxl.load_workbook(io.BytesIO(download(admin_client, "visit", visit, "xlsx")))
    csv = csv_rows(download(admin_client, "visit", visit, "csv"))

    with translation.override("en"):
        rows = [
            [as_csv_cell(cell) for cell in row]
            for sheet in book.worksheets
            for row in sheet.iter_rows(min_row=2)
        ]
    assert [sheet_rows(sheet)[0] for sheet in book.worksheets] == [HEADER_EN, HEADER_EN]
    assert (len(rows), rows) == (304, csv[1:])


def test_xlsx_of_rows_keeps_every_text_as_it_was_typed():
    texts = ["=1+1", "Ann\x01", LONG, "Δημήτρης Παπαδόπουλος", "  Zoé  ", "a\r\nb", "<b> & </b>"]

    sheet = book_of(xlsx_of_rows(({"text": text} for text in texts), TEXT)).active

    cells = [(c.value, c.data_type, c.quotePrefix) for (c,) in sheet.iter_rows(min_row=2)]
    assert cells == [
        ("=1+1", "s", True),  # text, never a formula: Excel shows it as typed
        ("Ann", "s", False),  # the control character XML cannot hold is left out
        (LONG, "s", False),
        ("Δημήτρης Παπαδόπουλος", "s", False),
        ("  Zoé  ", "s", False),
        ("a\r\nb", "s", False),
        ("<b> & </b>", "s", False),
    ]


def test_xlsx_of_rows_types_numbers_dates_times_and_moments():
    columns = [Column(key, key) for key in "abcdefg"]
    row = {
        "a": 7,
        "b": 2.5,
        "c": datetime.date(2018, 2, 19),
        "d": datetime.time(9, 30),
        "e": datetime.datetime(2018, 1, 15, 9, 30, 15),
        "f": True,
        "g": None,
    }

    sheet = book_of(xlsx_of_rows([row], columns)).active

    cells = [(c.value, c.data_type, c.number_format) for c in sheet[2]]
    assert cells == [
        (7, "n", "General"),
        (2.5, "n", "General"),
        (datetime.datetime(2018, 2, 19), "d", "yyyy-mm-dd"),
        (datetime.time(9, 30), "d", "hh:mm"),
        (datetime.datetime(2018, 1, 15, 9, 30, 15), "d", "yyyy-mm-dd hh:mm"),
        ("True", "s", "General"),  # as the CSV shows it
        (None, "n", "General"),
    ]


def test_xlsx_of_no_rows_holds_its_bold_frozen_header_only():
    with translation.override("en"):
        sheet = book_of(xlsx_of_rows(iter(()), PEOPLE_COLUMNS)).active
        header = [str(column.label) for column in PEOPLE_COLUMNS]

    assert (sheet.title, sheet_rows(sheet)) == ("People", [header])
    assert [cell.font.b for cell in sheet[1]] == [True] * len(PEOPLE_COLUMNS)
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", "A1:L1")
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKL"]
    assert widths == [column.width for column in PEOPLE_COLUMNS]


def test_xlsx_of_a_visit_without_registrations_has_one_sheet_of_headers():
    day = DayFactory()
    signup_session(day=day)

    with translation.override("en"):
        file = xlsx_file(registrations_for_export(day.sessions.all()))
    book = book_of(file)

    assert [(s.title, sheet_rows(s)) for s in book.worksheets] == [("-", [HEADER_EN])]
    widths = [book.active.column_dimensions[letter].width for letter in "ABLP"]
    assert widths == [12, 12, 8, 22]


def test_xlsx_rows_are_as_wide_as_the_header_for_a_streaming_reader():
    rows = [{"a": "x", "b": ""}, {"a": None, "b": None}]

    with xlsx_of_rows(rows, [Column("a", "A"), Column("b", "B")]) as file:
        content = file.read()
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)

    assert list(book.active.iter_rows(values_only=True)) == [("A", "B"), ("x", None), (None, None)]
    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None
