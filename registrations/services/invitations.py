"""Delegation invitations: registering through one, and revoking one.

Registering through an invitation is a sign-up (signup.register_participant) in which the
invitation is one more scarce thing consumed: its row is locked first, before the sessions (the
lock order everywhere: invitation, participant, sessions in key order), then read fresh and
checked, and its use counted in the same transaction. Twenty people using a nine-use link at
once make exactly nine members; the others are told the link has no uses left.
"""

from django.db import transaction
from django.utils import timezone

from registrations.domain.errors import InvitationUnusable
from registrations.domain.history import Actor, record
from registrations.domain.place_steps import locking
from registrations.models import Change, DelegationInvitation, Participant, Registration


def lock_usable_invitation(*, visit, token: str) -> DelegationInvitation:
    """Lock the invitation's row and return it fresh; InvitationUnusable if no invitation of the
    visit has this key, or it was revoked, has ended or has no use left."""
    invitation = (
        locking(DelegationInvitation.objects, "invitation").filter(visit=visit, token=token).first()
    )
    if invitation is None or not invitation.is_usable():
        raise InvitationUnusable
    return invitation


def count_use(invitation: DelegationInvitation, participant: Participant, *, by: Actor) -> None:
    """One more use of the (locked) invitation, by the participant just created; in the history."""
    invitation.uses_count += 1
    invitation.save(update_fields=["uses_count"])
    record(
        by,
        Change.Action.INVITATION,
        participant=participant,
        new=Registration.Place.DELEGATION,
        note=invitation.label[:500],
    )


def revoke_invitation(*, invitation: DelegationInvitation) -> bool:
    """End the invitation now: nobody registers through it any more (those who did stay
    members). One conditional update: False if it was revoked already."""
    with transaction.atomic():
        revoked = DelegationInvitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True)
        return bool(revoked.update(revoked_at=timezone.now()))
