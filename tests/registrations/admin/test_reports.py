"""The organisers' dashboard: its figures against data whose answer we know."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from registrations.admin import reports
from registrations.models import Participant
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
        (s.title_en, s.confirmed_count, s.fill_percent, s.unused_reserved, s.waiting_count)
        for s in day.sessions
    ] == [
        ("Talk", 4, 100, 0, 1),
        ("Lunch", 3, None, 0, 0),
    ]
    assert (day.confirmed, day.capacity, day.percent, day.unused_reserved) == (4, 4, 100, 0)
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

    assert (lunch.total, rows) == (
        3,
        [("No particular requirement", 1), ("Vegan", 1), ("Allergy (please describe)", 1)],
    )
    assert [(p.email, notes) for p, notes in lunch.details] == [("gr1@example.org", "Arachides")]


def test_dashboard_page_shows_the_figures(admin_client, visit_with_signups):
    with translation.override("en"):
        url = reverse("admin:registrations_dashboard")

    page = Page.get(admin_client, url)

    assert page.texts(".dashboard__day table tbody th > a:first-child") == ["Talk", "Lunch"]
    assert page.texts(".dashboard__checkin") == ["Check-in", "Check-in"]
    assert page.texts(".dashboard__waiting li > a") == ["Camille Martin"]
    assert [li.get_text() for li in page.soup.select(".dashboard__details li")] == [
        "Camille Martin: Arachides"
    ]


def test_fill_rate_is_confirmed_over_capacity_with_unused_delegation_places_apart(
    client, organiser
):
    """The issue's Tuesday read "102 / 125 (82 %)" with 99 confirmed: the delegation's unused
    places were counted as filled."""
    day = DayFactory()
    talk = signup_session(day=day, capacity=10, reserved_places=3, title_en="Talk")
    for n in range(7):
        sign_up(talk, email=f"local{n}@example.org")
    with translation.override("en"):
        url = reverse("admin:registrations_dashboard")

    page = Page.get(client, url)

    assert page.text(".dashboard__day-fill") == (
        "7 confirmed / 10 places (70%) · 3 places kept for the delegation, not taken"
    )
    assert page.texts(".dashboard__day tbody td")[:5] == ["70% 70%", "7", "3", "10", "0"]


def test_dashboard_waiting_list_links_to_the_person_and_promotes(client, organiser):
    talk = signup_session(capacity=1, title_en="Talk")
    sign_up(talk, email="holder@example.org")
    sign_up(talk, email="waiting@example.org", first_name="Wanda")
    waiting = Participant.objects.get(email="waiting@example.org")
    with translation.override("en"):
        url = reverse("admin:registrations_dashboard")
    page = Page.get(client, url)
    form = page.soup.select_one(".dashboard__waiting form")

    response = client.post(
        form["action"],
        {"next": form.select_one("[name=next]")["value"], "over_capacity": "on"},
        follow=True,
    )

    assert page.links(".dashboard__waiting li > a") == [
        f"/en/admin/registrations/participant/{waiting.pk}/change/"
    ]
    assert response.redirect_chain == [(url, 302)]
    assert Page(response).texts(".messagelist li") == [
        "Promoted over capacity: Wanda Martin — Mon 19 Feb — Talk. Capacity raised to 2."
    ]
    assert Page(response).texts(".dashboard__waiting li") == []


def test_dashboard_promote_on_a_full_session_offers_raising_the_capacity(client, organiser):
    talk = signup_session(capacity=1, title_en="Talk")
    sign_up(talk, email="holder@example.org")
    sign_up(talk, email="waiting@example.org", first_name="Wanda")
    with translation.override("en"):
        url = reverse("admin:registrations_dashboard")
    page = Page.get(client, url)
    form = page.soup.select_one(".dashboard__waiting form")
    buttons = {b.get_text(strip=True): b for b in form.select("button")}

    # What the browser sends for the second button: the form's fields and the button's value.
    button = buttons["Promote even if full (raises the capacity)"]
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    fields[button["name"]] = button["value"]
    response = client.post(form["action"], fields, follow=True)

    assert list(buttons) == ["Promote", "Promote even if full (raises the capacity)"]
    assert Page(response).texts(".messagelist li") == [
        "Promoted over capacity: Wanda Martin — Mon 19 Feb — Talk. Capacity raised to 2."
    ]


@pytest.mark.parametrize("people", [2, 12])
def test_dashboard_runs_a_fixed_number_of_queries(client, django_assert_num_queries, people):
    day = DayFactory()
    sessions = [signup_session(day=day, capacity=3, kind=kind) for kind in ("visit", "meal")]
    for n in range(people):
        sign_up(sessions, email=f"p{n}@example.org")
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    with translation.override("en"):
        url = reverse("admin:registrations_dashboard")

    # the meals are counted by the database and their details read apart, and the delegation
    # claims waiting are counted, and the files prepared in the background listed (one more):
    # the same number whatever the number of guests
    with django_assert_num_queries(12):
        client.get(url)


@pytest.mark.parametrize("chosen", ["abc", "999999", "\x00"])
def test_dashboard_with_a_wrong_visit_parameter_never_fails(
    admin_client, visit_with_signups, chosen
):
    with translation.override("en"):
        url = reverse("admin:registrations_dashboard")

    response = admin_client.get(url, {"visit": chosen})

    assert response.status_code == (404 if chosen == "999999" else 200)


def test_dashboard_gives_times_attendance_and_claims_waiting(client, organiser):
    import datetime

    from registrations.models import Registration

    day = DayFactory()
    lunch = signup_session(
        day=day, capacity=5, kind="meal", title_en="Meal", start_time=datetime.time(12, 30),
        end_time=datetime.time(14, 0), order=1,
    )  # fmt: skip
    dinner = signup_session(
        day=day, capacity=5, kind="meal", title_en="Meal", start_time=datetime.time(19, 30),
        order=2,
    )  # fmt: skip
    for n in range(3):
        sign_up([lunch, dinner], email=f"p{n}@example.org", delegation_claimed=n == 0)
    attended = Registration.objects.filter(session=lunch).order_by("pk")
    Registration.objects.filter(pk=attended[0].pk).update(attended=True)
    Registration.objects.filter(pk=attended[1].pk).update(attended=False)
    with translation.override("en"):
        url = reverse("admin:registrations_dashboard")

    page = Page.get(client, url)

    assert page.texts(".dashboard__day .dashboard__time") == ["12:30 p.m.–2 p.m.", "7:30 p.m."]
    rows = page.soup.select(".dashboard__day tbody tr")
    attendance = [" ".join(row.select("td")[5].get_text().split()) for row in rows]
    assert attendance == ["1 present · 1 no-show", "0 present · 0 no-show"]
    assert page.text(".dashboard__claims") == "1 delegation claim to be confirmed"
