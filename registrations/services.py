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
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from programme.models import Session, StudyVisit

from . import emails
from .models import Participant, Registration, new_manage_token

Status = Registration.Status


class RegistrationError(Exception):
    """A rule refused the request; `message` is translated and can be shown as it is."""

    message = _("Your registration could not be recorded.")

    def __init__(self, message=None, *, sessions=()):
        self.message = message or self.message
        self.sessions = list(sessions)
        super().__init__(str(self.message))


class RegistrationClosed(RegistrationError):
    message = _("Registration for this study visit is closed.")


class SessionUnavailable(RegistrationError):
    message = _("One of the chosen sessions is not open for sign-up.")


class SessionsFull(RegistrationError):
    def __init__(self, sessions):
        titles = ", ".join(session.title for session in sessions)
        message = ngettext_lazy(
            "This session is now full: %(titles)s. Tick the waiting-list box to be put on its "
            "waiting list, or untick the session.",
            "These sessions are now full: %(titles)s. Tick the waiting-list box to be put on "
            "their waiting lists, or untick them.",
            len(sessions),
        ) % {"titles": titles}
        super().__init__(message, sessions=sessions)


class EmailAlreadyRegistered(RegistrationError):
    message = _("This e-mail address is already registered for this study visit.")


@dataclass
class SignupOutcome:
    """What a request changed, session by session, for the confirmation message."""

    participant: Participant
    confirmed: list[Session] = field(default_factory=list)
    waiting: list[Session] = field(default_factory=list)
    cancelled: list[Session] = field(default_factory=list)


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
    An address already registered for the visit raises EmailAlreadyRegistered."""
    with transaction.atomic():
        ensure_registration_open(visit)
        if Participant.objects.with_email(details["email"]).filter(visit=visit).exists():
            raise EmailAlreadyRegistered
        sessions = lock_sessions(session_ids)
        ensure_open_for_signup(visit, sessions.values())
        delegation = details.get("is_delegation", False)
        refuse_full_sessions(sessions.values(), delegation=delegation, join=join_waiting_list)
        participant = create_participant(visit, details, language)
        outcome = sign_up(participant, sessions.values())
        transaction.on_commit(lambda: emails.send_confirmation(participant.pk, updated=False))
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
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        wanted = set(session_ids)
        current = participant.registrations.live().values_list("session_id", flat=True)
        sessions = lock_sessions(wanted | set(current))
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
        if dietary is not None:
            Participant.objects.filter(pk=participant.pk).update(**dietary)
        if outcome.confirmed or outcome.waiting or outcome.cancelled:
            transaction.on_commit(lambda: emails.send_confirmation(participant.pk, updated=True))
    return outcome


def cancel_registration(*, registration: Registration) -> bool:
    """Cancel one registration; a freed place goes to the first person waiting who can take it.
    Returns False if it was already cancelled."""
    with transaction.atomic():
        session = lock_sessions([registration.session_id])[registration.session_id]
        registration = Registration.objects.get(pk=registration.pk)
        if not registration.is_live:
            return False
        cancel_locked(registration, session)
    return True


def cancel_all_registrations(*, participant: Participant) -> list[Session]:
    """Cancel every live registration of the participant (their places go to the waiting
    lists) and return the sessions cancelled."""
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        cancelled = cancel_all_locked(participant)
        if cancelled:
            transaction.on_commit(lambda: emails.send_cancellation(participant.pk))
    return cancelled


def fill_from_waiting_list(*, session: Session) -> list[Registration]:
    """Give every free place of the session to the people waiting, in order, and tell them."""
    with transaction.atomic():
        session = lock_sessions([session.pk])[session.pk]
        return promote_waiting(session)


def change_session_capacity(
    *, session: Session, capacity, reserved_places: int
) -> list[Registration]:
    """Set a session's capacity and reserved places. Refuses (ValidationError) to go below the
    places already taken; when places appear, people waiting are promoted at once."""
    with transaction.atomic():
        locked = lock_sessions([session.pk])[session.pk]
        locked.capacity, locked.reserved_places = capacity, reserved_places
        locked.clean()
        locked.save(update_fields=["capacity", "reserved_places"])
        return promote_waiting(locked)


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


def anonymise(participant: Participant) -> None:
    Participant.objects.filter(pk=participant.pk).update(
        first_name="",
        last_name="",
        email="",
        organisation="",
        dietary_requirement="",
        dietary_notes="",
        accessibility_needs="",
        manage_token=new_manage_token(),
        erased_at=timezone.now(),
    )


def send_manage_link(*, visit: StudyVisit, email: str, tried_again: bool = False) -> None:
    """E-mail the private link to the participant with this address, if there is one. Says
    nothing either way, so that nobody can learn who is registered."""
    participant = Participant.objects.with_email(email).filter(visit=visit).first()
    if participant is not None:
        emails.send_manage_link(participant.pk, tried_again=tried_again)


# Building blocks: they expect to run inside a transaction that holds the needed locks. -------


def ensure_registration_open(visit: StudyVisit) -> None:
    if not visit.is_published or not visit.is_registration_open():
        raise RegistrationClosed


def lock_sessions(session_ids) -> dict[int, Session]:
    """Lock the sessions in primary-key order and return them fresh from the database. An id
    that matches no session raises SessionUnavailable."""
    ids = sorted(set(session_ids))
    sessions = Session.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
    locked = {session.pk: session for session in sessions}
    if len(locked) != len(ids):
        raise SessionUnavailable
    return locked


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
        raise EmailAlreadyRegistered from error


def sign_up(participant: Participant, sessions) -> SignupOutcome:
    outcome = SignupOutcome(participant)
    for session in sorted(sessions, key=lambda s: s.pk):
        if session.has_place_for(delegation=participant.is_delegation):
            Registration.objects.create(
                participant=participant, session=session, status=Status.CONFIRMED
            )
            take_place(session, participant)
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


def cancel_all_locked(participant: Participant) -> list[Session]:
    live = participant.registrations.live().values_list("session_id", flat=True)
    sessions = lock_sessions(live)
    cancelled = []
    for registration in participant.registrations.live().order_by("session_id"):  # re-read, locked
        registration.participant = participant
        cancel_locked(registration, sessions[registration.session_id])
        cancelled.append(sessions[registration.session_id])
    return cancelled


def cancel_locked(registration: Registration, session: Session) -> None:
    was_confirmed = registration.status == Status.CONFIRMED
    registration.status, registration.waiting_since = Status.CANCELLED, None
    registration.save(update_fields=["status", "waiting_since", "updated_at"])
    if was_confirmed:
        free_place(session, registration.participant)
        promote_waiting(session)


def promote_waiting(session: Session) -> list[Registration]:
    """Confirm people waiting for the (locked) session, first come first served, while it has
    a place for them; a delegation member may take a reserved place ahead of a local participant
    who cannot use it."""
    promoted = []
    for registration in session.registrations.in_waiting_order().select_related("participant"):
        if session.is_full and session.confirmed_delegation >= session.reserved_places:
            break
        if session.has_place_for(delegation=registration.participant.is_delegation):
            registration.status, registration.waiting_since = Status.CONFIRMED, None
            registration.save(update_fields=["status", "waiting_since", "updated_at"])
            take_place(session, registration.participant)
            promoted.append(registration)
    for registration in promoted:
        transaction.on_commit(lambda pk=registration.pk: emails.send_promotion(pk))
    return promoted


def counter_for(participant: Participant) -> str:
    return "confirmed_delegation" if participant.is_delegation else "confirmed_local"


def take_place(session: Session, participant: Participant) -> None:
    name = counter_for(participant)
    Session.objects.filter(pk=session.pk).update(**{name: F(name) + 1})
    setattr(session, name, getattr(session, name) + 1)


def free_place(session: Session, participant: Participant) -> None:
    name = counter_for(participant)
    Session.objects.filter(pk=session.pk).update(**{name: F(name) - 1})
    setattr(session, name, getattr(session, name) - 1)
