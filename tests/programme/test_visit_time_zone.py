"""Moments of a visit (registration opens at...) read in the visit's own time zone, named, on the
public pages and in the organisers' admin, whatever the server's zone (Europe/Paris)."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import translation

from programme.models import StudyVisit
from tests.factories import StudyVisitFactory
from tests.html import Page

pytestmark = pytest.mark.django_db

ATHENS = zoneinfo.ZoneInfo("Europe/Athens")


@pytest.fixture
def athens_visit(time_machine):
    time_machine.move_to("2026-12-01 12:00Z", tick=False)
    return StudyVisitFactory(
        slug="athens-2027",
        city="Athens",
        time_zone="Europe/Athens",
        start_date=datetime.date(2027, 3, 1),
        end_date=datetime.date(2027, 3, 5),
        registration_opens_at=datetime.datetime(2027, 2, 1, 10, 0, tzinfo=ATHENS),
    )


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "en",
            "Registration for this study visit opens on Monday 1 February 2027 at 10:00, "
            "local time in Athens (UTC+2).",
        ),
        (
            "fr",
            "Les inscriptions à cette visite d'étude ouvrent le lundi 1 février 2027 à 10:00, "
            "heure locale à Athens (UTC+2).",
        ),
        (
            "es",
            "La inscripción a esta visita de estudio se abre el lunes, 1 de febrero de 2027 a "
            "las 10:00, hora local de Athens (UTC+2).",
        ),
        (
            "it",
            "Le iscrizioni a questa visita di studio aprono lunedì 1 febbraio 2027 alle 10:00, "
            "ora locale di Athens (UTC+2).",
        ),
        (
            "el",
            "Οι εγγραφές για αυτή την επίσκεψη μελέτης ανοίγουν: Δευτέρα 1 Φεβρουαρίου 2027 "
            "στις 10:00, τοπική ώρα (Athens, UTC+2).",
        ),
    ],
)
def test_registration_opening_of_an_athens_visit_reads_in_athens_time(
    client, athens_visit, language, sentence
):
    with translation.override(language):
        url = reverse("registrations:register", kwargs={"visit": "athens-2027"})

    page = Page.get(client, url)

    assert page.text(".prose p") == sentence


def change_url(visit) -> str:
    with translation.override("en"):
        return reverse("admin:programme_studyvisit_change", args=[visit.pk])


def form_as_sent(page: Page) -> dict:
    """What the browser sends for the change form as it stands."""
    form = page.soup.select_one("form#studyvisit_form")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        kind = field.get("type", "")
        if kind in ("submit", "button", "file") or (
            kind == "checkbox" and not field.has_attr("checked")
        ):
            continue
        if field.name == "textarea":
            value = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            value = chosen["value"] if chosen else ""
        else:
            value = field.get("value", "on" if kind == "checkbox" else "")
        data[field["name"]] = value
    return data


def test_admin_shows_the_opening_of_an_athens_visit_in_athens_time(admin_client, athens_visit):
    page = Page.get(admin_client, change_url(athens_visit))

    sent = form_as_sent(page)
    assert (sent["registration_opens_at_0"], sent["registration_opens_at_1"]) == (
        "2027-02-01",
        "10:00:00",
    )
    assert page.text(".field-registration_opens_at .help") == (
        "Empty: open now. In the visit's time zone: Europe/Athens."
    )


def test_admin_saves_an_opening_typed_for_an_athens_visit_in_athens_time(
    admin_client, athens_visit
):
    sent = form_as_sent(Page.get(admin_client, change_url(athens_visit)))

    response = admin_client.post(
        change_url(athens_visit), {**sent, "registration_opens_at_1": "11:00"}
    )

    assert response.status_code == 302
    assert StudyVisit.objects.get(pk=athens_visit.pk).registration_opens_at == datetime.datetime(
        2027, 2, 1, 9, 0, tzinfo=datetime.UTC
    )


def test_admin_reads_an_opening_in_the_time_zone_chosen_with_it(admin_client, athens_visit):
    sent = form_as_sent(Page.get(admin_client, change_url(athens_visit)))

    admin_client.post(
        change_url(athens_visit),
        {**sent, "time_zone": "Europe/Lisbon", "registration_opens_at_1": "11:00"},
    )

    assert StudyVisit.objects.get(pk=athens_visit.pk).registration_opens_at == datetime.datetime(
        2027, 2, 1, 11, 0, tzinfo=datetime.UTC
    )
