"""What organisers read in the admin, as an organiser: a person's agenda, a session's people, a
registration's page, the history of places, lists and search. Each page runs a fixed number of
queries whatever the number of people."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from registrations import services
from registrations.models import Participant, Registration
from tests.factories import DayFactory, sign_up, signup_session
from tests.html import Page

pytestmark = pytest.mark.django_db


def admin_url(name, *args, query=""):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args) + query


def registration_of(email, session=None) -> Registration:
    found = Registration.objects.filter(participant__email=email)
    return found.get(session=session) if session else found.get()


@pytest.fixture
def programme():
    """Two days. Monday: a morning visit (1 place, taken by holder@, camille@ waiting) and an
    evening dinner; Tuesday: a dinner too."""
    monday = DayFactory()
    tuesday = DayFactory(visit=monday.visit, date=monday.date + datetime.timedelta(days=1))
    visit = signup_session(
        day=monday, capacity=1, title_en="Visit", start_time=datetime.time(9, 30)
    )
    dinner = signup_session(day=monday, capacity=None, kind="meal", title_en="Dinner")
    tuesday_dinner = signup_session(day=tuesday, capacity=None, kind="meal", title_en="Dinner")
    sign_up(visit, email="holder@example.org", first_name="Holder")
    sign_up([visit, dinner, tuesday_dinner], email="camille@example.org")
    return visit, dinner, tuesday_dinner


def test_participant_page_shows_their_agenda_with_the_buttons_of_each_status(
    client, organiser, programme
):
    dinner = programme[1]
    camille = Participant.objects.get(email="camille@example.org")
    services.cancel_registration(registration=registration_of("camille@example.org", dinner))

    page = Page.get(client, admin_url("registrations_participant_change", camille.pk))

    rows = page.soup.select(".agenda tbody tr")
    cells = [[" ".join(td.get_text().split()) for td in row.select("td, th")][:6] for row in rows]
    assert cells == [
        ["Mon 19 Feb", "9:30 a.m.", "Visit", "On the waiting list", "1", ""],
        ["Mon 19 Feb", "Time to be confirmed", "Dinner", "Cancelled", "", ""],
        ["Tue 20 Feb", "Time to be confirmed", "Dinner", "Confirmed", "", "unknown"],
    ]
    buttons = [[b.get_text(strip=True) for b in row.select("button")] for row in rows]
    assert buttons == [
        ["Cancel", "Move", "Promote", "Up", "Down", "Move to place"],
        ["Undo the cancellation", "Restore"],
        ["Cancel", "Move", "Attended", "No-show"],
    ]
    moves = [o.get_text() for o in rows[2].select("select[name=to_session] option")]
    # nothing chosen beforehand; they hold the visit (waiting) and Tuesday's dinner
    assert moves == ["---------", "Mon 19 Feb — Dinner"]


def test_session_page_lists_confirmed_then_the_waiting_list_in_order(client, organiser, programme):
    visit = programme[0]
    sign_up(visit, email="third@example.org", first_name="Third")
    third = registration_of("third@example.org")
    services.move_in_line(registration=third, up=True, reason="Speaker", by=services.SYSTEM)
    services.cancel_registration(registration=registration_of("holder@example.org"))

    page = Page.get(client, admin_url("programme_session_change", visit.pk))

    assert page.text(".people h2") == "People · 1 confirmed, 1 waiting · capacity 1"
    assert page.texts(".people > table tbody th") == ["Third Martin", "Camille Martin"]
    assert page.texts(".people > table tbody td:nth-child(2)") == [
        "Confirmed",
        "On the waiting list",
    ]
    assert page.text(".people__cancelled summary") == "1 cancellation"
    assert page.texts(".places-history tbody td:last-child")[:3] == [
        "Promoted from the waiting list. Status: waiting → confirmed",
        "Cancelled. Status: confirmed → cancelled",
        "Place in the waiting list: 2 → 1 (reason: Speaker)",
    ]


def move_choices(row) -> list[tuple[str, bool, bool]]:
    """A row's Move list as an organiser sees it: (text, disabled, selected) per option."""
    return [
        (o.get_text(), o.has_attr("disabled"), o.has_attr("selected"))
        for o in row.select("select[name=to_session] option")
    ]


def test_session_page_move_lists_have_no_preset_leave_held_out_and_show_full(
    client, organiser, programme
):
    _visit, _dinner, tuesday_dinner = programme
    sign_up(tuesday_dinner, email="dora@example.org", first_name="Dora")

    page = Page.get(client, admin_url("programme_session_change", tuesday_dinner.pk))

    rows = page.soup.select(".people > table tbody tr")
    assert [(row.th.get_text(strip=True), move_choices(row)) for row in rows] == [
        # Camille holds (or waits for) every other session: nothing to move to
        ("Camille Martin", []),
        (
            "Dora Martin",
            [
                ("---------", False, True),
                ("Mon 19 Feb — Visit (full)", True, False),
                ("Mon 19 Feb — Dinner", False, False),
            ],
        ),
    ]


def test_registration_list_shows_delegation_and_sign_up_date(client, organiser, programme):
    visit = programme[0]
    Participant.objects.filter(email="holder@example.org").update(is_delegation=True)
    Registration.objects.update(
        created_at=datetime.datetime(2018, 1, 15, 8, 30, tzinfo=datetime.UTC)
    )

    page = Page.get(
        client,
        admin_url("registrations_registration_changelist", query=f"?session__id__exact={visit.pk}"),
    )

    rows = page.soup.select("#result_list tbody tr")
    assert page.texts("#result_list thead th:not(.action-checkbox-column)") == [
        "Participant",
        "Session",
        "Status",
        "Place in line",
        "Delegation",
        "Signed up on",
        "Attended",
    ]
    assert [
        [c.get_text(strip=True) for c in row.select("th, td:not(.action-checkbox)")] for row in rows
    ] == [
        ["Holder Martin", "Mon 19 Feb — Visit", "Confirmed", "-", "member", "01/15/2018", ""],
        [
            "Camille Martin",
            "Mon 19 Feb — Visit",
            "On the waiting list",
            "1",
            "—",
            "01/15/2018",
            "",
        ],
    ]


def test_capacity_changes_are_on_the_session_page_old_to_new(client, organiser, programme):
    visit = programme[0]
    data = {
        "day": visit.day_id,
        "order": visit.order,
        "kind": visit.kind,
        "slug": visit.slug,
        "title_fr": visit.title_fr,
        "title_en": visit.title_en,
        "is_open_for_signup": "on",
        "capacity": 3,
        "reserved_places": 1,
    }
    client.post(admin_url("programme_session_change", visit.pk), data)

    page = Page.get(client, admin_url("programme_session_change", visit.pk))

    assert page.texts(".places-history tbody td:nth-child(2)")[:2] == ["The site", "orga"]
    assert page.texts(".places-history tbody td:last-child")[:2] == [
        "Promoted from the waiting list. Status: waiting → confirmed",
        "Capacity: 1 → 3 (1 reserved)",
    ]


def test_registration_page_is_read_only_and_a_save_changes_nothing(client, organiser, programme):
    waiting = registration_of("camille@example.org", programme[0])
    address = admin_url("registrations_registration_change", waiting.pk)

    page = Page.get(client, address)
    posted = Page(client.post(address, {"status": "confirmed"}, follow=True))

    assert page.h1 == "Registration"
    assert page.soup.select("input[name=_save], input[name=_continue]") == []
    assert [b.get_text(strip=True) for b in page.soup.select(".registration-actions button")] == [
        "Cancel",
        "Promote",
        "Up",
        "Down",
        "Move to place",
    ]
    assert page.texts(".places-history tbody td:last-child") == ["Signed up. Status: waiting"]
    assert posted.texts(".messagelist li") == [
        "Nothing was saved: a registration changes through its buttons."
    ]
    waiting.refresh_from_db()
    assert waiting.status == "waiting"


def test_history_button_shows_the_history_of_places(client, organiser, programme):
    camille = Participant.objects.get(email="camille@example.org")

    page = Page.get(client, admin_url("registrations_participant_history", camille.pk))

    assert page.texts(".places-history tbody td:nth-child(3)") == [
        "Tue 20 Feb — Dinner",
        "Mon 19 Feb — Dinner",
        "Mon 19 Feb — Visit",
    ]


def test_session_names_carry_their_day_in_lists_and_filters(client, organiser, programme):
    page = Page.get(client, admin_url("registrations_registration_changelist"))

    filters = page.soup.select("#changelist-filter details")
    by_session = next(d for d in filters if "By session" in d.summary.get_text())
    assert [a.get_text() for a in by_session.select("li a")][1:] == [
        "Mon 19 Feb — Visit",
        "Mon 19 Feb — Dinner",
        "Tue 20 Feb — Dinner",
    ]
    assert sorted(set(page.texts("#result_list td.field-session"))) == [
        "Mon 19 Feb — Dinner",
        "Mon 19 Feb — Visit",
        "Tue 20 Feb — Dinner",
    ]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("nunez", ["Ignacio Ñúñez"]),
        ("γιώργος", ["Γιώργος Παπαδόπουλος"]),
        ("NÚÑEZ ign", ["Ignacio Ñúñez"]),
    ],
)
def test_search_ignores_accents_and_case_for_participants_and_registrations(
    client, organiser, typed, found
):
    session = signup_session(title_en="Visit")
    sign_up(session, email="ignacio@example.org", first_name="Ignacio", last_name="Ñúñez")
    sign_up(session, email="g@example.org", first_name="Γιώργος", last_name="Παπαδόπουλος")
    sign_up(session, email="other@example.org", first_name="Nuno", last_name="Silva")

    people = Page.get(
        client, admin_url("registrations_participant_changelist", query=f"?q={typed}")
    )
    signups = Page.get(
        client, admin_url("registrations_registration_changelist", query=f"?q={typed}")
    )

    assert people.texts("#result_list tbody th") == found
    assert signups.texts("#result_list tbody th") == found


def test_participant_list_shows_claims_and_confirms_them_in_bulk(client, organiser, programme):
    sign_up(programme[1], email="partner@example.org", first_name="Eleni", delegation_claimed=True)
    partner = Participant.objects.get(email="partner@example.org")
    listing = admin_url("registrations_participant_changelist")

    claims = Page.get(client, listing + "?delegation=claimed")
    response = client.post(
        listing, {"action": "confirm_delegation", "_selected_action": [partner.pk]}, follow=True
    )

    assert claims.texts("#result_list tbody td.field-delegation") == ["to be confirmed"]
    assert Page(response).texts(".messagelist li") == [
        "Delegation membership changed for 1 participant."
    ]
    assert Page.get(client, listing + "?delegation=claimed").texts("#result_list tbody th") == []
    partner.refresh_from_db()
    assert partner.is_delegation is True


def people(sessions, count):
    for n in range(count):
        sign_up(sessions, email=f"p{n}@example.org")


@pytest.mark.parametrize("size", [4, 12])
@pytest.mark.parametrize(
    ("page", "queries"),
    # the session page: one query more, for the sessions each person holds (left out of Move)
    [("participant", 11), ("session", 12), ("registration", 9), ("history", 8)],
)
def test_pages_run_a_fixed_number_of_queries(
    client, organiser, django_assert_num_queries, size, page, queries
):
    day = DayFactory()
    sessions = [signup_session(day=day, capacity=3) for _ in range(3)]
    people(sessions, size)  # some confirmed, the others waiting
    services.cancel_registration(registration=Registration.objects.first())
    registration = Registration.objects.filter(status="waiting").last()
    address = {
        "participant": admin_url("registrations_participant_change", registration.participant_id),
        "session": admin_url("programme_session_change", sessions[0].pk),
        "registration": admin_url("registrations_registration_change", registration.pk),
        "history": admin_url("registrations_participant_history", registration.participant_id),
    }[page]
    ContentType.objects.clear_cache()  # cached per process: counted whatever ran before

    with django_assert_num_queries(queries):
        assert client.get(address).status_code == 200


def test_session_history_shows_the_moves_out_of_it(client, organiser, programme):
    visit, dinner, _tuesday_dinner = programme
    holder = registration_of("holder@example.org")
    services.move_registration(registration=holder, to_session=dinner, by=services.SYSTEM)

    page = Page.get(client, admin_url("programme_session_change", visit.pk))

    assert page.texts(".places-history tbody td:last-child")[:2] == [
        "Promoted from the waiting list. Status: waiting → confirmed",
        "Moved from Mon 19 Feb — Visit to Mon 19 Feb — Dinner.",
    ]
