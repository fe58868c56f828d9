"""Registering through a delegation invitation: a member at once, in the kept places, the use
counted and in the history; a link revoked, ended or used up refuses, and nothing is saved."""

import datetime

import pytest
from django.utils import timezone, translation

from registrations import services
from registrations.domain.history import describe
from registrations.models import Change, DelegationInvitation, Participant, Registration
from tests.factories import fill, participant_details, sign_up, signup_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    """10 places, 9 kept for the partners: the one local place is taken."""
    session = signup_session(capacity=10, reserved_places=9)
    fill(session, 1)
    return session


def invitation_for(session, **fields) -> DelegationInvitation:
    values = {"label": "Cooperativa Sociale", "uses_allowed": 2}
    values["ends_at"] = timezone.now() + datetime.timedelta(days=7)
    return DelegationInvitation.objects.create(visit=session.day.visit, **{**values, **fields})


def register_through(invitation, session, email="eleni@example.org"):
    return services.register_participant(
        visit=session.day.visit,
        details=participant_details(email=email, delegation_claimed=True),
        session_ids=[session.pk],
        join_waiting_list=True,
        language="el",
        invitation_token=invitation.token,
    )


def test_register_through_invitation_takes_a_kept_place_at_once(session):
    invitation = invitation_for(session)

    outcome = register_through(invitation, session)

    person = outcome.participant
    registration = Registration.objects.get(participant=person)
    invitation.refresh_from_db()
    assert (person.is_delegation, person.delegation_claimed, person.invitation) == (
        True,
        False,
        invitation,
    )
    assert (registration.status, registration.place) == ("confirmed", "delegation")
    assert invitation.uses_count == 1
    [entry] = Change.objects.filter(action=Change.Action.INVITATION)
    with translation.override("en"):
        described = describe(entry)
    assert (entry.participant, described) == (
        person,
        "Registered through the delegation invitation “Cooperativa Sociale”: reserved places.",
    )


def test_register_through_public_form_with_a_claim_waits_for_the_local_place(session):
    outcome = sign_up(session, email="eleni@example.org", delegation_claimed=True)

    registration = Registration.objects.get(participant=outcome.participant)
    assert (registration.status, registration.waiting_rank) == ("waiting", 1)


@pytest.mark.parametrize(
    "fields",
    [
        {"revoked_at": timezone.now()},
        {"ends_at": timezone.now() - datetime.timedelta(minutes=1)},
        {"uses_allowed": 1, "uses_count": 1},
    ],
    ids=["revoked", "ended", "used_up"],
)
def test_register_through_unusable_invitation_is_refused_and_saves_nothing(session, fields):
    invitation = invitation_for(session, **fields)

    with pytest.raises(services.InvitationUnusable) as refusal:
        register_through(invitation, session)

    with translation.override("en"):
        refused = str(refusal.value.message)
    assert refused == (
        "This invitation can no longer be used: it has ended, it has no uses left, or the "
        "organisers withdrew it. Write to the organisers for a new one."
    )
    assert Participant.objects.filter(email="eleni@example.org").exists() is False


def test_register_through_invitation_of_another_visit_is_refused(session):
    other = signup_session(capacity=10, reserved_places=9)
    invitation = invitation_for(other)

    with pytest.raises(services.InvitationUnusable):
        register_through(invitation, session)


def test_register_through_invitation_with_a_known_address_counts_no_use(session):
    invitation = invitation_for(session)
    sign_up(session, email="eleni@example.org")

    with pytest.raises(services.EmailAlreadyRegistered):
        register_through(invitation, session)

    invitation.refresh_from_db()
    assert invitation.uses_count == 0


def test_invitation_with_uses_left_serves_as_many_then_refuses(session):
    invitation = invitation_for(session, uses_allowed=2)

    register_through(invitation, session, "a@example.org")
    register_through(invitation, session, "b@example.org")
    with pytest.raises(services.InvitationUnusable):
        register_through(invitation, session, "c@example.org")

    members = Participant.objects.filter(invitation=invitation).order_by("email")
    assert [p.email for p in members] == ["a@example.org", "b@example.org"]


def test_revoke_invitation_twice_revokes_once(session):
    invitation = invitation_for(session)

    assert [services.revoke_invitation(invitation=invitation) for _ in range(2)] == [True, False]
    assert DelegationInvitation.objects.usable().count() == 0
