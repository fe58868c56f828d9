"""The sessions' row locks, raced for real by organisers' actions against the public and against
each other: a capacity edit in the admin, promotions (over capacity too), moves in a waiting
list and to another session, sessions added from a person's page, a delegation confirmed, "cancel
all" through private links. Threads with their own connections, released together by a barrier,
on the run's database (SQLite or PostgreSQL).

Each scenario returns what people would find wrong afterwards (errors instead of answers, a
session over capacity, counters that lie, someone waiting beside a free place, a place in line
given twice, a history that disagrees with the places). With our locks nothing may be wrong; each
control removes the sessions' lock alone (`problems_without` in races.py) and
must find something wrong, or the scenario would prove nothing about that lock.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from registrations import services
from registrations.models import Change, Registration
from tests.factories import DayFactory, fill, sign_up, signup_session
from tests.registrations.admin.test_participants import session_form
from tests.registrations.places import (
    history_problems,
    line_problems,
    place_kind_problems,
    place_problems,
)
from tests.registrations.services.races import (
    errors_raised,
    one_after_another,
    problems_with_the_lock,
    problems_without,
    run_at_once,
)
from tests.registrations.services.test_signup_concurrency import cancelling, registering

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REFUSALS = (services.SessionsFull, services.NotWaiting, services.NotLive)


@pytest.fixture
def by():
    call_command("setup_organisers", stdout=None)
    user = User.objects.create_user("orga", is_staff=True)
    user.groups.add(Group.objects.get(name="Organisers"))
    return user


def wrongs(*sessions) -> list[str]:
    return [p for s in sessions for p in place_problems(s) + history_problems(s)]


def newcomers(session, count: int, prefix: str) -> list:
    return [registering(session, f"{prefix}{n}@example.org") for n in range(count)]


# Scenarios: each one round, on new sessions; `user` is the organiser. ----------------------------


def capacity_edit(user, session, capacity: int):
    """The organiser's form in the admin, posted from their own browser (a test client)."""
    client = Client()
    client.force_login(user)
    with translation.override("en"):
        url = reverse("admin:programme_session_change", args=[session.pk])

    def task():
        with translation.override("en"):
            response = client.post(url, session_form(session, capacity=capacity))
        if response.status_code == 302:
            return "saved"
        if b"places are already taken" in response.content:
            return "refused"  # the form's own answer to a capacity below the places taken
        return f"answered {response.status_code}"

    return task


def edits_not_saved_or_refused(results) -> list[str]:
    answers = [r for r in results if isinstance(r, str) and r not in ("saved", "refused")]
    return [f"capacity edit {answer}" for answer in answers]


def capacity_lowered_in_the_admin_while_the_public_signs_up(user) -> list[str]:
    session = signup_session(capacity=10)
    fill(session, 5)

    results = run_at_once([capacity_edit(user, session, 7), *newcomers(session, 8, "new")])

    return errors_raised(results) + edits_not_saved_or_refused(results) + wrongs(session)


def capacity_raised_in_the_admin_while_the_public_signs_up(user) -> list[str]:
    """Two organisers raise the capacity at once (each form promotes the people waiting) while
    newcomers, queueing at terminals, sign up."""
    session = signup_session(capacity=3)
    fill(session, 6)  # three waiting
    other = User.objects.create_user(f"orga-{session.pk}", is_staff=True)
    other.groups.add(Group.objects.get(name="Organisers"))

    results = run_at_once(
        [capacity_edit(user, session, 9), capacity_edit(other, session, 8)]
        + [one_after_another(newcomers(session, 3, f"t{t}-")) for t in range(4)]
    )

    return errors_raised(results) + edits_not_saved_or_refused(results) + wrongs(session)


def promotions_over_capacity_while_holders_cancel(user) -> list[str]:
    """Organisers promote people over capacity (each click sent twice) or into a free place,
    while holders cancel: each promotion raises the capacity by one, once."""
    session = signup_session(capacity=3)
    fill(session, 8)
    line = list(Registration.objects.filter(session=session).in_waiting_order())
    holders = list(Registration.objects.filter(session=session).confirmed())
    actor = services.Actor.organiser(user)

    def promoting(registration, over: bool):
        return lambda: services.promote_registration(
            registration=registration, over_capacity=over, by=actor
        )

    results = run_at_once(
        [promoting(r, over=True) for r in line[1:4] * 2]
        + [promoting(line[4], over=False)]
        + [cancelling(r) for r in holders[:2]]
    )

    problems = errors_raised(results, expected=REFUSALS) + wrongs(session)
    raised = Change.objects.filter(session=session, action=Change.Action.CAPACITY).count()
    session.refresh_from_db()
    if session.capacity != 3 + raised:
        problems.append(f"capacity {session.capacity} after {raised} recorded raises from 3")
    return problems


def waiting_list_moves_while_people_join(user) -> list[str]:
    """Organisers move everyone in a line up and down at once; newcomers join its end and a
    holder's cancellation promotes its first."""
    session = signup_session(capacity=1)
    fill(session, 7)
    line = list(Registration.objects.filter(session=session).in_waiting_order())
    holder = Registration.objects.filter(session=session).confirmed().get()
    actor = services.Actor.organiser(user)

    def moving(registration, up: bool):
        return lambda: services.move_in_line(
            registration=registration, up=up, reason="Priorité", by=actor
        )

    results = run_at_once(
        [moving(r, up=True) for r in line[1:]]
        + [moving(r, up=False) for r in line[:-1]]
        + newcomers(session, 3, "new")
        + [cancelling(holder)]
    )

    return errors_raised(results, expected=REFUSALS) + line_problems(session) + wrongs(session)


def moves_to_another_session_while_the_public_signs_up(user) -> list[str]:
    day = DayFactory()
    source, target = signup_session(day=day, capacity=3), signup_session(day=day, capacity=3)
    fill(source, 5)
    fill(target, 1)
    holders = list(Registration.objects.filter(session=source).confirmed())
    actor = services.Actor.organiser(user)

    def moving(registration):
        return lambda: services.move_registration(
            registration=registration, to_session=target, by=actor
        )

    results = run_at_once(
        [moving(r) for r in holders] + newcomers(target, 4, "t") + newcomers(source, 2, "s")
    )

    return errors_raised(results, expected=REFUSALS) + wrongs(source, target)


def sessions_added_from_person_pages_while_the_public_signs_up(user) -> list[str]:
    day = DayFactory()
    first, target = signup_session(day=day, capacity=10), signup_session(day=day, capacity=3)
    fill(target, 1)
    people = [sign_up(first, email=f"phoned{n}@example.org").participant for n in range(5)]
    actor = services.Actor.organiser(user)

    def adding(participant):
        return lambda: services.add_sessions(
            participant=participant, session_ids=[target.pk], join_waiting_list=True, by=actor
        )

    results = run_at_once([adding(p) for p in people] + newcomers(target, 5, "new"))

    return errors_raised(results) + wrongs(first, target)


def delegations_confirmed_while_the_public_signs_up(user) -> list[str]:
    """Two members confirmed at once: each local place becomes a reserved one (one is kept for
    the delegation), and the local place that frees goes to one person, once."""
    session = signup_session(capacity=4, reserved_places=1)
    partners = [sign_up(session, email=f"partner{n}@example.org").participant for n in range(2)]
    fill(session, 4)  # the last local place, and three waiting
    actor = services.Actor.organiser(user)

    def confirming(partner):
        return lambda: services.set_delegation(participant=partner, member=True, by=actor)

    results = run_at_once(
        [confirming(p) for p in partners]
        + [one_after_another(newcomers(session, 2, f"t{t}-")) for t in range(3)]
    )

    kinds = [p for partner in partners for p in place_kind_problems(partner)]
    return errors_raised(results) + wrongs(session) + kinds


def cancel_all_through_private_links_while_the_public_signs_up(user) -> list[str]:
    """Holders of two full sessions cancel everything (each from two tabs at once) while
    newcomers, queueing at terminals, sign up: each freed place goes once, nobody is left
    waiting beside one. Freeing places needs no lock of its own: without the sessions' lock,
    what goes wrong is the newcomers' reading of the freed places (the counter's UPDATE locks
    the session's row before a cancellation reads the waiting list, so holders cancelling at
    once, with people already waiting, were seen right in 10 rounds out of 10)."""
    day = DayFactory()
    sessions = [signup_session(day=day, capacity=3), signup_session(day=day, capacity=3)]
    holders = [sign_up(sessions, email=f"both{n}@example.org").participant for n in range(3)]

    def cancelling_all(participant):
        return lambda: services.cancel_all_registrations(participant=participant)

    results = run_at_once(
        [cancelling_all(p) for p in holders] * 2
        + [one_after_another(newcomers(s, 3, f"s{s.pk}t{t}-")) for s in sessions for t in range(3)]
    )

    return errors_raised(results) + wrongs(*sessions)


SCENARIOS = [
    capacity_lowered_in_the_admin_while_the_public_signs_up,
    capacity_raised_in_the_admin_while_the_public_signs_up,
    promotions_over_capacity_while_holders_cancel,
    waiting_list_moves_while_people_join,
    moves_to_another_session_while_the_public_signs_up,
    sessions_added_from_person_pages_while_the_public_signs_up,
    delegations_confirmed_while_the_public_signs_up,
    cancel_all_through_private_links_while_the_public_signs_up,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
def test_race_keeps_places_right_under_the_sessions_lock(scenario, by):
    assert problems_with_the_lock(scenario, by) == []


@pytest.mark.control
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
def test_race_goes_wrong_without_the_sessions_lock(scenario, by, monkeypatch):
    problems = problems_without("sessions", scenario, by, monkeypatch)

    assert problems != [], "the control found nothing wrong: the scenario proves nothing"
