"""On the day: who came. Organisers mark people present at a session (or undo it), and sign up
on the spot someone who turned up without a place: a walk-in.

Presence is the registration's `attended` flag, written by record_attendance under the row's
lock: two organisers tapping the same name at once change it once, and the counts on the
check-in page are counted from the rows, so they stay right whatever the order.
"""

from dataclasses import dataclass

from django.db import transaction

from programme.models import Session
from registrations import emails
from registrations.domain import place_steps
from registrations.domain.errors import SessionsFull
from registrations.domain.history import WALK_IN, WALK_IN_OVER_CAPACITY, Actor, record
from registrations.domain.place_steps import confirm_waiting, give_place, take_place
from registrations.models import Change, Participant, Registration
from registrations.services.organisers import raise_capacity_by_one, record_attendance
from registrations.services.signup import create_participant, lock_participant

Status = Registration.Status


@dataclass(frozen=True)
class WalkIn:
    registration: Registration
    new_participant: bool
    capacity_raised_to: int | None = None


def mark_present(*, registration: Registration, present: bool, by: Actor) -> bool:
    """Present (True) or back to not recorded (undo). Returns False if nothing changed: the
    registration was not confirmed, or already so."""
    attended = True if present else None
    return record_attendance(registrations=[registration], attended=attended, by=by) == 1


def add_walk_in(
    *,
    session: Session,
    details: dict,
    language: str,
    over_capacity: bool,
    by: Actor,
    notify: bool = False,
) -> WalkIn:
    """Sign up someone who turned up at the session and mark them present. Someone already
    registered for the visit (same mailbox) keeps their record and gets the place. When the
    session has no place for them, SessionsFull, and nothing changes, unless the organiser
    chose `over_capacity`: then the capacity is raised by one, and the history says so. With
    `notify`, the confirmation e-mail (check-in code, private link) is queued."""
    with transaction.atomic():
        visit = session.day.visit
        participant = Participant.objects.with_email(details["email"]).filter(visit=visit).first()
        new_participant = participant is None
        if new_participant:
            participant = create_participant(visit, details, language, consent_given_to=by.user)
        participant = lock_participant(participant)
        session = place_steps.lock_sessions([session.pk])[session.pk]
        registration = participant.registrations.live().filter(session=session).first()
        raised_to = None
        if registration is None or registration.status == Status.WAITING:
            has_place = session.has_place_for(delegation=participant.is_delegation)
            if not (has_place or over_capacity):
                raise SessionsFull([session])
            raised_to = give_place_now(participant, session, registration, has_place, by=by)
            registration = participant.registrations.live().get(session=session)
        mark_present(registration=registration, present=True, by=by)
        registration.refresh_from_db()
        if notify:
            emails.queue_confirmation(participant.pk, updated=not new_participant, limited=False)
    return WalkIn(registration, new_participant, raised_to)


def give_place_now(participant, session, registration, has_place: bool, *, by: Actor):
    """Confirm them in the (locked) session: on a free place, or on one more place made for
    them. Returns the capacity raised to, or None."""
    if registration is None:
        registration = Registration(participant=participant, session=session)
        give_place(registration)
        registration.save()  # before the capacity's history entry, which names it
        raised_to = (
            None
            if has_place
            else raise_capacity_by_one(session, registration, by=by, note=WALK_IN_OVER_CAPACITY)
        )
        take_place(session, registration)
        record(
            by,
            Change.Action.SIGNED_UP,
            registration=registration,
            new=Status.CONFIRMED,
            note=WALK_IN,
        )
        return raised_to
    raised_to = (
        None
        if has_place
        else raise_capacity_by_one(session, registration, by=by, note=WALK_IN_OVER_CAPACITY)
    )
    confirm_waiting(registration, session, by=by, note=WALK_IN)
    return raised_to
