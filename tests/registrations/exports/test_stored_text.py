"""Exports and the dashboard stay readable whatever text is already stored: rows written before
the forms refused control and invisible characters, or straight to the database. Each format,
for a session, its day and the visit, is served and read back without those characters."""

import csv
import datetime
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from programme.models import Session
from registrations.models import Participant
from tests.factories import DayFactory, VenueFactory, sign_up, signup_session
from tests.registrations.exports.test_rows_and_spreadsheets import pdf_characters

pytestmark = pytest.mark.django_db

# Stored as typed by nobody: C0 and C1 controls, DEL, zero-width, bidi override, BOM, a
# noncharacter. NUL is left out: PostgreSQL cannot store it at all.
STORED = {
    "first_name": "Ann\x01",
    "last_name": "\u202eLee\x7f",
    "organisation": "Co\u200bop\x85\ufeff",
    "email": "ann\x1b@example.org",
    "dietary_notes": "Nuts\uffff\x0b",
    "accessibility_needs": "Ramp,\u2028\x0cplease\r\nthanks",
}
# What an organiser reads: the same text, those characters gone; line breaks of a multi-line
# field kept (U+2028 is itself a line break there).
SHOWN = {
    "first_name": "Ann",
    "last_name": "Lee",
    "organisation": "Coop",
    "email": "ann@example.org",
    "dietary_notes": "Nuts",
    "accessibility_needs": "Ramp,\u2028please\r\nthanks",
}
SCOPES = ["session", "day", "visit"]


@pytest.fixture
def organiser_client(client):
    call_command("setup_organisers", verbosity=0)
    user = User.objects.create_user("organiser", is_staff=True)
    user.groups.add(Group.objects.get(name="Organisers"))
    client.force_login(user)
    return client


@pytest.fixture
def lunch():
    """A meal with capacity 1: Ann, stored with control characters, and Bo, who waits."""
    venue = VenueFactory(name="Can\x02teen")
    lunch = signup_session(
        day=DayFactory(), title_en="Lun\x03ch", kind=Session.Kind.MEAL, capacity=1, venue=venue
    )
    lunch.start_time = datetime.time(12, 30)
    lunch.save()
    ann = sign_up(lunch, email="ann@example.org", dietary_requirement="allergy").participant
    sign_up(lunch, first_name="Bo", last_name="W\u200bu", email="bo@example.org")
    Participant.objects.filter(pk=ann.pk).update(**STORED)
    return lunch


def subject(lunch, scope):
    return {"session": lunch, "day": lunch.day, "visit": lunch.day.visit}[scope]


def export(client, lunch, scope, fmt):
    with translation.override("en"):
        url = reverse("admin:registrations_export", args=[scope, subject(lunch, scope).pk, fmt])
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, content


def people(rows) -> list[dict]:
    """The participant's columns of each row: e-mail, names, organisation, needs."""
    return [
        {
            "last_name": row[3],
            "first_name": row[4],
            "organisation": row[5],
            "email": row[7],
            "dietary_notes": row[12].removeprefix("Allergy (please describe) — "),
            "accessibility_needs": row[13],
        }
        for row in rows
    ]


@pytest.mark.parametrize("scope", SCOPES)
def test_csv_of_stored_control_characters_shows_the_text_without_them(
    organiser_client, lunch, scope
):
    status, content = export(organiser_client, lunch, scope, "csv")

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert status == 200
    assert [row[2] for row in rows[1:]] == ["Lunch", "Lunch"]
    assert people(rows[1:2]) == [SHOWN]
    assert (rows[2][3], rows[2][4]) == ("Wu", "Bo")


@pytest.mark.parametrize("scope", SCOPES)
def test_xlsx_of_stored_control_characters_shows_the_text_without_them(
    organiser_client, lunch, scope
):
    status, content = export(organiser_client, lunch, scope, "xlsx")

    book = openpyxl.load_workbook(io.BytesIO(content))
    rows = [[cell or "" for cell in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    assert status == 200
    assert book.sheetnames == ["19-02 Lunch"]
    # The line ending as stored (with lxml, openpyxl writes a carriage return as a reference).
    assert people(rows[1:2]) == [SHOWN]
    assert (rows[2][3], rows[2][4]) == ("Wu", "Bo")


@pytest.mark.parametrize("scope", SCOPES)
def test_signin_sheet_of_stored_control_characters_shows_the_text_without_them(
    organiser_client, lunch, scope
):
    status, content = export(organiser_client, lunch, scope, "sheet")

    page = BeautifulSoup(content, "html.parser")
    cells = [td.get_text() for td in page.select(".sheet tbody tr")[0].select("td")]
    assert status == 200
    assert page.select_one(".sheet h1").get_text() == "Lunch"
    assert page.select_one(".sheet__meta").get_text() == (
        "Monday 19 February 2018, 12:30 p.m. · Canteen · 1 confirmed / 1 place"
    )
    assert cells == ["1", "Lee", "Ann", "Coop", "France", ""]


@pytest.mark.parametrize("scope", SCOPES)
def test_pdf_of_stored_control_characters_draws_the_text_without_them(
    organiser_client, lunch, scope, caplog
):
    status, content = export(organiser_client, lunch, scope, "pdf")

    assert (status, content[:5], content.rstrip()[-5:]) == (200, b"%PDF-", b"%%EOF")
    # The font has glyphs for these invisible characters: they would be in its subset if drawn.
    assert pdf_characters(content) & set("\u202e\u200b\ufeff") == set()
    assert set("AnnLeeCoopLunchCanteen") - pdf_characters(content) == set()
    assert [r.getMessage() for r in caplog.records if "missing" in r.getMessage()] == []


def test_dashboard_of_stored_control_characters_shows_the_text_without_them(
    organiser_client, lunch
):
    with translation.override("en"):
        url = reverse("admin:registrations_dashboard")
    response = organiser_client.get(url, {"visit": lunch.day.visit.pk})

    page = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert [a.get_text() for a in page.select(".dashboard__waiting li > a")] == ["Bo Wu"]
    assert [li.get_text() for li in page.select(".dashboard__details li")] == ["Ann Lee: Nuts"]
