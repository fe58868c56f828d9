"""Races for places, run for real: threads with their own database connections, released at the
same instant by a barrier, on whichever database the run uses (SQLite or PostgreSQL).

The control test first shows that this harness does produce overbooking when sign-up is written
the naive way (count, then insert, without a lock), so the other tests are known to be able to
fail. The service must then hold the line in the same conditions.
"""

import threading

import pytest
from django.db import connections

from programme.models import Session
from registrations import places, services
from registrations.models import Participant, Registration
from tests.factories import DayFactory, participant_details, signup_session
from tests.registrations.places import confirmed_count, counters_match

pytestmark = pytest.mark.django_db(transaction=True)

CROWD = 50


def run_at_once(tasks) -> list:
    """Run each task in its own thread, all released together; return each result or exception."""
    barrier = threading.Barrier(len(tasks))
    results = [None] * len(tasks)

    def run(index, task):
        try:
            barrier.wait()
            results[index] = task()
        except Exception as error:  # collected, so that the test can assert there were none
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def registering(session, n):
    def task():
        return services.register_participant(
            visit=session.day.visit,
            details=participant_details(email=f"person{n}@example.org"),
            session_ids=[session.pk],
            join_waiting_list=True,
            language="fr",
        )

    return task


def errors_in(results) -> list:
    return [result for result in results if isinstance(result, Exception)]


def test_naive_check_then_insert_overbooks_in_this_harness():
    """The control: counting then inserting, each in its own statement, lets everyone in."""
    session = signup_session(capacity=5)
    participants = [
        Participant.objects.create(
            visit=session.day.visit,
            consented_at="2018-01-01T00:00Z",
            **participant_details(email=f"naive{n}@example.org"),
        )
        for n in range(20)
    ]
    everyone_has_counted = threading.Barrier(len(participants))

    def naive_sign_up(participant):
        def task():
            free = Registration.objects.filter(session=session).confirmed().count() < 5
            everyone_has_counted.wait()
            if free:
                Registration.objects.create(
                    participant=participant, session=session, status="confirmed"
                )

        return task

    results = run_at_once([naive_sign_up(p) for p in participants])

    assert errors_in(results) == []
    assert confirmed_count(session) == 20  # four times the capacity


def test_simultaneous_registrations_fill_exactly_the_places():
    session = signup_session(capacity=5)

    results = run_at_once([registering(session, n) for n in range(CROWD)])

    assert errors_in(results) == []
    assert (confirmed_count(session), Registration.objects.waiting().count()) == (5, CROWD - 5)
    assert counters_match(session)


def test_simultaneous_registrations_respect_reserved_places():
    session = signup_session(capacity=14, reserved_places=9)

    results = run_at_once([registering(session, n) for n in range(CROWD)])

    session.refresh_from_db()
    assert errors_in(results) == []
    assert (session.confirmed_local, session.places_left) == (5, 0)
    assert counters_match(session)


def test_simultaneous_cancellations_promote_the_first_waiting_once_each():
    session = signup_session(capacity=5)
    for n in range(25):
        registering(session, n)()
    holders = list(Registration.objects.filter(session=session).confirmed())
    first_waiting = list(
        Registration.objects.filter(session=session).in_waiting_order().values_list("pk", flat=True)
    )[:5]

    results = run_at_once(
        [lambda r=r: services.cancel_registration(registration=r) for r in holders * 2]
    )

    assert errors_in(results) == []
    assert sorted(results) == [False] * 5 + [True] * 5  # each holder cancelled once only
    now_confirmed = Registration.objects.filter(session=session).confirmed()
    assert sorted(now_confirmed.values_list("pk", flat=True)) == sorted(first_waiting)
    assert (Registration.objects.waiting().count(), counters_match(session)) == (15, True)


def test_cancellations_racing_new_registrations_never_overbook():
    session = signup_session(capacity=5)
    for n in range(10):
        registering(session, n)()
    holders = list(Registration.objects.filter(session=session).confirmed())

    tasks = [lambda r=r: services.cancel_registration(registration=r) for r in holders]
    tasks += [registering(session, n) for n in range(100, 100 + CROWD - len(holders))]
    results = run_at_once(tasks)

    assert errors_in(results) == []
    assert (confirmed_count(session), counters_match(session)) == (5, True)
    assert Registration.objects.waiting().count() == 10 + CROWD - len(holders) - 5 - 5


def test_same_address_registering_at_once_makes_one_participant():
    session = signup_session(capacity=50)

    def same_person():
        return services.register_participant(
            visit=session.day.visit,
            details=participant_details(email="twice@example.org"),
            session_ids=[session.pk],
            join_waiting_list=True,
            language="fr",
        )

    results = run_at_once([same_person for _ in range(10)])

    refusals = [r for r in results if isinstance(r, services.EmailAlreadyRegistered)]
    assert (len(refusals), Participant.objects.count(), confirmed_count(session)) == (9, 1, 1)


def test_replayed_change_adds_a_session_once():
    day = DayFactory()
    first, second = signup_session(day=day, capacity=5), signup_session(day=day, capacity=5)
    registering(first, 0)()
    participant = Participant.objects.get()

    def add_second():
        return services.change_registrations(
            participant=participant, session_ids=[first.pk, second.pk], join_waiting_list=True
        )

    results = run_at_once([add_second for _ in range(10)])

    assert errors_in(results) == []
    assert (confirmed_count(second), counters_match(second)) == (1, True)


def test_without_the_row_lock_only_the_database_constraint_stops_overbooking(monkeypatch):
    """A second control, on PostgreSQL (on SQLite the IMMEDIATE transaction serialises anyway):
    with the sessions read without FOR UPDATE, racers collide and the check constraint is what
    refuses them. The lock is what turns those errors into waiting-list places."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter")
    session = signup_session(capacity=5)

    def read_without_lock(session_ids):
        return {s.pk: s for s in Session.objects.filter(pk__in=session_ids).order_by("pk")}

    monkeypatch.setattr(places, "lock_sessions", read_without_lock)  # the services' one seam
    results = run_at_once([registering(session, n) for n in range(CROWD)])

    assert {type(error).__name__ for error in errors_in(results)} == {"IntegrityError"}
    assert confirmed_count(session) <= 5
