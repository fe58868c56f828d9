import datetime
import zoneinfo

import icalendar
import pytest

from programme.models import Session, Venue
from tests.factories import SessionFactory, StudyVisitFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
FEB = datetime.date


def events_of(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def by_uid(response):
    return {str(e["UID"]): e for e in events_of(response)}


def test_programme_calendar_has_an_event_for_every_item_of_the_seed(client, seed_programme):
    response = client.get("/en/saint-etienne-2018/programme.ics")
    events = events_of(response)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert len(events) == 26
    timed = [e for e in events if isinstance(e.decoded("DTSTART"), datetime.datetime)]
    assert len(timed) == 11
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events[3:5]] == [
        ("SSE breakfast with local actors", datetime.datetime(2018, 2, 20, 9, 0, tzinfo=PARIS)),
        (
            "Overview of the SSE in Saint-Etienne (PROCESS) and in France "
            "(morning, time to be confirmed)",
            FEB(2018, 2, 20),
        ),
    ]


def test_untimed_items_are_all_day_events_on_their_day(client, seed_programme):
    events = by_uid(client.get("/fr/saint-etienne-2018/programme.ics"))
    lunch = events["kiss-session-6@saint-etienne-2018"]
    welcome = events["kiss-session-2@saint-etienne-2018"]

    assert (str(lunch["SUMMARY"]), lunch.decoded("DTSTART"), lunch.decoded("DTEND")) == (
        "Repas (Ethic Table) (midi, horaire à confirmer)",
        FEB(2018, 2, 20),
        FEB(2018, 2, 21),
    )
    assert (str(lunch["TRANSP"]), str(welcome["SUMMARY"])) == (
        "TRANSPARENT",
        "Accueil (horaire à confirmer)",
    )


def test_programme_calendar_keeps_end_time_only_where_given(client, seed_programme):
    events = events_of(client.get("/fr/saint-etienne-2018/programme.ics"))

    with_end = [
        (str(e["SUMMARY"]), e.decoded("DTEND"))
        for e in events
        if "DTEND" in e and isinstance(e.decoded("DTEND"), datetime.datetime)
    ]
    assert with_end == [
        (
            "L'ESS à l'échelle d'un quartier (Crêt de Roc)",
            datetime.datetime(2018, 2, 20, 17, 30, tzinfo=PARIS),
        )
    ]


def test_programme_calendar_event_gives_venue_and_link(client, seed_programme):
    breakfast = by_uid(client.get("/fr/saint-etienne-2018/programme.ics"))[
        "kiss-session-4@saint-etienne-2018"
    ]

    assert (str(breakfast["LOCATION"]), str(breakfast["URL"])) == (
        "Maison de l'Emploi",
        "http://testserver/fr/saint-etienne-2018/sessions/petit-dejeuner-ess/",
    )


def test_uids_are_the_same_in_every_language(client, seed_programme):
    uids = {
        code: list(by_uid(client.get(f"/{code}/saint-etienne-2018/programme.ics")))
        for code in ["fr", "en", "es", "it", "el"]
    }

    assert all(found == uids["fr"] for found in uids.values())
    assert len(set(uids["fr"])) == 26


def test_greek_calendar_speaks_greek_in_every_title(client, seed_programme):
    events = by_uid(client.get("/el/saint-etienne-2018/programme.ics"))
    lunch = events["kiss-session-6@saint-etienne-2018"]

    assert (str(lunch["SUMMARY"]), dict(lunch["SUMMARY"].params)) == (
        "Γεύμα (Ethic Table) (μεσημέρι, η ώρα θα επιβεβαιωθεί)",
        {},
    )


def test_greek_calendar_marks_an_english_title_where_the_greek_is_empty(client, seed_programme):
    Session.objects.filter(pk=6).update(title_el="")
    events = by_uid(client.get("/el/saint-etienne-2018/programme.ics"))
    lunch = events["kiss-session-6@saint-etienne-2018"]

    assert (str(lunch["SUMMARY"]), lunch["SUMMARY"].params["LANGUAGE"]) == (
        "Lunch (Ethic Table) (μεσημέρι, η ώρα θα επιβεβαιωθεί)",
        "en",
    )


def test_sequence_rises_when_organisers_set_a_time(client, seed_programme):
    url = "/en/saint-etienne-2018/programme.ics"
    before = by_uid(client.get(url))["kiss-session-6@saint-etienne-2018"]
    lunch = Session.objects.get(pk=6)
    lunch.title_en = "Lunch at Ethic Table"
    lunch.save()  # a text changes: calendars need not update
    unchanged = by_uid(client.get(url))["kiss-session-6@saint-etienne-2018"]
    lunch.start_time = datetime.time(12, 30)
    lunch.save()
    timed = by_uid(client.get(url))["kiss-session-6@saint-etienne-2018"]
    lunch.venue = Venue.objects.get(slug="maison-de-l-emploi")
    lunch.save(update_fields=["venue"])
    moved = by_uid(client.get(url))["kiss-session-6@saint-etienne-2018"]

    assert [e["SEQUENCE"] for e in (before, unchanged, timed, moved)] == [0, 0, 1, 2]
    assert (str(timed["SUMMARY"]), timed.decoded("DTSTART")) == (
        "Lunch at Ethic Table",
        datetime.datetime(2018, 2, 20, 12, 30, tzinfo=PARIS),
    )


def test_reloading_the_fixture_keeps_the_sequence_and_counts_a_moved_time(seed_programme):
    from django.core.management import call_command

    Session.objects.filter(pk=4).update(start_time=datetime.time(8, 0), schedule_version=3)
    Session.objects.filter(pk=5).update(schedule_version=2)

    call_command("loaddata", "saint_etienne_2018", verbosity=0)

    versions = dict(Session.objects.filter(pk__in=[4, 5]).values_list("pk", "schedule_version"))
    assert versions == {4: 4, 5: 2}


def test_programme_calendar_uses_the_visit_time_zone(client):
    visit = StudyVisitFactory(slug="athens", time_zone="Europe/Athens")
    SessionFactory(day__visit=visit, start_time=datetime.time(10, 0), title_en="Talk")

    event = events_of(client.get("/en/athens/programme.ics"))[0]

    assert event.decoded("DTSTART") == datetime.datetime(
        2018, 2, 19, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Athens")
    )
