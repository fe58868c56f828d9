"""Races for places, run for real on whichever database the run uses (SQLite or PostgreSQL).

Each race is written once, as a scenario that returns what people would find wrong afterwards:
errors instead of answers, more people confirmed than places, counters that lie, people left
waiting beside a free place, a place given twice. Every scenario runs twice (the `lock` fixture):
with our lock nothing may be wrong; without it (the control: PostgreSQL sends no SELECT ... FOR
UPDATE, SQLite begins DEFERRED transactions) the same scenario must find something wrong, or it
would prove nothing about the lock. Where a constraint of the database would still stop the race,
a further control removes it too.
"""

from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from programme.models import Session
from registrations import services
from registrations.models import Participant, Registration
from tests.factories import DayFactory, participant_details, signup_session
from tests.registrations.places import confirmed_count, place_problems
from tests.registrations.services.races import (
    constraint_names,
    constraint_removed,
    errors_raised,
    lock_in_force,
    one_after_another,
    run_at_once,
    switch_off_lock,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Racers per race: enough to collide every time, few enough to leave connections on a shared
# PostgreSQL server (max_connections is 100) for the other test runs.
RACERS = 20
# A control stops at its first round with problems; the real test runs them all.
ROUNDS = 5


def registering(session, email: str, *, delegation: bool = False, join: bool = True):
    def task():
        return services.register_participant(
            visit=session.day.visit,
            details=participant_details(email=email, is_delegation=delegation),
            session_ids=[session.pk],
            join_waiting_list=join,
            language="fr",
        )

    return task


def cancelling(registration):
    return lambda: services.cancel_registration(registration=registration)


def told_twice(what: str) -> list[str]:
    """Addresses that received more than one e-mail during the race."""
    repeats = Counter(message.to[0] for message in mail.outbox)
    return [f"{what}: {address} × {n}" for address, n in sorted(repeats.items()) if n > 1]


# Scenarios -----------------------------------------------------------------------------------


def registrations_for_five_places() -> list[str]:
    session = signup_session(capacity=5)

    results = run_at_once([registering(session, f"p{n}@example.org") for n in range(RACERS)])

    return errors_raised(results) + place_problems(session)


def registrations_around_reserved_places() -> list[str]:
    """Locals and delegation members at once, for 4 open places and 6 kept for the delegation."""
    session = signup_session(capacity=10, reserved_places=6)
    locals_, members = RACERS * 2 // 3, RACERS - RACERS * 2 // 3

    results = run_at_once(
        [registering(session, f"local{n}@example.org") for n in range(locals_)]
        + [registering(session, f"member{n}@example.org", delegation=True) for n in range(members)]
    )

    return errors_raised(results) + place_problems(session)


def cancellations_promoting_the_first_waiting() -> list[str]:
    """Each holder's cancellation sent twice at once: each place goes once, to the next in line."""
    session = signup_session(capacity=5)
    for n in range(15):
        registering(session, f"p{n}@example.org")()
    holders = list(Registration.objects.filter(session=session).confirmed())
    first_in_line = sorted(
        Registration.objects.filter(session=session)
        .in_waiting_order()
        .values_list("participant__email", flat=True)[:5]
    )
    mail.outbox.clear()

    results = run_at_once([cancelling(r) for r in holders * 2])

    confirmed = Registration.objects.filter(session=session).confirmed()
    now_confirmed = sorted(confirmed.values_list("participant__email", flat=True))
    problems = errors_raised(results) + place_problems(session) + told_twice("promoted twice")
    if results.count(True) != len(holders):
        problems.append(f"cancelled twice: {results.count(True)} for {len(holders)} places")
    if now_confirmed != first_in_line:
        problems.append(f"promoted out of turn: {now_confirmed} instead of {first_in_line}")
    return problems


def cancellations_racing_new_registrations() -> list[str]:
    """Places freed while newcomers keep asking, five in a row at each terminal, wanting a place
    or nothing (no waiting list, which would hand the freed places out in turn): the newcomers
    who come after a cancellation find its place, and it must go to one of them only."""
    session = signup_session(capacity=5)
    for n in range(5):
        registering(session, f"holder{n}@example.org")()
    holders = list(Registration.objects.filter(session=session).confirmed())

    results = run_at_once(
        [cancelling(r) for r in holders]
        + [
            one_after_another(
                [registering(session, f"new{t}-{n}@example.org", join=False) for n in range(5)]
            )
            for t in range(RACERS - len(holders))
        ]
    )

    return errors_raised(results, expected=services.SessionsFull) + place_problems(session)


def same_address_ten_times() -> list[str]:
    session = signup_session(capacity=5)

    results = run_at_once([registering(session, "twice@example.org") for _ in range(10)])

    problems = errors_raised(results, expected=services.EmailAlreadyRegistered)
    participants = Participant.objects.filter(visit=session.day.visit).count()
    if participants != 1:
        problems.append(f"participants for one address: {participants}")
    return problems + place_problems(session)


def replayed_change_adding_a_session() -> list[str]:
    day = DayFactory()
    first, second = signup_session(day=day), signup_session(day=day)
    participant = registering(first, "replay@example.org")().participant
    mail.outbox.clear()

    def add_second():
        return services.change_registrations(
            participant=participant, session_ids=[first.pk, second.pk], join_waiting_list=True
        )

    results = run_at_once([add_second for _ in range(10)])

    problems = errors_raised(results) + place_problems(first) + place_problems(second)
    if confirmed_count(second) != 1:
        problems.append(f"session added {confirmed_count(second)} times")
    return problems + told_twice("told twice of one change")


# Tests ---------------------------------------------------------------------------------------

SCENARIOS = [
    registrations_for_five_places,
    registrations_around_reserved_places,
    cancellations_promoting_the_first_waiting,
    cancellations_racing_new_registrations,
    same_address_ten_times,
    replayed_change_adding_a_session,
]

# Races our lock is not what decides, on a database: the control could only pass there.
DECIDED_WITHOUT_THE_LOCK = {
    (same_address_ten_times, "postgresql"): (
        "the unique index on the address refuses the copies: create_participant turns that "
        "IntegrityError into EmailAlreadyRegistered, lock or no lock"
    ),
}


@pytest.fixture(params=[True, False], ids=["with_lock", "without_lock"])
def lock(request, monkeypatch) -> bool:
    """Whether the race runs with our lock (True) or is the control without it (False)."""
    if not request.param:
        switch_off_lock(monkeypatch)
    return request.param


def problems_in_rounds(scenario, *, stop_at_first: bool) -> list[str]:
    """Several rounds, each on a new session: one race may happen not to collide."""
    problems = []
    for _ in range(ROUNDS):
        problems += scenario()
        if problems and stop_at_first:
            break
    return problems


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
def test_race_goes_wrong_only_without_the_lock(scenario, lock):
    if not lock and (scenario, connection.vendor) in DECIDED_WITHOUT_THE_LOCK:
        pytest.skip(DECIDED_WITHOUT_THE_LOCK[scenario, connection.vendor])
    assert lock_in_force(signup_session()) == lock

    problems = problems_in_rounds(scenario, stop_at_first=not lock)

    if lock:
        assert problems == []
    else:
        assert problems != [], "the control found nothing wrong: the scenario proves nothing"


# Races only the database's constraint would stop without our lock; then the scenario must find
# what the constraint is there to prevent.
WITHOUT_LOCK_OR_CONSTRAINT = [
    pytest.param(
        cancellations_racing_new_registrations,
        Session,
        "session_never_overbooked",
        {"overbooked", "counters out of step"},
        id="cancellations_racing_new_registrations",
    ),
    pytest.param(
        same_address_ten_times,
        Participant,
        "one_participant_per_mailbox_and_visit",
        {"participants for one address"},
        id="same_address_ten_times",
    ),
]


@pytest.mark.parametrize(("scenario", "model", "constraint", "wrongs"), WITHOUT_LOCK_OR_CONSTRAINT)
def test_race_goes_wrong_without_lock_or_constraint(
    scenario, model, constraint, wrongs, monkeypatch
):
    """The controls behind the constraints: with neither, racers who read the same state all
    act on it."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite refuses a write from a transaction whose reads another has since changed "
            "('database is locked'): without the lock racers meet errors, never stale counts"
        )
    switch_off_lock(monkeypatch)
    with constraint_removed(model, constraint):
        assert constraint not in constraint_names(model)
        problems = problems_in_rounds(scenario, stop_at_first=True)
    assert constraint in constraint_names(model)  # put back for the tests that follow

    assert {problem.split(":")[0] for problem in problems} & wrongs != set()
