import datetime
import zoneinfo

import icalendar
import pytest

from tests.factories import SessionFactory, StudyVisitFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def events_of(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_programme_calendar_has_one_event_per_timed_item(client, seed_programme):
    response = client.get("/en/saint-etienne-2018/programme.ics")
    events = events_of(response)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert len(events) == 11
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events[:2]] == [
        ("SSE breakfast with local actors", datetime.datetime(2018, 2, 20, 9, 0, tzinfo=PARIS)),
        (
            "The SSE at the scale of a neighbourhood (Crêt de Roc)",
            datetime.datetime(2018, 2, 20, 15, 0, tzinfo=PARIS),
        ),
    ]


def test_programme_calendar_keeps_end_time_only_where_given(client, seed_programme):
    events = events_of(client.get("/fr/saint-etienne-2018/programme.ics"))

    with_end = [(str(e["SUMMARY"]), e.decoded("DTEND")) for e in events if "DTEND" in e]
    assert with_end == [
        (
            "L'ESS à l'échelle d'un quartier (Crêt de Roc)",
            datetime.datetime(2018, 2, 20, 17, 30, tzinfo=PARIS),
        )
    ]


def test_programme_calendar_event_gives_venue_and_link(client, seed_programme):
    events = events_of(client.get("/fr/saint-etienne-2018/programme.ics"))
    breakfast = events[0]

    assert (str(breakfast["LOCATION"]), str(breakfast["URL"])) == (
        "Maison de l'Emploi",
        "http://testserver/fr/saint-etienne-2018/sessions/petit-dejeuner-ess/",
    )


def test_programme_calendar_uses_the_visit_time_zone(client):
    visit = StudyVisitFactory(slug="athens", time_zone="Europe/Athens")
    SessionFactory(day__visit=visit, start_time=datetime.time(10, 0), title_en="Talk")

    event = events_of(client.get("/en/athens/programme.ics"))[0]

    assert event.decoded("DTSTART") == datetime.datetime(
        2018, 2, 19, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Athens")
    )
