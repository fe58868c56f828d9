"""The rules of signing up. Every change to a participant or a registration goes through here.

Each public function is one transaction. A function that gives or frees places locks the sessions
it touches before it reads their counters: on PostgreSQL with SELECT ... FOR UPDATE in primary-key
order (two transactions never wait on each other in a cycle); on SQLite every transaction starts
with BEGIN IMMEDIATE (see settings), which takes the database's write lock before the first read.
Every status change of a registration happens while its session is locked, so a registration read
after that lock is current. The check constraint `session_never_overbooked` is the database's last
word should anything slip past.

Functions that change what a participant has are idempotent: asking twice for the same session,
or cancelling twice, changes nothing the second time.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.models import Session, StudyVisit

from . import emails, places
from .erasure import anonymise
from .errors import (
    EmailAlreadyRegistered,
    RegistrationClosed,
    RegistrationError,
    SessionsFull,
    SessionUnavailable,
)
from .models import Participant, Registration
from .places import (
    cancel_all_locked,
    cancel_locked,
    confirm_waiting,
    place_for,
    promote_waiting,
    take_place,
)

Status = Registration.Status


@dataclass
class SignupOutcome:
    """What a request changed, session by session, for the confirmation message."""

    participant: Participant
    confirmed: list[Session] = field(default_factory=list)
    waiting: list[Session] = field(default_factory=list)
    cancelled: list[Session] = field(default_factory=list)
    dietary_changed: bool = False

    @property
    def changed_sessions(self) -> bool:
        return bool(self.confirmed or self.waiting or self.cancelled)


@dataclass(frozen=True)
class Promotion:
    promoted: bool
    capacity_raised_to: int | None = None


def register_participant(
    *,
    visit: StudyVisit,
    details: dict,
    session_ids,
    join_waiting_list: bool,
    language: str,
) -> SignupOutcome:
    """Create a participant and sign them up for the chosen sessions: a place where there is one,
    the waiting list where there is none (only if `join_waiting_list`; otherwise nothing is saved
    and SessionsFull says which sessions are full). The confirmation e-mail leaves after commit.
    An address already registered for the visit raises EmailAlreadyRegistered, but only once
    every other check has passed: the answers never differ with whether the address is known."""
    with transaction.atomic():
        ensure_registration_open(visit)
        sessions = places.lock_sessions(session_ids)
        ensure_open_for_signup(visit, sessions.values())
        delegation = details.get("is_delegation", False)
        refuse_full_sessions(sessions.values(), delegation=delegation, join=join_waiting_list)
        if Participant.objects.with_email(details["email"]).filter(visit=visit).exists():
            raise EmailAlreadyRegistered
        participant = create_participant(visit, details, language)
        outcome = sign_up(participant, sessions.values())
        emails.send_confirmation.enqueue(participant.pk, updated=False)
    return outcome


def change_registrations(
    *, participant: Participant, session_ids, join_waiting_list: bool, dietary: dict | None = None
) -> SignupOutcome:
    """Make the participant's live registrations exactly the chosen sessions: new ones are signed
    up like at registration, dropped ones are cancelled and their places offered to the waiting
    list. Nothing changes (and SessionsFull is raised) if a new session is full and the
    participant did not accept the waiting list. Dropping sessions stays possible after
    registration has closed; adding does not."""
    with transaction.atomic():
        participant = lock_participant(participant)
        wanted = set(session_ids)
        current = participant.registrations.live().values_list("session_id", flat=True)
        sessions = places.lock_sessions(wanted | set(current))
        live = {r.session_id: r for r in participant.registrations.live()}  # current, locked
        new = [sessions[pk] for pk in sorted(wanted - live.keys())]
        if new:
            ensure_registration_open(participant.visit)
            ensure_open_for_signup(participant.visit, new)
        refuse_full_sessions(new, delegation=participant.is_delegation, join=join_waiting_list)
        outcome = sign_up(participant, new)
        for pk in sorted(live.keys() - wanted):
            live[pk].participant = participant
            cancel_locked(live[pk], sessions[pk])
            outcome.cancelled.append(sessions[pk])
        if dietary is not None and any(getattr(participant, k) != v for k, v in dietary.items()):
            Participant.objects.filter(pk=participant.pk).update(
                **dietary, updated_at=timezone.now()
            )
            outcome.dietary_changed = True
        if outcome.changed_sessions:
            emails.send_confirmation.enqueue(participant.pk, updated=True)
    return outcome


def cancel_registration(*, registration: Registration) -> bool:
    """Cancel one registration; a freed place goes to the first person waiting who can take it.
    Returns False if it was already cancelled."""
    with transaction.atomic():
        session = places.lock_sessions([registration.session_id])[registration.session_id]
        registration = Registration.objects.get(pk=registration.pk)
        if not registration.is_live:
            return False
        cancel_locked(registration, session)
    return True


def cancel_all_registrations(*, participant: Participant) -> list[Session]:
    """Cancel every live registration of the participant (their places go to the waiting
    lists) and return the sessions cancelled."""
    with transaction.atomic():
        participant = lock_participant(participant)
        cancelled = cancel_all_locked(participant)
        if cancelled:
            emails.send_cancellation.enqueue(participant.pk)
    return cancelled


def change_session_capacity(
    *, session: Session, capacity, reserved_places: int
) -> list[Registration]:
    """Set a session's capacity and reserved places. Refuses (ValidationError) to go below the
    places already taken; when places appear, people waiting are promoted at once."""
    with transaction.atomic():
        locked = places.lock_sessions([session.pk])[session.pk]
        locked.capacity, locked.reserved_places = capacity, reserved_places
        locked.clean()
        locked.save(update_fields=["capacity", "reserved_places"])
        return promote_waiting(locked)


def offer_free_places(*, session_ids) -> list[Registration]:
    """Give the free places of these sessions to the people waiting, in line order: for when
    capacities changed outside the admin (a reload of the programme fixture)."""
    with transaction.atomic():
        sessions = places.lock_sessions(session_ids)
        return [promoted for s in sessions.values() for promoted in promote_waiting(s)]


def promote_registration(*, registration: Registration, over_capacity: bool = False) -> Promotion:
    """Confirm one person from a waiting list if the session has a place for them; raise
    SessionsFull if it has none. With `over_capacity` (an organiser's deliberate, logged choice)
    the capacity of a full session is raised by one place instead, so that the database's
    promise still holds. Nothing happens if the registration is no longer waiting."""
    with transaction.atomic():
        session = places.lock_sessions([registration.session_id])[registration.session_id]
        registration = Registration.objects.select_related("participant").get(pk=registration.pk)
        if registration.status != Status.WAITING:
            return Promotion(promoted=False)
        raised_to = None
        if not session.has_place_for(delegation=registration.participant.is_delegation):
            if not over_capacity:
                raise SessionsFull([session])
            raised_to = session.capacity + 1
            Session.objects.filter(pk=session.pk).update(capacity=raised_to)
            session.capacity = raised_to
        confirm_waiting(registration, session)
    return Promotion(promoted=True, capacity_raised_to=raised_to)


def record_attendance(*, registrations, attended: bool | None) -> int:
    """Mark confirmed registrations as attended (True), no-show (False) or unknown (None)."""
    return Registration.objects.filter(
        pk__in=[r.pk for r in registrations], status=Status.CONFIRMED
    ).update(attended=attended, updated_at=timezone.now())


def resend_confirmation(*, participant: Participant) -> bool:
    """Queue the confirmation e-mail again (an organiser's choice: not counted in the hourly
    limit). Returns False, queuing nothing, for a participant whose data was erased."""
    if participant.erased_at:
        return False
    emails.send_confirmation.enqueue(participant.pk, updated=False, limited=False)
    return True


def erase_participant(*, participant: Participant) -> None:
    """The participant's right to erasure: cancel what they had (freeing the places), then blank
    every personal field. Their private link stops working. Anonymous figures (country, language,
    delegation or not, registration statuses) stay for the visit's counts."""
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.erased_at:
            return
        cancel_all_locked(participant)
        anonymise(participant)


def send_manage_link(*, visit: StudyVisit, email: str, tried_again: bool = False) -> None:
    """Queue the private link for the participant with this address, if there is one. The
    request does the same work either way (the worker looks the address up), so that neither
    its answer nor its timing tells who is registered."""
    emails.send_manage_link.enqueue(visit.pk, email, tried_again=tried_again)


# Building blocks: they expect to run inside a transaction that holds the needed locks. -------


def lock_participant(participant: Participant) -> Participant:
    """Lock the participant's row (always before any session: one lock order everywhere) and
    refuse to act for someone whose data was erased meanwhile (from another tab, say)."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.erased_at:
        raise RegistrationError(_("This registration no longer exists."))
    return participant


def ensure_registration_open(visit: StudyVisit) -> None:
    if not visit.is_published or not visit.is_registration_open():
        raise RegistrationClosed


def ensure_open_for_signup(visit: StudyVisit, sessions) -> None:
    day_ids = set(visit.days.values_list("pk", flat=True))
    if any(not s.is_open_for_signup or s.day_id not in day_ids for s in sessions):
        raise SessionUnavailable


def refuse_full_sessions(sessions, *, delegation: bool, join: bool) -> None:
    """Without the participant's consent to the waiting list, a full session stops everything."""
    full = [s for s in sessions if not s.has_place_for(delegation=delegation)]
    if full and not join:
        raise SessionsFull(full)


def create_participant(visit: StudyVisit, details: dict, language: str) -> Participant:
    try:
        with transaction.atomic():  # a savepoint: a lost race on the address is a clean refusal
            return Participant.objects.create(
                visit=visit,
                language=language,
                consented_at=timezone.now(),
                privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
                **details,
            )
    except IntegrityError as error:
        # Another request registered this address between our check and our insert.
        if Participant.objects.with_email(details["email"]).filter(visit=visit).exists():
            raise EmailAlreadyRegistered from error
        raise


def sign_up(participant: Participant, sessions) -> SignupOutcome:
    outcome = SignupOutcome(participant)
    for session in sorted(sessions, key=lambda s: s.pk):
        if session.has_place_for(delegation=participant.is_delegation):
            registration = Registration.objects.create(
                participant=participant,
                session=session,
                status=Status.CONFIRMED,
                place=place_for(participant),
            )
            take_place(session, registration)
            outcome.confirmed.append(session)
        else:
            Registration.objects.create(
                participant=participant,
                session=session,
                status=Status.WAITING,
                waiting_since=timezone.now(),
            )
            outcome.waiting.append(session)
    return outcome
