"""Sign-ups taken by hand in the admin ("Add participant"), as an organiser: the public form's
checks, places through the services, consent given to the organiser, e-mail by choice."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

from registrations.models import Change, Participant, Registration
from tests.factories import DayFactory, StudyVisitFactory, sign_up, signup_session
from tests.html import Page
from tests.mail_queue import deliver_queued_mail
from tests.registrations.places import counters_match

pytestmark = pytest.mark.django_db


def add_url(**query):
    with translation.override("en"):
        url = reverse("admin:registrations_participant_add")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def sessions():
    """Two days: a visit with 1 place (taken) and a talk with room; then a meal."""
    first = DayFactory()
    second = DayFactory(visit=first.visit, date=first.date + datetime.timedelta(days=1))
    visit = signup_session(day=first, capacity=1, title_en="Visit")
    talk = signup_session(day=first, capacity=10, title_en="Talk")
    meal = signup_session(day=second, capacity=None, kind="meal", title_en="Dinner")
    sign_up(visit, email="holder@example.org")
    return visit, talk, meal


def form_data(chosen, **changes):
    data = {
        "visit": chosen[0].day.visit_id,
        "first_name": "Ignacio",
        "last_name": "Núñez",
        "email": "ignacio@example.org",
        "organisation": "Cooperativa",
        "country": "ES",
        "language": "en",
        "sessions": [s.pk for s in chosen],
        "join_waiting_list": "on",
        "dietary_requirement": "",
        "dietary_notes": "",
        "accessibility_needs": "",
        "consent_given": "on",
    }
    return {**data, **changes}


def test_organiser_signs_someone_up_by_hand(client, organiser, sessions):
    visit, talk, _meal = sessions
    data = form_data(sessions, notify="on", dietary_requirement="vegan")

    response = client.post(add_url(), data, follow=True)

    participant = Participant.objects.get(email="ignacio@example.org")
    assert response.redirect_chain == [
        (f"/en/admin/registrations/participant/{participant.pk}/change/", 302)
    ]
    assert Page(response).texts(".messagelist li") == [
        "Signed up: Ignacio Núñez. Confirmed: Mon 19 Feb — Talk, Tue 20 Feb — Dinner. "
        "On the waiting list: Mon 19 Feb — Visit."
    ]
    assert (participant.consent_given_to, participant.language) == (organiser, "en")
    assert participant.consented_at > timezone.now() - datetime.timedelta(minutes=1)
    assert participant.dietary_requirement == "vegan"
    assert sorted(participant.registrations.values_list("session__title_en", "status")) == [
        ("Dinner", "confirmed"),
        ("Talk", "confirmed"),
        ("Visit", "waiting"),
    ]
    entries = Change.objects.filter(participant=participant)
    assert {(e.actor, e.user, e.action) for e in entries} == {("organiser", organiser, "signed_up")}
    assert [m.to for m in deliver_queued_mail()] == [
        ["holder@example.org"],
        ["ignacio@example.org"],
    ]
    assert (counters_match(visit), counters_match(talk)) == (True, True)


def test_organiser_may_send_no_email(client, organiser, sessions):
    deliver_queued_mail().clear()

    client.post(add_url(), form_data(sessions[1:2]))  # "notify" unticked

    assert (
        Participant.objects.filter(email="ignacio@example.org").count(),
        deliver_queued_mail(),
    ) == (
        1,
        [],
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"first_name": "Igna\u200bcio"},
            "first_name",
            "This field contains an invisible or control character (U+200B): remove it.",
        ),
        ({"consent_given": ""}, "consent_given", "Sign someone up only once they have consented."),
        ({"sessions": []}, "sessions", "Choose at least one session."),
        (
            {"dietary_requirement": "allergy"},
            "dietary_notes",
            "Please describe their dietary requirement.",
        ),
        (
            {"email": "HOLDER@example.org"},
            "email",
            "This e-mail address is already registered for this study visit.",
        ),
        (
            {"language": "xx"},
            "language",
            "Select a valid choice. xx is not one of the available choices.",
        ),
    ],
)
def test_sign_up_by_hand_is_checked_like_the_public_form(
    client, organiser, sessions, changes, field, message
):
    before = Registration.objects.count()

    page = Page(client.post(add_url(), form_data(sessions, **changes)))

    assert page.response.status_code == 200
    assert page.texts(f".field-{field} .errorlist li, #id_{field}_errors li") == [message]
    assert (Participant.objects.count(), Registration.objects.count()) == (1, before)


def test_full_session_without_the_waiting_list_is_refused_and_nothing_is_saved(
    client, organiser, sessions
):
    page = Page(client.post(add_url(), form_data(sessions, join_waiting_list="")))

    assert page.texts("#id_sessions_errors li") == [
        "This session is now full: Visit. Tick the waiting-list box to be put on its waiting "
        "list, or untick the session."
    ]
    assert Participant.objects.count() == 1


def test_sign_up_by_hand_offers_the_sessions_by_day_with_their_places(client, organiser, sessions):
    page = Page.get(client, add_url())

    assert page.texts(".session-choices__day legend") == [
        "Monday 19 February 2018",
        "Tuesday 20 February 2018",
    ]
    assert page.texts(".session-choices__places") == [
        "Full · waiting list open",
        "10 places left",
        "Open to all, no limit of places",
    ]


def test_sign_up_by_hand_works_after_registration_has_closed(client, organiser, sessions):
    visit = sessions[0].day.visit
    visit.registration_closes_at = timezone.now() - datetime.timedelta(days=1)
    visit.save()

    client.post(add_url(), form_data(sessions[1:2]))

    assert Participant.objects.filter(email="ignacio@example.org").count() == 1


def test_sign_up_by_hand_for_another_visit_offers_its_sessions(client, organiser, sessions):
    other = StudyVisitFactory(
        start_date=datetime.date(2019, 3, 4), end_date=datetime.date(2019, 3, 8)
    )
    signup_session(day=DayFactory(visit=other), title_en="Athens walk")

    page = Page.get(client, add_url(visit=other.pk))

    assert page.texts(".session-choices label") == ["Time to be confirmed Athens walk"]
    assert page.soup.select_one("input[name=visit]")["value"] == str(other.pk)


@pytest.mark.parametrize("visit", ["abc", "\x00", "99999"])
def test_sign_up_by_hand_with_a_wrong_visit_is_never_an_error(client, organiser, sessions, visit):
    statuses = (
        client.get(add_url(visit=visit)).status_code,
        client.post(add_url(), {"visit": visit}).status_code,
    )

    assert statuses == ((404, 404) if visit == "99999" else (200, 200))


def test_sign_up_by_hand_is_open_to_superusers_and_refused_to_other_staff(
    client, sessions, request
):
    request.getfixturevalue("other_staff")
    assert client.get(add_url()).status_code == 403
    request.getfixturevalue("superuser")  # signs in on the same client

    response = client.post(add_url(), form_data(sessions[1:2]))

    assert (response.status_code, Participant.objects.count()) == (302, 2)


@pytest.mark.parametrize("size", [2, 12])
def test_sign_up_by_hand_page_runs_a_fixed_number_of_queries(
    client, organiser, django_assert_num_queries, size
):
    day = DayFactory()
    for _ in range(size):
        sign_up(signup_session(day=day), email=f"p{_}@example.org")
    ContentType.objects.clear_cache()  # cached per process: counted whatever ran before

    with django_assert_num_queries(7):
        client.get(add_url())


@pytest.mark.parametrize("junk", ["%C2%B2", "%D9%A3", "99999999999999999999", "-1", "1.5"])
def test_sign_up_page_with_a_junk_visit_shows_the_latest_visit(client, organiser, sessions, junk):
    response = client.get(add_url(visit=junk))

    assert response.status_code == 200
    assert Page(response).h1 == "Sign someone up"
