"""What one sign-up sends to the database: the same statements whatever the number of sessions,
the pages version written once, and the post counted against the posting limit exactly once,
whether the sign-up is saved or refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registrations.models import Participant, Registration, Throttle
from tests.factories import DayFactory, sign_up, signup_session

pytestmark = pytest.mark.django_db

REGISTER = "/fr/saint-etienne-2018/register/"


@pytest.fixture
def day():
    return DayFactory(visit__slug="saint-etienne-2018")


def registration(sessions, email="camille@example.org", **overrides) -> dict:
    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": email,
        "country": "FR",
        "sessions": [session.pk for session in sessions],
        "join_waiting_list": "on",
        "consent": "on",
    }
    return {**data, **overrides}


def posts_counted() -> int:
    return sum(Throttle.objects.filter(scope="posts").values_list("hits", flat=True))


# A sign-up POST: the programme version with the places of the sessions on offer, in one read
# (the visit and its sessions are kept since the form, programme/kept.py); then, in one
# transaction: the post counted (the first of its window also deletes the address's older
# windows), the sessions locked (with their day), the participant, the confirmation e-mail, the
# registrations, their history, the counters, the pages version. (Savepoints are the test's own
# transaction showing through.)
@pytest.mark.parametrize("sessions", [1, 5])
def test_register_post_runs_the_same_statements_for_one_or_five_sessions(client, day, sessions):
    chosen = [signup_session(day=day) for _ in range(sessions)]
    client.get(REGISTER)

    with CaptureQueriesContext(connection) as queries:
        response = client.post(REGISTER, registration(chosen))

    statements = [query["sql"] for query in queries if "SAVEPOINT" not in query["sql"]]
    assert (response.status_code, len(statements)) == (302, 10)
    assert Registration.objects.confirmed().count() == sessions


def test_register_post_for_five_sessions_writes_the_pages_version_once(client, day):
    chosen = [signup_session(day=day) for _ in range(5)]

    with CaptureQueriesContext(connection) as queries:
        client.post(REGISTER, registration(chosen))

    writes = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "programme_pagesversion"')]
    assert len(writes) == 1
    assert Registration.objects.confirmed().count() == 5


def test_register_post_waiting_in_two_lines_reads_them_at_once(client, day):
    full = [signup_session(day=day, capacity=1) for _ in range(2)]
    sign_up(full, email="first@example.org")

    with CaptureQueriesContext(connection) as queries:
        client.post(REGISTER, registration(full))

    lines = [
        q["sql"] for q in queries if 'MAX("registrations_registration"."waiting_rank")' in q["sql"]
    ]
    waiting = Registration.objects.waiting().values_list("participant__email", "waiting_rank")
    assert (len(lines), sorted(waiting)) == (1, [("camille@example.org", 1)] * 2)


def test_register_post_saved_is_counted_once(client, day):
    client.post(REGISTER, registration([signup_session(day=day)]))

    assert (posts_counted(), Participant.objects.count()) == (1, 1)


def test_register_post_with_errors_is_counted_once(client, day):
    client.post(REGISTER, registration([signup_session(day=day)], consent=""))

    assert (posts_counted(), Participant.objects.count()) == (1, 0)


def test_register_post_with_a_known_address_is_counted_once(client, day):
    session = signup_session(day=day)
    sign_up(session)

    client.post(REGISTER, registration([session]))

    assert (posts_counted(), Participant.objects.count()) == (1, 1)


def test_register_post_refused_as_full_is_counted_once(client, day):
    session = signup_session(day=day, capacity=1)
    sign_up(session, email="first@example.org")

    client.post(REGISTER, registration([session], join_waiting_list=""))

    assert (posts_counted(), Participant.objects.count()) == (1, 1)
