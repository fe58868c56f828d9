"""Check-in on the day, raced for real (threads with their own connections, released together):
two organisers checking people in at the same session, and walk-ins at the door racing for the
last places, on the run's database (SQLite or PostgreSQL)."""

import pytest
from django.contrib.auth.models import User

from registrations import services
from registrations.models import Change, Registration
from tests.factories import fill, participant_details, signup_session
from tests.registrations.places import confirmed_count, counters_match
from tests.registrations.services.races import (
    errors_raised,
    lock_in_force,
    run_at_once,
    switch_off_lock,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PEOPLE = 20
WALK_INS = 10


def organiser(name: str) -> services.Actor:
    return services.Actor.organiser(User.objects.create_user(name, is_staff=True))


def checking_in(registrations, by):
    """An organiser tapping "Present" for each person in turn."""

    def task():
        return [services.mark_present(registration=r, present=True, by=by) for r in registrations]

    return task


def walking_in(session, n: int, by):
    def task():
        details = participant_details(email=f"walk-in{n}@example.org")
        return services.add_walk_in(
            session=session, details=details, language="fr", over_capacity=False, by=by
        )

    return task


def test_two_organisers_checking_in_the_same_people_count_each_once():
    session = signup_session(capacity=PEOPLE)
    fill(session, PEOPLE)
    expected = list(Registration.objects.filter(session=session).order_by("pk"))
    first, second = organiser("door-a"), organiser("door-b")

    results = run_at_once(
        [checking_in(expected, first), checking_in(list(reversed(expected)), second)]
    )

    assert errors_raised(results) == []
    # Each person was marked by exactly one of the two taps: the other changed nothing.
    assert sum(sum(taps) for taps in results) == PEOPLE
    present = Registration.objects.filter(session=session, attended=True).count()
    marked = Change.objects.filter(action=Change.Action.ATTENDANCE).count()
    assert (present, marked) == (PEOPLE, PEOPLE)


def test_walk_ins_racing_for_the_last_places_never_overbook():
    session = signup_session(capacity=5)
    fill(session, 3)
    by = organiser("door")

    results = run_at_once([walking_in(session, n, by) for n in range(WALK_INS)])

    assert errors_raised(results, expected=services.SessionsFull) == []
    walked_in = [result for result in results if isinstance(result, services.WalkIn)]
    assert len(walked_in) == 2
    assert (confirmed_count(session), counters_match(session)) == (5, True)
    assert Registration.objects.filter(session=session, attended=True).count() == 2


def test_without_our_lock_racing_walk_ins_go_wrong(monkeypatch):
    """The control: with the services' lock switched off (no FOR UPDATE on PostgreSQL, DEFERRED
    transactions on SQLite) the same race ends in errors raised to organisers (the check
    constraint, or a database locked) instead of clean refusals. So the test above can fail:
    the lock is what it tests."""
    session = signup_session(capacity=5)
    fill(session, 3)
    by = organiser("door")
    switch_off_lock(monkeypatch)

    results = run_at_once([walking_in(session, n, by) for n in range(WALK_INS)])

    assert lock_in_force(session) is False
    assert errors_raised(results, expected=services.SessionsFull) != []
    assert confirmed_count(session) <= 5
