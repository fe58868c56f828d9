"""Files an organiser should not have sent, or that hold what a spreadsheet might run: each gives
a message, never an error page, and nothing is half saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from programme.models import StudyVisit
from registrations.models import Participant
from tests.html import Page
from tests.registrations.admin.test_imports import HEADER, csv_file, upload, url, xlsx_file

pytestmark = pytest.mark.django_db


def file_errors(page) -> list[str]:
    return page.texts(".field-file .errorlist li")


def test_import_refuses_an_xlsx_workbook_of_5000_columns(client, organiser, seed_programme):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([f"c{n}" for n in range(5000)])
    sheet.append(["x"] * 5000)
    output = io.BytesIO()
    workbook.save(output)

    page = upload(client, SimpleUploadedFile("wide.xlsx", output.getvalue()))

    assert file_errors(page) == [
        "The file has more than 60 columns (line 1): keep only the columns about the participants."
    ]


def test_import_refuses_a_csv_file_with_nul_bytes(client, organiser, seed_programme):
    page = upload(client, csv_file(HEADER + "\nMartin;Ann\x00;ann@example.org;;;;;x\n"))

    assert file_errors(page) == [
        "This file cannot be read: send a CSV file (UTF-8) or an Excel workbook (.xlsx)."
    ]


def test_import_keeps_a_csv_formula_as_text_and_exports_it_harmless(
    client, organiser, seed_programme
):
    formula = '=HYPERLINK("http://evil.example","Click")'
    row = f'"{formula.replace(chr(34), chr(34) * 2)}";Ann;ann@example.org;;;;;petit-dejeuner-ess'
    upload(client, csv_file(HEADER + "\n" + row))
    client.post(url("import_confirm"))
    visit = StudyVisit.objects.get()

    export = client.get(f"/en/admin/registrations/registration/export/visit/{visit.pk}/people-csv/")

    assert Participant.objects.get().last_name == formula
    exported = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()[1]
    assert exported.startswith('"\'=HYPERLINK(""http://evil.example"",""Click"")";Ann;')


def test_import_preview_shows_markup_as_text(client, organiser, seed_programme):
    page = upload(
        client, csv_file(HEADER + "\n<b>Bold</b>;<script>x</script>;a@example.org;;;;;Nope")
    )

    assert page.soup.select(".import-preview b, .import-preview script") == []
    assert page.texts(".import-preview tbody td:nth-child(2)") == ["<script>x</script> <b>Bold</b>"]


def test_import_of_an_xlsx_with_dates_and_numbers_reads_them_as_text(
    client, organiser, seed_programme
):
    import datetime

    rows = [
        ["Last name", "First name", "E-mail", "Organisation", "Session", "Date"],
        ["Martin", "Ann", "ann@example.org", 42.0, "Dinner", datetime.datetime(2018, 2, 20)],
    ]
    page = upload(client, xlsx_file(rows))

    assert page.texts(".import-preview tbody td:last-child") == [
        "New participant. Confirmed: Tue 20 Feb — Dinner."
    ]


def test_import_upload_page_runs_few_queries(client, organiser, django_assert_num_queries):
    from tests.factories import StudyVisitFactory

    for visits in (1, 8):
        StudyVisitFactory.create_batch(visits)
        with django_assert_num_queries(7):
            Page.get(client, url())


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    content=st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=400).map(lambda junk: b"PK\x03\x04" + junk),
        st.text(max_size=300).map(lambda text: (HEADER + "\n" + text).encode()),
    )
)
def test_import_of_any_bytes_never_fails(client, organiser, seed_programme, content):
    response = client.post(
        url(),
        {
            "visit": StudyVisit.objects.get().pk,
            "file": SimpleUploadedFile("any.csv", content),
            "default_language": "fr",
            "consent_given": "on",
        },
    )

    assert response.status_code == 200
    assert Participant.objects.count() == 0
