"""The participant's row lock, raced for real: one person's record changed from two places at
once (their private link in two tabs, an organiser on their admin page, their erasure). Threads
with their own connections, released together by a barrier, on the run's database (SQLite or
PostgreSQL).

Each scenario returns what would be wrong afterwards (errors instead of answers; an erased
participant holding a live place or personal data again; a delegation member in a local place;
places or a history that lie). With our locks nothing may be wrong; each control removes the
participant's lock alone (`problems_without` in races.py), every session lock kept, and must
find something wrong, or the scenario would prove nothing about that lock.
"""

import pytest
from django.contrib.auth.models import User
from django.db import connection

from registrations import services
from registrations.domain import place_steps
from registrations.models import Registration
from tests.factories import DayFactory, sign_up, signup_session
from tests.registrations.places import (
    erasure_problems,
    history_problems,
    place_kind_problems,
    place_problems,
)
from tests.registrations.services.races import (
    errors_raised,
    problems_with_the_lock,
    problems_without,
    run_at_once,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# A change asked for a record erased meanwhile, or a registration cancelled meanwhile: refusals
# with a message, what people should meet when they lose such a race.
REFUSALS = (services.RegistrationError,)
HEALTH = {"dietary_requirement": "vegetarian", "dietary_notes": "Allergie sévère aux arachides"}


@pytest.fixture
def by():
    return services.Actor.organiser(User.objects.create_user("orga", is_staff=True))


def one_day(count: int):
    day = DayFactory()
    return [signup_session(day=day, capacity=10, reserved_places=2) for _ in range(count)]


def wrongs(sessions) -> list[str]:
    return [p for s in sessions for p in place_problems(s) + history_problems(s)]


def changing(participant, sessions, **extra):
    """The person's private page, sent: these sessions, exactly."""
    return lambda: services.change_registrations(
        participant=participant,
        session_ids=[s.pk for s in sessions],
        join_waiting_list=True,
        **extra,
    )


def erasing(participant):
    return lambda: services.erase_participant(participant=participant)


def adding(participant, sessions, by):
    """An organiser on the person's admin page, adding sessions for someone who phoned."""
    return lambda: services.add_sessions(
        participant=participant, session_ids=[s.pk for s in sessions], join_waiting_list=True, by=by
    )


# Scenarios: each one round, on new sessions and people. ------------------------------------------


def erasure_racing_a_change_through_the_private_link(by) -> list[str]:
    """The person erases their data in one tab while another sends more sessions and their
    health notes: once erased, they hold nothing and nothing of theirs is written back."""
    a, b, c = one_day(3)
    person = sign_up(a, email="erase-me@example.org").participant

    results = run_at_once(
        [erasing(person)] + [changing(person, [a, b, c], dietary=HEALTH) for _ in range(3)]
    )

    problems = errors_raised(results, expected=REFUSALS) + erasure_problems(person)
    return problems + wrongs([a, b, c])


def erasure_racing_organisers_actions(by) -> list[str]:
    """The person erases their data while organisers add a session on their page and move them
    to another one."""
    a, b, c = one_day(3)
    person = sign_up(a, email="erase-me@example.org").participant
    registration = Registration.objects.get(participant=person)

    def moving():
        return services.move_registration(registration=registration, to_session=c, by=by)

    results = run_at_once([erasing(person), adding(person, [b], by), moving])

    refusals = (*REFUSALS, services.NotLive)
    problems = errors_raised(results, expected=refusals) + erasure_problems(person)
    return problems + wrongs([a, b, c])


def cancel_all_racing_a_change_through_the_private_link(by) -> list[str]:
    """ "Cancel all" in one tab, a change adding a session in another: whichever comes last
    decides, and nobody meets an error."""
    a, b, c = one_day(3)
    person = sign_up([a, b], email="two-tabs@example.org").participant

    def cancelling_all():
        return services.cancel_all_registrations(participant=person)

    results = run_at_once([cancelling_all, changing(person, [a, b, c]), changing(person, [b])])

    return errors_raised(results) + wrongs([a, b, c])


def sessions_added_from_the_person_page_racing_a_change(by) -> list[str]:
    """An organiser adds a session on the person's admin page while the person, through their
    link, drops one and cancels everything in another tab."""
    a, b, c = one_day(3)
    person = sign_up(a, email="phoned@example.org").participant

    def cancelling_all():
        return services.cancel_all_registrations(participant=person)

    results = run_at_once([adding(person, [c], by), changing(person, [b]), cancelling_all])

    return errors_raised(results) + wrongs([a, b, c])


def delegation_confirmed_racing_a_change(by) -> list[str]:
    """An organiser confirms the person's delegation membership while they add sessions: every
    place they end up with is a reserved one."""
    a, b, c = one_day(3)
    person = sign_up(a, email="partner@example.org").participant

    def confirming():
        return services.set_delegation(participant=person, member=True, by=by)

    results = run_at_once([confirming, changing(person, [a, b]), changing(person, [a, b, c])])

    problems = errors_raised(results) + place_kind_problems(person)
    return problems + wrongs([a, b, c])


SCENARIOS = [
    erasure_racing_a_change_through_the_private_link,
    erasure_racing_organisers_actions,
    cancel_all_racing_a_change_through_the_private_link,
    sessions_added_from_the_person_page_racing_a_change,
    delegation_confirmed_racing_a_change,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
def test_race_keeps_the_person_right_under_the_participant_lock(scenario, by):
    assert problems_with_the_lock(scenario, by) == []


@pytest.mark.control
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
def test_race_goes_wrong_without_the_participant_lock(scenario, by, monkeypatch):
    problems = problems_without("participant", scenario, by, monkeypatch)

    assert problems != [], "the control found nothing wrong: the scenario proves nothing"


def test_on_sqlite_the_database_lock_alone_keeps_the_person_right(by):
    """SQLite has no row locks (FOR UPDATE sends nothing there): with both of ours switched
    off, BEGIN IMMEDIATE still takes the database's write lock first, and the race stays right.
    That lock, not the rows', is what protects SQLite; its controls above remove it."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL has row locks: the controls above remove them one by one")
    with place_steps.lock_switched_off("participant"), place_steps.lock_switched_off("sessions"):
        problems = problems_with_the_lock(erasure_racing_a_change_through_the_private_link, by)

    assert problems == []
