"""Organisers' actions racing public sign-ups for the last places, for real: threads with their
own connections released together by a barrier, on the run's database (SQLite or PostgreSQL).
However they interleave, a session never holds more than its capacity, its counters equal its
rows, and the history has one entry per change."""

import pytest
from django.contrib.auth.models import User

from registrations import services
from registrations.models import Change, Participant, Registration
from tests.factories import DayFactory, signup_session
from tests.registrations.places import confirmed_count, counters_match
from tests.registrations.services.races import lock_in_force, run_at_once, switch_off_lock
from tests.registrations.services.test_signup_concurrency import registering as registering_address

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CROWD = 30


@pytest.fixture
def by():
    return services.Actor.organiser(User.objects.create_user("orga", is_staff=True))


def registering(session, n: int):
    return registering_address(session, f"person{n}@example.org")


def errors_in(results) -> list:
    return [result for result in results if isinstance(result, Exception)]


def signed_up_in_race() -> int:
    """Sign-ups recorded for the crowd (person0 … person29; those set up before are 1000+)."""
    crowd = [f"person{n}@example.org" for n in range(CROWD)]
    return Change.objects.filter(action="signed_up", participant__email__in=crowd).count()


def test_restore_racing_public_signups_for_the_last_place(by):
    session = signup_session(capacity=5)
    for n in range(1000, 1005):
        registering(session, n)()
    cancelled = Registration.objects.filter(session=session).first()
    services.cancel_registration(registration=cancelled)  # one place left

    def restore():
        return services.restore_registration(registration=cancelled, wait_if_full=True, by=by)

    results = run_at_once([restore] + [registering(session, n) for n in range(CROWD)])

    assert errors_in(results) == []
    assert (confirmed_count(session), counters_match(session)) == (5, True)
    assert Registration.objects.filter(session=session).waiting().count() == CROWD
    assert (signed_up_in_race(), Change.objects.filter(action="restored").count()) == (CROWD, 1)
    promoted = Change.objects.filter(action="promoted").count()
    assert promoted == 0  # the free place went straight to whoever came first


def test_move_racing_public_signups_for_the_last_place(by):
    day = DayFactory()
    source, target = signup_session(day=day, capacity=1), signup_session(day=day, capacity=3)
    registering(source, 2000)()  # the one who moves
    registering(source, 2001)()  # waits for their place
    registering(target, 2002)()
    registering(target, 2003)()  # one place left in the target
    mover = Registration.objects.get(participant__email="person2000@example.org")

    def move():
        return services.move_registration(registration=mover, to_session=target, by=by)

    results = run_at_once([move] + [registering(target, n) for n in range(CROWD)])

    refusals = [r for r in errors_in(results) if isinstance(r, services.SessionsFull)]
    assert errors_in(results) == refusals  # a lost race is a clean refusal, never a crash
    moved = not refusals
    mover.refresh_from_db()
    assert (mover.session_id == target.pk, mover.status) == (moved, "confirmed")
    assert (confirmed_count(source), confirmed_count(target)) == (1, 3)
    assert (counters_match(source), counters_match(target)) == (True, True)
    assert Change.objects.filter(action="moved").count() == int(moved)
    assert Change.objects.filter(action="promoted").count() == int(moved)  # person2001, then
    assert signed_up_in_race() == CROWD


def test_delegation_confirmed_while_the_public_signs_up(by):
    """Confirming a member moves their place to the reserved ones and frees a local one, while
    others take local places: the freed place goes to one person, once."""
    session = signup_session(capacity=4, reserved_places=1)
    registering(session, 3000)()
    partner = Participant.objects.get(email="person3000@example.org")
    registering(session, 3001)()
    registering(session, 3002)()  # the three local places are taken

    def confirm():
        return services.set_delegation(participant=partner, member=True, by=by)

    results = run_at_once([confirm] + [registering(session, n) for n in range(CROWD)])

    session.refresh_from_db()
    assert errors_in(results) == []
    assert (session.confirmed_local, session.confirmed_delegation) == (3, 1)
    assert counters_match(session)
    assert Change.objects.filter(action="delegation").count() == 1


def test_without_our_lock_a_racing_restore_goes_wrong(by, monkeypatch):
    """The control, on both databases: with the services' lock switched off (no FOR UPDATE on
    PostgreSQL, DEFERRED transactions on SQLite) the same race ends in errors raised to people
    (the check constraint, or a database locked) instead of waiting-list places. So the tests
    above can fail: the lock is what they test."""
    session = signup_session(capacity=5)
    for n in range(1000, 1005):
        registering(session, n)()
    cancelled = Registration.objects.filter(session=session).first()
    services.cancel_registration(registration=cancelled)
    switch_off_lock(monkeypatch)

    def restore():
        return services.restore_registration(registration=cancelled, wait_if_full=True, by=by)

    results = run_at_once([restore] + [registering(session, n) for n in range(CROWD)])

    assert lock_in_force(session) is False
    assert errors_in(results) != []
    assert confirmed_count(session) <= 5
