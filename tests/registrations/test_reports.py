"""The organisers' dashboard: its figures against data whose answer we know."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from registrations import reports
from tests.factories import DayFactory, sign_up, signup_session
from tests.html import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit_with_signups():
    """A talk (4 places, 1 reserved) and a lunch (unlimited) on one day:
    talk: 3 local confirmed + 1 delegation confirmed, 1 local waiting; lunch: 3 guests."""
    day = DayFactory()
    talk = signup_session(day=day, capacity=4, reserved_places=1, title_en="Talk")
    lunch = signup_session(day=day, capacity=None, kind="meal", title_en="Lunch")
    sign_up([talk, lunch], email="fr1@example.org", country="FR", dietary_requirement="vegan")
    sign_up([talk, lunch], email="fr2@example.org", country="FR")
    sign_up([talk], email="it1@example.org", country="IT")
    sign_up(
        [talk, lunch],
        email="gr1@example.org",
        country="GR",
        is_delegation=True,
        dietary_requirement="allergy",
        dietary_notes="Arachides",
    )
    sign_up([talk], email="late@example.org", country="ES")
    return day.visit, talk, lunch


def test_fill_by_day_counts_places_and_waiting(visit_with_signups):
    visit = visit_with_signups[0]

    [day] = reports.fill_by_day(visit)

    assert [
        (s.title_en, s.places_taken, s.fill_percent, s.waiting_count) for s in day.sessions
    ] == [
        ("Talk", 4, 100, 1),
        ("Lunch", 3, None, 0),
    ]
    assert (day.taken, day.capacity, day.percent) == (4, 4, 100)
    assert [r.participant.email for r in day.sessions[0].waiting_list] == ["late@example.org"]


def test_totals_by_country_and_group_count_attendees_once(visit_with_signups):
    visit = visit_with_signups[0]

    with translation.override("en"):
        countries = reports.totals_by_country(visit)

    assert countries == [("France", 2), ("Greece", 1), ("Italy", 1)]
    assert reports.totals_by_group(visit) == {"delegation": 1, "local": 3}


def test_meal_needs_give_the_caterer_counts_and_details(visit_with_signups):
    visit = visit_with_signups[0]

    with translation.override("en"):
        [lunch] = reports.meal_needs(visit)
        rows = lunch.rows()

    assert (lunch.total, rows, lunch.details) == (
        3,
        [("No particular requirement", 1), ("Vegan", 1), ("Allergy (please describe)", 1)],
        ["Arachides"],
    )


def test_dashboard_page_shows_the_figures(admin_client, visit_with_signups):
    with translation.override("en"):
        url = reverse("admin:registrations_dashboard")

    page = Page.get(admin_client, url)

    assert page.texts(".dashboard__day table tbody th") == ["Talk", "Lunch"]
    assert page.texts(".dashboard__waiting li") == ["Camille Martin"]


@pytest.mark.parametrize("people", [2, 12])
def test_dashboard_runs_a_fixed_number_of_queries(client, django_assert_num_queries, people):
    day = DayFactory()
    sessions = [signup_session(day=day, capacity=3, kind=kind) for kind in ("visit", "meal")]
    for n in range(people):
        sign_up(sessions, email=f"p{n}@example.org")
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    with translation.override("en"):
        url = reverse("admin:registrations_dashboard")

    with django_assert_num_queries(9):
        client.get(url)


@pytest.mark.parametrize("chosen", ["abc", "999999", "\x00"])
def test_dashboard_with_a_wrong_visit_parameter_never_fails(
    admin_client, visit_with_signups, chosen
):
    with translation.override("en"):
        url = reverse("admin:registrations_dashboard")

    response = admin_client.get(url, {"visit": chosen})

    assert response.status_code == (404 if chosen == "999999" else 200)
