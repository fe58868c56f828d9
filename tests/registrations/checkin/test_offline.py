"""Check-in without network, through HTTP: the taps a phone kept, sent as JSON when the network
is back, each applied once, the last made deciding; the service worker's script; the codes and
the camera on the check-in page only."""

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from registrations.domain.checkin_code import checkin_code
from registrations.models import Change, CheckinTap, Participant, Registration
from tests.factories import sign_up, signup_session
from tests.html import Page

pytestmark = pytest.mark.django_db

NOON = 1518865200000  # 17 Feb 2018, 12:00 (UTC), in milliseconds


def url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:registrations_{name}", args=args)


@pytest.fixture
def session():
    session = signup_session(capacity=3, title_en="Visit to O Pluriel")
    sign_up(session, first_name="Ignacio", last_name="Núñez", email="ignacio@example.org")
    sign_up(session, first_name="Zoé", last_name="Bernard", email="zoe@example.org")
    return session


def registration_of(session, email) -> Registration:
    return Registration.objects.get(session=session, participant__email=email)


def a_tap(registration, present=True, at=NOON, tap_id=None) -> dict:
    tap_id = tap_id or str(uuid.uuid4())
    return {"id": tap_id, "registration": registration.pk, "present": present, "at": at}


def send(client, session, *taps, **extra):
    body = json.dumps({"taps": list(taps)})
    return client.post(url("checkin_taps", session.pk), body, "application/json", **extra)


def attendance_entries() -> int:
    return Change.objects.filter(action=Change.Action.ATTENDANCE).count()


def test_tap_sent_twice_changes_once(client, organiser, session):
    ignacio = registration_of(session, "ignacio@example.org")
    tap = a_tap(ignacio)
    first = send(client, session, tap).json()
    again = send(client, session, tap).json()
    ignacio.refresh_from_db()
    assert (first["done"], again["done"]) == ({tap["id"]: "applied"}, {tap["id"]: "seen"})
    assert (ignacio.attended, attendance_entries(), CheckinTap.objects.count()) == (True, 1, 1)


def test_tap_made_before_one_already_applied_changes_nothing(client, organiser, session):
    zoe = registration_of(session, "zoe@example.org")
    undo_later = a_tap(zoe, present=False, at=NOON + 60000)
    present_earlier = a_tap(zoe, present=True, at=NOON)
    send(client, session, a_tap(zoe, present=True, at=NOON - 60000))
    assert send(client, session, undo_later).json()["done"] == {undo_later["id"]: "applied"}
    late = send(client, session, present_earlier).json()
    zoe.refresh_from_db()
    assert (late["done"], zoe.attended) == ({present_earlier["id"]: "too old"}, None)
    assert late["counts"] == {"expected": 2, "present": 0}


def test_taps_of_one_request_are_applied_in_the_order_they_were_made(client, organiser, session):
    zoe = registration_of(session, "zoe@example.org")
    send(client, session, a_tap(zoe, False, NOON + 2), a_tap(zoe, True, NOON + 1))
    zoe.refresh_from_db()
    assert (zoe.attended, attendance_entries()) == (None, 2)


def test_answer_gives_counts_and_everyones_state(client, organiser, session):
    ignacio = registration_of(session, "ignacio@example.org")
    zoe = registration_of(session, "zoe@example.org")
    answer = send(client, session, a_tap(zoe)).json()
    assert (answer["counts"], answer["present"]) == (
        {"expected": 2, "present": 1},
        {str(ignacio.pk): False, str(zoe.pk): True},
    )


def test_tap_on_someone_of_another_session_is_not_expected(client, organiser, session):
    elsewhere = signup_session(title_en="Elsewhere")
    sign_up(elsewhere, first_name="Eleni", last_name="Papadaki", email="eleni@example.org")
    eleni = registration_of(elsewhere, "eleni@example.org")
    tap = a_tap(eleni)
    assert send(client, session, tap).json()["done"] == {tap["id"]: "not expected"}
    eleni.refresh_from_db()
    assert (eleni.attended, CheckinTap.objects.count()) == (None, 0)


@pytest.mark.parametrize(
    "change", [{"present": "yes"}, {"registration": "x"}, {"at": "noon"}, {"at": -1}]
)
def test_unreadable_tap_is_refused_and_dropped(change, client, organiser, session):
    tap = {**a_tap(registration_of(session, "zoe@example.org")), **change}
    assert send(client, session, tap).json()["done"] == {tap["id"]: "refused"}
    assert attendance_entries() == 0


@pytest.mark.parametrize(
    "body", ["nope", "[]", '{"taps": 3}', '{"taps": [{"id": "not-a-uuid"}]}', '{"taps": [1]}']
)
def test_unreadable_request_says_so(body, client, organiser, session):
    response = client.post(url("checkin_taps", session.pk), body, "application/json")
    assert (response.status_code, response.json()) == (
        400,
        {"error": "The taps sent could not be read."},
    )


def test_taps_need_a_post_with_its_csrf_token(organiser, session):
    careful = Client(enforce_csrf_checks=True)
    careful.force_login(organiser)
    tap = a_tap(registration_of(session, "zoe@example.org"))
    assert send(careful, session, tap).status_code == 403
    assert careful.get(url("checkin_taps", session.pk)).status_code == 405
    page = careful.get(url("checkin", session.pk))
    token = Page(page).soup.select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert send(careful, session, tap, HTTP_X_CSRFTOKEN=token).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "staff without permission"])
def test_taps_refused_to_who_is_not_an_organiser(who, session, other_staff, client):
    client = Client() if who == "anonymous" else client
    response = send(client, session, a_tap(registration_of(session, "zoe@example.org")))
    assert (response.status_code, attendance_entries()) == (
        302 if who == "anonymous" else 403,
        0,
    )


def test_taps_of_a_session_that_does_not_exist_are_not_found(client, organiser, session):
    tap = a_tap(registration_of(session, "zoe@example.org"))
    assert send(client, session.__class__(pk=999999), tap).status_code == 404


@pytest.mark.parametrize("more_people", [0, 20])
def test_taps_queries_stay_fixed_as_people_grow(
    more_people, client, organiser, session, django_assert_num_queries
):
    for n in range(more_people):
        sign_up(session.__class__.objects.get(pk=session.pk), email=f"p{n}@example.org")
    zoe = registration_of(session, "zoe@example.org")
    with django_assert_num_queries(29):
        send(client, session, a_tap(zoe, True, NOON), a_tap(zoe, False, NOON + 1))


def test_checkin_page_gives_each_row_its_code_and_allows_the_camera(client, organiser, session):
    page = Page.get(client, url("checkin", session.pk))
    ignacio = Participant.objects.get(email="ignacio@example.org")
    codes = [row["data-code"] for row in page.soup.select(".checkin__person")]
    zoe = Participant.objects.get(email="zoe@example.org")
    assert codes == [checkin_code(zoe), checkin_code(ignacio)]  # Bernard, then Núñez
    assert "camera=(self)" in page.response.headers["Permissions-Policy"]
    dashboard = client.get(url("dashboard"))
    assert "camera=()" in dashboard.headers["Permissions-Policy"]


def test_service_worker_is_served_beside_the_checkin_pages(session):
    response = Client().get(url("checkin_worker"))
    assert (response.status_code, response["Content-Type"], response["Cache-Control"]) == (
        200,
        "text/javascript",
        "no-cache",
    )
    assert url("checkin", session.pk).startswith(url("checkin_worker").rsplit("/", 1)[0] + "/")
