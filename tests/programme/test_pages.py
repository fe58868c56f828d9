import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from programme.models import Session
from tests.factories import (
    DayFactory,
    SessionFactory,
    StudyVisitFactory,
    VenueFactory,
    programme_of_size,
)
from tests.html import Page
from tests.programme.test_week import SECOND_LINES

pytestmark = pytest.mark.django_db


def url_in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(f"programme:{name}", kwargs=kwargs)


@pytest.fixture
def visit():
    visit = StudyVisitFactory(
        slug="saint-etienne-2018",
        title_fr="Tissez votre toile ESS !",
        title_en="Weave your SSE web!",
    )
    tuesday = DayFactory(visit=visit, date=datetime.date(2018, 2, 20))
    maison = VenueFactory(name="Maison de l'Emploi", slug="maison-de-l-emploi")
    SessionFactory(
        day=tuesday,
        slug="petit-dejeuner-ess",
        title_fr="Petit déjeuner ESS avec acteurs locaux",
        title_en="SSE breakfast with local actors",
        kind=Session.Kind.MEETING,
        venue=maison,
        start_time=datetime.time(9, 0),
        order=10,
        is_open_for_signup=True,
        capacity=25,
        reserved_places=9,
    )
    SessionFactory(
        day=tuesday,
        slug="repas-ethic-table",
        title_fr="Repas (Ethic Table)",
        title_en="Lunch (Ethic Table)",
        kind=Session.Kind.MEAL,
        part_of_day=Session.PartOfDay.MIDDAY,
        order=20,
    )
    return visit


def test_programme_page_in_french_lists_items_with_time_or_part_of_day(client, visit):
    page = Page.get(client, url_in("fr", "programme", visit=visit.slug))

    assert page.lang == "fr"
    assert page.texts(".programme-day h2") == ["Mardi 20 février 2018"]
    assert page.texts(".session__title") == [
        "Petit déjeuner ESS avec acteurs locaux",
        "Repas (Ethic Table)",
    ]
    assert page.texts(".session__when") == ["09:00", "Midi (horaire à confirmer)"]
    assert page.texts(".session__venue") == ["Lieu : Maison de l'Emploi", "Lieu à confirmer"]
    assert page.texts(".session__places") == [
        "16 places restantes",
        "Pas d'inscription nécessaire",
    ]


def test_programme_page_in_english_shows_english_content(client, visit):
    page = Page.get(client, url_in("en", "programme", visit=visit.slug))

    assert page.lang == "en"
    assert page.texts(".programme-day h2") == ["Tuesday 20 February 2018"]
    assert page.texts(".session__title") == [
        "SSE breakfast with local actors",
        "Lunch (Ethic Table)",
    ]
    assert page.texts(".session__when") == ["9 a.m.", "Midday (time to be confirmed)"]
    assert page.texts(".session__places") == ["16 places left", "No sign-up needed"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            [
                "Date",
                "Mardi 20 février 2018",
                "Horaire",
                "09:00 Les horaires sont donnés en heure locale de Saint-Etienne (Europe/Paris).",
                "Lieu",
                "Maison de l'Emploi",
            ],
        ),
        (
            "en",
            [
                "Date",
                "Tuesday 20 February 2018",
                "Time",
                "9 a.m. Times are local time in Saint-Etienne (Europe/Paris).",
                "Venue",
                "Maison de l'Emploi",
            ],
        ),
    ],
)
def test_session_page_states_date_time_and_venue(client, visit, language, expected):
    page = Page.get(
        client, url_in(language, "session", visit=visit.slug, session="petit-dejeuner-ess")
    )

    assert page.lang == language
    assert page.texts(".facts dt, .facts dd")[:6] == expected


def test_session_page_without_venue_or_time_says_to_be_confirmed(client, visit):
    page = Page.get(client, url_in("en", "session", visit=visit.slug, session="repas-ethic-table"))

    assert page.h1 == "Lunch (Ethic Table)"
    assert page.texts(".facts dd")[1:3] == [
        "Midday (time to be confirmed)",
        "Venue to be confirmed",
    ]


def test_venue_page_lists_its_sessions_and_missing_address(client, visit):
    page = Page.get(client, url_in("fr", "venue", visit=visit.slug, venue="maison-de-l-emploi"))

    assert page.h1 == "Maison de l'Emploi"
    assert page.texts(".facts dd") == ["Adresse à confirmer"]
    assert page.texts(".session__title") == ["Petit déjeuner ESS avec acteurs locaux"]


@pytest.mark.parametrize(
    ("language", "no_sign_up"),
    [
        ("es", "No hace falta inscribirse"),
        ("it", "Non serve iscriversi"),
        ("el", "Δεν χρειάζεται εγγραφή"),
    ],
)
def test_programme_page_says_an_item_needs_no_sign_up_in_partner_language(
    client, visit, language, no_sign_up
):
    page = Page.get(client, url_in(language, "programme", visit=visit.slug))

    assert page.texts(".session__places")[1] == no_sign_up


def test_home_in_greek_heads_the_focus_of_the_visit(client, visit):
    visit.objective_fr = "Comprendre la pérennité sociale"
    visit.save()

    page = Page.get(client, "/el/")

    assert page.text("#objective") == "Θεματικό επίκεντρο της επίσκεψης"


@pytest.mark.parametrize(
    ("language", "title"), [("fr", "Tissez votre toile ESS !"), ("en", "Weave your SSE web!")]
)
def test_home_presents_the_visit_in_visitor_language(client, visit, language, title):
    page = Page.get(client, f"/{language}/")

    assert page.lang == language
    assert page.h1 == title
    assert page.link_named({"fr": "Voir le programme", "en": "See the programme"}[language]) == (
        url_in(language, "programme", visit=visit.slug)
    )


def test_bare_address_follows_browser_language(client, visit):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})

    assert (response.status_code, response["Location"]) == (302, "/en/")


def test_language_switcher_round_trips_to_the_same_page(client, visit):
    french = url_in("fr", "session", visit=visit.slug, session="petit-dejeuner-ess")

    english = Page.get(client, french).link_named("English")
    back = Page.get(client, english).link_named("Français")

    assert (english, back) == (
        url_in("en", "session", visit=visit.slug, session="petit-dejeuner-ess"),
        french,
    )


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/fr/saint-etienne-2018/sessions/nope/", "Page introuvable"),
        ("/en/saint-etienne-2018/sessions/nope/", "Page not found"),
        ("/en/no-such-visit/programme/", "Page not found"),
        ("/fr/saint-etienne-2018/venues/nope/", "Page introuvable"),
    ],
)
def test_unknown_slug_gives_translated_404(client, visit, path, heading):
    page = Page.get(client, path, status=404)

    assert (page.lang, page.h1) == (path[1:3], heading)


def test_unpublished_visit_is_not_shown(client):
    hidden = StudyVisitFactory(is_published=False)

    Page.get(client, url_in("en", "programme", visit=hidden.slug), status=404)
    assert Page.get(client, "/en/").h1 == "KISS study visits"


@pytest.mark.parametrize("sessions_per_day", [2, 12])
def test_programme_page_query_count_does_not_grow(
    client, django_assert_num_queries, sessions_per_day
):
    visit = programme_of_size(sessions_per_day)

    # the pages version (programme/page_cache.py), visit, days, sessions with their venues
    with django_assert_num_queries(4):
        page = Page.get(client, url_in("fr", "programme", visit=visit.slug))
    assert len(page.texts(".session__title")) == 3 * sessions_per_day


@pytest.mark.parametrize("sessions_per_day", [2, 12])
def test_other_pages_query_count_does_not_grow(client, django_assert_num_queries, sessions_per_day):
    visit = programme_of_size(sessions_per_day)
    session = Session.objects.select_related("venue").filter(day__visit=visit).first()

    with django_assert_num_queries(4):  # pages version, visit, days with counts, other visits
        Page.get(client, url_in("en", "visit", visit=visit.slug))
    # pages version, session with day, visit, venue; same-day sessions
    with django_assert_num_queries(3):
        Page.get(client, url_in("en", "session", visit=visit.slug, session=session.slug))
    # pages version, venue, its sessions (the visit is kept since the visit's page)
    with django_assert_num_queries(3):
        Page.get(client, url_in("en", "venue", visit=visit.slug, venue=session.venue.slug))
    with django_assert_num_queries(2):  # visit, timed sessions
        client.get(url_in("en", "calendar", visit=visit.slug))


# Capacities not in the seed, venues not expected, the organisers' contact -----------------------


def test_provisional_capacity_is_not_stated_on_public_pages(client, seed_programme):
    url = url_in("en", "session", visit="saint-etienne-2018", session="petit-dejeuner-ess")
    page = Page.get(client, url)
    programme = Page.get(client, url_in("en", "programme", visit="saint-etienne-2018"))

    assert page.texts(".facts dd")[-1] == (
        "Sign-up open, places limited "
        "Places are limited; their number is to be confirmed by the organisers."
    )
    assert set(programme.texts(".session__places")) == {
        "Sign-up open, places limited",
        "No sign-up needed",
    }


def test_provisional_capacity_still_says_when_a_session_is_full(client, seed_programme):
    from tests.factories import fill

    session = Session.objects.get(slug="petit-dejeuner-ess")
    fill(session, 16)  # the 16 local places of the default capacity

    page = Page.get(
        client, url_in("en", "session", visit="saint-etienne-2018", session=session.slug)
    )

    assert page.texts(".facts dd")[-1].startswith("Full · waiting list open")


def test_decided_capacity_is_stated(client, seed_programme):
    Session.objects.filter(slug="petit-dejeuner-ess").update(capacity_is_provisional=False)

    page = Page.get(
        client, url_in("en", "session", visit="saint-etienne-2018", session="petit-dejeuner-ess")
    )

    assert page.texts(".facts dd")[-1] == (
        "16 places left 25 places in all, 9 of them kept for the European SSE actors from "
        "Greece, Italy and Spain"
    )


def test_venue_to_be_confirmed_only_where_a_venue_is_expected(client, seed_programme):
    page = Page.get(client, url_in("en", "programme", visit="saint-etienne-2018"))
    wednesday = page.soup.select_one("#day-2018-02-21")

    venues = {
        " ".join(li.select_one(".session__title").get_text().split()): (
            " ".join(li.select_one(".session__venue").get_text(" ").split())
            if li.select_one(".session__venue")
            else None
        )
        for li in wednesday.select("li.session")
    }
    assert venues["Dinner on your own"] is None
    assert venues["Syrian lunch (Green Bae, member of O Pluriel)"] == "Venue to be confirmed"
    assert venues["Visit to O Pluriel (business incubator)"] == "Venue: O Pluriel"


@pytest.mark.parametrize("path", ["/en/", "/en/saint-etienne-2018/week/", "/en/privacy/"])
def test_organisers_contact_is_on_every_public_page_when_set(client, visit, settings, path):
    settings.ORGANISERS_EMAIL = "kiss@example.org"

    page = Page.get(client, path)

    assert page.text(".site-footer p:nth-of-type(2)") == (
        "Questions? Write to the organisers: kiss@example.org"
    )
    assert page.links(".site-footer a[href^=mailto]") == ["mailto:kiss@example.org"]


def test_no_organisers_contact_when_unset(client, visit, settings):
    settings.ORGANISERS_EMAIL = ""

    assert Page.get(client, "/en/").links(".site-footer a[href^=mailto]") == []


def test_programme_page_shows_second_lines_of_items(client, seed_programme):
    page = Page.get(client, url_in("fr", "programme", visit="saint-etienne-2018"))

    assert page.texts(".session__description") == SECOND_LINES
