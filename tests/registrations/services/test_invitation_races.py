"""Twenty people using a nine-use delegation invitation at the same moment, for real (threads,
each with its own connection, on SQLite or PostgreSQL): exactly nine become members and take
the places kept for the partners; the eleven others are told the invitation has no use left.
The control runs the same race with the invitation's lock switched off (PostgreSQL: its row read
without FOR UPDATE; SQLite: DEFERRED transactions) and must see it go wrong."""

import datetime

import pytest
from django.utils import timezone

from registrations import services
from registrations.models import Change, DelegationInvitation, Participant
from tests.factories import participant_details, signup_session
from tests.registrations.places import place_problems
from tests.registrations.services.races import (
    CONTROL_ROUNDS,
    ROUNDS,
    errors_raised,
    one_lock_removed,
    problems_in_rounds,
    run_at_once,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

RACERS = 20
USES = 9


def registering_through(invitation, session, email: str):
    def task():
        return services.register_participant(
            visit=session.day.visit,
            details=participant_details(email=email),
            session_ids=[session.pk],
            join_waiting_list=True,
            language="el",
            invitation_token=invitation.token,
        )

    return task


def twenty_uses_of_a_nine_use_invitation() -> list[str]:
    """What would be wrong after the race: errors instead of answers, members other than nine,
    a count of uses that is not the number of members, uses missing from the history, places
    wrong."""
    session = signup_session(capacity=30, reserved_places=USES)
    invitation = DelegationInvitation.objects.create(
        visit=session.day.visit,
        label="Partner",
        uses_allowed=USES,
        ends_at=timezone.now() + datetime.timedelta(days=1),
    )
    racers = [
        registering_through(invitation, session, f"{invitation.pk}-{n}@example.org")
        for n in range(RACERS)
    ]

    results = run_at_once(racers)

    members = Participant.objects.filter(invitation=invitation, is_delegation=True).count()
    invitation.refresh_from_db()
    used = Change.objects.filter(
        action=Change.Action.INVITATION, participant__invitation=invitation
    )
    refused = [r for r in results if isinstance(r, services.InvitationUnusable)]
    problems = errors_raised(results, expected=(services.InvitationUnusable,))
    problems += place_problems(session)
    if members != USES:
        problems.append(f"members: {members} through a {USES}-use invitation")
    if invitation.uses_count != members:
        problems.append(f"uses counted: {invitation.uses_count} for {members} members")
    if used.count() != members:
        problems.append(f"uses in the history: {used.count()} for {members} members")
    if not problems and len(refused) != RACERS - USES:
        problems.append(f"refused: {len(refused)} of {RACERS}")
    return problems


def test_twenty_uses_of_a_nine_use_invitation_make_exactly_nine_members():
    problems = problems_in_rounds(twenty_uses_of_a_nine_use_invitation, rounds=ROUNDS)

    assert problems == []


@pytest.mark.control
def test_twenty_uses_without_the_invitation_lock_go_wrong(monkeypatch):
    with one_lock_removed("invitation", monkeypatch):
        problems = problems_in_rounds(
            twenty_uses_of_a_nine_use_invitation, rounds=CONTROL_ROUNDS, stop_at_first=True
        )

    assert problems != [], "the control found nothing wrong: the scenario proves nothing"
