"""The week at a glance and the venue index, read off the seed's programme."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from programme.models import Session
from programme.week import part_of
from tests.factories import SessionFactory, programme_of_size
from tests.html import Page

pytestmark = pytest.mark.django_db


def url_in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(f"programme:{name}", kwargs=kwargs)


def cells(page, row: int) -> list[list[str]]:
    tr = page.soup.select(".week-table tbody tr")[row]
    return [[a.get_text() for a in td.select("a")] for td in tr.select("td")]


def test_week_has_the_days_as_columns_and_parts_of_day_as_rows(client, seed_programme):
    page = Page.get(client, url_in("en", "week", visit="saint-etienne-2018"))

    assert page.texts(".week-table thead th") == [
        "Mon 19 Feb",
        "Tue 20 Feb",
        "Wed 21 Feb",
        "Thu 22 Feb",
        "Fri 23 Feb",
        "Sat 24 Feb",
    ]
    assert page.texts(".week-table tbody th") == [
        "Time of day to be confirmed",
        "Morning",
        "Midday",
        "Afternoon",
        "Time of day to be confirmed",
        "Evening",
    ]


def test_week_puts_each_seed_item_in_its_cell(client, seed_programme):
    page = Page.get(client, url_in("en", "week", visit="saint-etienne-2018"))

    assert cells(page, 2) == [
        [],
        ["Lunch (Ethic Table)"],
        ["Syrian lunch (Green Bae, member of O Pluriel)"],
        ["Lunch debate with SSE students (SSE, skills, training,..)"],
        ["Lunch with the Les Voisines association"],
        [],
    ]
    assert cells(page, 5)[2] == [
        "Dinner on your own",
        'Screening of the film "Food Coop", followed by a discussion on cooperative supermarkets',
    ]


def test_week_keeps_the_seed_row_order(client, seed_programme):
    """Arrival and departure open their day; "Accueil" stays where the seed puts it, after the
    afternoon and before Monday's dinner, in a row saying its time of day is to be confirmed."""
    page = Page.get(client, url_in("fr", "week", visit="saint-etienne-2018"))

    assert page.texts(".week-table tbody th") == [
        "Moment de la journée à confirmer",
        "Matin",
        "Midi",
        "Après-midi",
        "Moment de la journée à confirmer",
        "Soir",
    ]
    assert cells(page, 0) == [["Arrivée européens"], [], [], [], [], ["Départ des européens"]]
    assert cells(page, 4) == [["Accueil"], [], [], [], [], []]
    assert cells(page, 5)[0] == ["Repas"]


def test_week_puts_an_unplaced_item_last_when_nothing_follows_it(client):
    day = SessionFactory(part_of_day="morning", order=10).day
    SessionFactory(day=day, title_en="Closing", part_of_day="", order=20)

    page = Page.get(client, url_in("en", "week", visit=day.visit.slug))

    assert page.texts(".week-table tbody th") == [
        "Morning",
        "Midday",
        "Afternoon",
        "Evening",
        "Time of day to be confirmed",
    ]
    assert cells(page, 4) == [["Closing"]]


def test_week_links_every_item_once_in_the_table_and_once_in_the_phone_list(client, seed_programme):
    page = Page.get(client, url_in("fr", "week", visit="saint-etienne-2018"))
    sessions = [
        url_in("fr", "session", visit="saint-etienne-2018", session=slug)
        for slug in Session.objects.in_programme_order().values_list("slug", flat=True)
    ]

    assert sorted(page.links(".week-table a")) == sorted(sessions)
    assert page.links(".week-list a") == sessions


def test_week_gives_times_as_the_language_writes_them(client, seed_programme):
    page = Page.get(client, url_in("fr", "week", visit="saint-etienne-2018"))

    assert page.texts(".week-table .week-item__time")[:3] == ["09:00", "09:30", "09:30"]


def test_week_print_button_waits_for_javascript(client, seed_programme):
    page = Page.get(client, url_in("en", "week", visit="saint-etienne-2018"))
    button = page.soup.select_one("button[data-print]")

    assert (button.get_text(), button.has_attr("hidden")) == ("Print this week", True)
    assert [s["src"].split("/")[-1].split(".")[0] for s in page.soup.select("script")] == ["print"]
    assert page.soup.select("script:not([src]), [style]") == []


@pytest.mark.parametrize(
    ("start", "part"),
    [
        (datetime.time(9), "morning"),
        (datetime.time(12, 30), "midday"),
        (datetime.time(21), "evening"),
    ],
)
def test_week_places_a_timed_item_without_part_of_day_by_its_time(start, part):
    assert part_of(SessionFactory.build(start_time=start, part_of_day="")) == part


def test_programme_and_visit_pages_link_to_the_week(client, seed_programme):
    week = url_in("en", "week", visit="saint-etienne-2018")

    for name in ["programme", "visit"]:
        page = Page.get(client, url_in("en", name, visit="saint-etienne-2018"))
        assert page.link_named("The week at a glance") == week


@pytest.mark.parametrize("sessions_per_day", [2, 12])
def test_week_query_count_does_not_grow(client, django_assert_num_queries, sessions_per_day):
    visit = programme_of_size(sessions_per_day)

    # the pages version (programme/page_cache.py), visit, days, sessions with their venues
    with django_assert_num_queries(4):
        page = Page.get(client, url_in("es", "week", visit=visit.slug))
    assert len(page.links(".week-table a")) == 3 * sessions_per_day


def test_venue_index_lists_every_venue_with_its_sessions(client, seed_programme):
    page = Page.get(client, url_in("en", "venues", visit="saint-etienne-2018"))

    assert page.h1 == "Venues"
    assert len(page.texts(".venue-card h2")) == 11
    cret = page.soup.select(".venue-card")[3]
    assert " ".join(cret.get_text(" ").split()) == (
        "Crêt de Roc Neighbourhood of Saint-Etienne Address to be confirmed "
        "Tue 20 Feb , 3 p.m. – 5:30 p.m. : The SSE at neighbourhood level (Crêt de Roc)"
    )


@pytest.mark.parametrize("sessions_per_day", [2, 12])
def test_venue_index_query_count_does_not_grow(client, django_assert_num_queries, sessions_per_day):
    visit = programme_of_size(sessions_per_day)

    with django_assert_num_queries(4):  # pages version, visit, venues, their sessions with days
        page = Page.get(client, url_in("it", "venues", visit=visit.slug))
    assert len(page.texts(".venue-card h2")) == 3 * sessions_per_day


# The seed's second lines (items 5, 7 and 10), shown wherever the item is listed.
SECOND_LINES = [
    "Présentation du projet Ethic Table",
    "Rue du Développement Durable, Vrac en Vert, Captain Ludd,...",
    "Talents Croisés, Kaléido'Scop, Cabestan Présentation de la Coopérative Jeunesse de Services",
]


def test_week_shows_second_lines_in_the_table_and_the_phone_list(client, seed_programme):
    """The same HTML is what the print button prints."""
    page = Page.get(client, url_in("fr", "week", visit="saint-etienne-2018"))

    assert sorted(page.texts(".week-table .week-item__description")) == sorted(SECOND_LINES)
    assert page.texts(".week-list .week-item__description") == SECOND_LINES
