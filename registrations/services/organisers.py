"""What only organisers do to places, from the admin. Same rules, same locks, same history."""

from dataclasses import dataclass

from django.db import transaction

from programme.models import Session
from registrations import emails
from registrations.domain import place_steps
from registrations.domain.errors import (
    AlreadySignedUp,
    NoLocalPlace,
    NotCancelled,
    NotLive,
    NotWaiting,
    SessionsFull,
)
from registrations.domain.history import (
    FREED_BY_DELEGATION,
    OVER_CAPACITY,
    RELOADED,
    SYSTEM,
    Actor,
    record,
)
from registrations.domain.place_steps import (
    confirm_waiting,
    free_place,
    give_place,
    promote_waiting,
    put_in_line,
    take_place,
)
from registrations.models import Change, Participant, Registration
from registrations.services.signup import ensure_open_for_signup, lock_participant

Status, Place, Action = Registration.Status, Registration.Place, Change.Action
ATTENDANCE = {True: "yes", False: "no", None: "unknown"}
CLAIMED = "claimed"  # history: a delegation claim from the public form, not confirmed


@dataclass(frozen=True)
class Promotion:
    promoted: bool
    capacity_raised_to: int | None = None


def capacity_text(session: Session) -> str:
    """How the history writes a session's places: capacity/reserved ("" = unlimited)."""
    return f"{'' if session.capacity is None else session.capacity}/{session.reserved_places}"


def change_session_capacity(
    *, session: Session, capacity, reserved_places: int, by: Actor = SYSTEM
) -> list[Registration]:
    """Set a session's capacity and reserved place_steps. Refuses (ValidationError) to go below the
    places already taken; when places appear, people waiting are promoted at once."""
    with transaction.atomic():
        locked = place_steps.lock_sessions([session.pk])[session.pk]
        old = capacity_text(locked)
        locked.capacity, locked.reserved_places = capacity, reserved_places
        locked.clean()
        locked.save(update_fields=["capacity", "reserved_places"])
        if capacity_text(locked) != old:
            record(by, Action.CAPACITY, session=locked, old=old, new=capacity_text(locked))
        return promote_waiting(locked)


def capacities_locked(session_ids) -> dict[int, str]:
    """Lock the sessions and return each one's places as the history writes them: what
    offer_free_places compares with once capacities were changed outside the admin."""
    return {pk: capacity_text(s) for pk, s in place_steps.lock_sessions(session_ids).items()}


def offer_free_places(
    *, capacities_before: dict[int, str], by: Actor = SYSTEM
) -> list[Registration]:
    """For when capacities changed outside the admin (a reload of the programme fixture): write
    each change to the history, as the admin does, then give the free places of these sessions
    to the people waiting, in line order. `capacities_before` comes from capacities_locked."""
    with transaction.atomic(), emails.promotions_grouped():
        sessions = place_steps.lock_sessions(capacities_before.keys())
        for pk, session in sessions.items():
            old, new = capacities_before[pk], capacity_text(session)
            if new != old:
                record(by, Action.CAPACITY, session=session, old=old, new=new, note=RELOADED)
        return [promoted for s in sessions.values() for promoted in promote_waiting(s)]


def promote_registration(
    *, registration: Registration, over_capacity: bool = False, by: Actor = SYSTEM
) -> Promotion:
    """Confirm one person from a waiting list if the session has a place for them; raise
    SessionsFull if it has none. With `over_capacity` (an organiser's deliberate, recorded
    choice) the capacity of a full session is raised by one place instead, so that the
    database's promise still holds. Nothing happens if the registration is no longer waiting."""
    with transaction.atomic():
        session = place_steps.lock_sessions([registration.session_id])[registration.session_id]
        registration = Registration.objects.select_related("participant").get(pk=registration.pk)
        if registration.status != Status.WAITING:
            return Promotion(promoted=False)
        raised_to = None
        if not session.has_place_for(delegation=registration.participant.is_delegation):
            if not over_capacity:
                raise SessionsFull([session])
            raised_to = raise_capacity_by_one(session, registration, by=by)
        confirm_waiting(registration, session, by=by)
    return Promotion(promoted=True, capacity_raised_to=raised_to)


def raise_capacity_by_one(
    session: Session, registration: Registration, *, by: Actor, note: str = OVER_CAPACITY
) -> int:
    old = capacity_text(session)
    session.capacity += 1
    Session.objects.filter(pk=session.pk).update(capacity=session.capacity)
    record(
        by,
        Action.CAPACITY,
        session=session,
        registration=registration,
        old=old,
        new=capacity_text(session),
        note=note,
    )
    return session.capacity


def record_attendance(*, registrations, attended: bool | None, by: Actor = SYSTEM) -> int:
    """Mark confirmed registrations as attended (True), no-show (False) or unknown (None).
    Returns how many changed; the others were not confirmed, or already so."""
    changed = 0
    with transaction.atomic():
        rows = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("participant", "session")
            .filter(pk__in=[r.pk for r in registrations], status=Status.CONFIRMED)
        )
        for registration in rows:
            if registration.attended is attended:
                continue
            old = ATTENDANCE[registration.attended]
            registration.attended = attended
            registration.save(update_fields=["attended", "updated_at"])
            record(
                by, Action.ATTENDANCE, registration=registration, old=old, new=ATTENDANCE[attended]
            )
            changed += 1
    return changed


def resend_confirmation(*, participant: Participant, by: Actor = SYSTEM) -> bool:
    """Queue the confirmation e-mail again (an organiser's choice: not counted in the hourly
    limit). Returns False, queuing nothing, for a participant whose data was erased."""
    if participant.erased_at:
        return False
    with transaction.atomic():
        emails.queue_confirmation(participant.pk, updated=False, limited=False)
        record(by, Action.EMAIL, participant=participant, new="confirmation")
    return True


def move_registration(*, registration: Registration, to_session: Session, by: Actor) -> None:
    """Move someone from one session to another of their visit open for sign-up, in one
    transaction: they get a place in the new session, and only then is their old one freed (and
    offered to the waiting list). Their attendance stays with the old session: in the new one
    they are expected, not yet present. With no place for them in the new session, SessionsFull is
    raised and nothing changes."""
    with transaction.atomic():
        participant = lock_participant(registration.participant)
        sessions = place_steps.lock_sessions([registration.session_id, to_session.pk])
        registration = Registration.objects.get(pk=registration.pk)
        registration.participant = participant
        source, target = sessions[registration.session_id], sessions[to_session.pk]
        if not registration.is_live:
            raise NotLive
        ensure_open_for_signup(participant.visit, [target])
        if participant.registrations.live().filter(session=target).exists():
            raise AlreadySignedUp(target)
        if not target.has_place_for(delegation=participant.is_delegation):
            raise SessionsFull([target])
        was = registration.status
        if was == Status.CONFIRMED:
            free_place(source, registration)
        give_place(registration)
        registration.session = target
        # Presence belongs to the session attended: the new one starts not recorded (the history
        # keeps the old session's attendance entries).
        registration.attended = None
        registration.save()
        take_place(target, registration)
        record(
            by,
            Action.MOVED,
            registration=registration,
            from_session=source,
            old=was,
            new=Status.CONFIRMED,
        )
        if was == Status.CONFIRMED:
            promote_waiting(source)
        emails.queue_confirmation(participant.pk, updated=True, limited=False)


def restore_registration(
    *, registration: Registration, wait_if_full: bool, by: Actor
) -> Registration:
    """Give back a cancelled registration: a place if the session has one; otherwise the end of
    its waiting list if the organiser chose so (`wait_if_full`), else SessionsFull and nothing
    changes. Returns it, restored."""
    with transaction.atomic():
        participant = lock_participant(registration.participant)
        session = place_steps.lock_sessions([registration.session_id])[registration.session_id]
        registration = Registration.objects.get(pk=registration.pk)
        registration.participant = participant
        if registration.is_live:
            raise NotCancelled
        if participant.registrations.live().filter(session=session).exists():
            raise AlreadySignedUp(session)
        if session.has_place_for(delegation=participant.is_delegation):
            give_place(registration)
            registration.save()
            take_place(session, registration)
        elif wait_if_full:
            put_in_line(registration, session)
            registration.save()
        else:
            raise SessionsFull([session])
        record(
            by,
            Action.RESTORED,
            registration=registration,
            old=Status.CANCELLED,
            new=registration.status,
        )
        emails.queue_confirmation(participant.pk, updated=True, limited=False)
    return registration


def move_in_line(*, registration: Registration, up: bool, reason: str, by: Actor) -> bool:
    """Swap someone with the person just ahead of them (`up`) or just behind in their session's
    waiting list, for the reason given. Returns False if they are already first (or last)."""
    with transaction.atomic():
        session = place_steps.lock_sessions([registration.session_id])[registration.session_id]
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status != Status.WAITING:
            raise NotWaiting
        line = list(session.registrations.in_waiting_order())
        index = [r.pk for r in line].index(registration.pk)
        other_index = index - 1 if up else index + 1
        if not 0 <= other_index < len(line):
            return False
        other = line[other_index]
        registration.waiting_rank, other.waiting_rank = (
            other.waiting_rank,
            registration.waiting_rank,
        )
        for moved in (registration, other):
            moved.save(update_fields=["waiting_rank", "updated_at"])
        record(
            by,
            Action.LINE,
            registration=registration,
            old=str(index + 1),
            new=str(other_index + 1),
            note=reason,
        )
    return True


def set_delegation(*, participant: Participant, member: bool, by: Actor) -> bool:
    """Confirm (or withdraw) someone's membership of the partner delegation. Each confirmed place
    they hold changes kind: a member's local place becomes a reserved one (freeing a local
    place for the waiting list); a former member's reserved place becomes a local one, which
    must exist (else NoLocalPlace and nothing changes). People waiting are then served.
    Withdrawing also settles a claim ticked on the public form (declined: it leaves the
    organisers' list of claims). Returns False if there was nothing to change."""
    with transaction.atomic(), emails.promotions_grouped():
        participant = lock_participant(participant)
        if not member and participant.delegation_claimed:
            participant.delegation_claimed = False
            participant.save(update_fields=["delegation_claimed", "updated_at"])
            if not participant.is_delegation:
                record(by, Action.DELEGATION, participant=participant, old=CLAIMED, new=Place.LOCAL)
                return True
        if participant.is_delegation == member:
            return False
        held = participant.registrations.live().values_list("session_id", flat=True)
        sessions = place_steps.lock_sessions(held)
        # Read again under the sessions' locks: a promotion may have confirmed one meanwhile.
        live = list(participant.registrations.live())
        participant.is_delegation = member
        participant.save(update_fields=["is_delegation", "updated_at"])
        record(
            by,
            Action.DELEGATION,
            participant=participant,
            old=Place.LOCAL if member else Place.DELEGATION,
            new=Place.DELEGATION if member else Place.LOCAL,
        )
        switch_places(participant, [r for r in live if r.status == Status.CONFIRMED], sessions)
        for session in sessions.values():
            promote_waiting(session, note=FREED_BY_DELEGATION)
    return True


def switch_places(participant: Participant, confirmed, sessions) -> None:
    """Move each confirmed registration to the counter of the participant's new kind of place."""
    stuck = []
    for registration in confirmed:
        registration.participant = participant
        session = sessions[registration.session_id]
        free_place(session, registration)
        if not session.has_place_for(delegation=participant.is_delegation):
            stuck.append(session)
            continue
        registration.place = place_steps.place_for(participant)
        registration.save(update_fields=["place", "updated_at"])
        take_place(session, registration)
    if stuck:
        raise NoLocalPlace(stuck)  # the whole transaction rolls back: nothing changed
