"""What participants do through the public pages, and organisers on their behalf."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.models import Session, StudyVisit
from registrations import emails
from registrations.domain import limits, place_steps
from registrations.domain.erasure import anonymise
from registrations.domain.errors import (
    EmailAlreadyRegistered,
    RegistrationClosed,
    RegistrationError,
    SessionsFull,
    SessionUnavailable,
    TooManyPosts,
)
from registrations.domain.history import PARTICIPANT, Actor, record
from registrations.domain.place_steps import cancel_all_locked, cancel_locked
from registrations.models import Change, Participant, Registration
from registrations.services import invitations

Status = Registration.Status


@dataclass
class SignupOutcome:
    """What a request changed, session by session, for the confirmation message."""

    participant: Participant
    confirmed: list[Session] = field(default_factory=list)
    waiting: list[Session] = field(default_factory=list)
    cancelled: list[Session] = field(default_factory=list)
    # For each session waited for, the place in its line (1: first).
    positions: dict[int, int] = field(default_factory=dict)
    dietary_changed: bool = False

    @property
    def changed_sessions(self) -> bool:
        return bool(self.confirmed or self.waiting or self.cancelled)


def register_participant(
    *,
    visit: StudyVisit,
    details: dict,
    session_ids,
    join_waiting_list: bool,
    language: str,
    by: Actor = PARTICIPANT,
    notify: bool = True,
    posted_from: str = "",
    invitation_token: str | None = None,
) -> SignupOutcome:
    """Create a participant and sign them up for the chosen sessions: a place where there is one,
    the waiting list where there is none (only if `join_waiting_list`; otherwise nothing is saved
    and SessionsFull says which sessions are full). The confirmation e-mail is queued with the
    change (unless an organiser chose `notify=False`). An address already registered for the
    visit raises EmailAlreadyRegistered, but only once every other check has passed: the answers
    never differ with whether the address is known.

    `posted_from`: the address the public form came from, counted against the posting limit
    first, in the same transaction (TooManyPosts over the limit: nothing is saved). A refusal
    undoes its count with everything else: the caller counts that post again on its own.

    An organiser (`by`) may register someone outside the registration window, and records that
    the person gave them their consent.

    With `invitation_token`, the person registers through a delegation invitation: its row is
    locked before the sessions, InvitationUnusable refuses a link revoked, ended or used up,
    and the person is a delegation member at once; the use is counted and in the history."""
    try:
        with transaction.atomic():
            if posted_from:
                refuse_too_many_posts(posted_from)
            if by.kind != Change.Actor.ORGANISER:
                ensure_registration_open(visit)
            invitation = None
            if invitation_token is not None:
                invitation = invitations.lock_usable_invitation(visit=visit, token=invitation_token)
                details = {
                    **details,
                    "is_delegation": True,
                    "delegation_claimed": False,
                    "invitation": invitation,
                }
            sessions = place_steps.lock_sessions(session_ids)
            ensure_open_for_signup(visit, sessions.values())
            delegation = details.get("is_delegation", False)
            refuse_full_sessions(sessions.values(), delegation=delegation, join=join_waiting_list)
            # A known address breaks the unique index: the insert is the check (see below).
            participant = new_participant(visit, details, language, consent_given_to=by.user)
            if invitation is not None:
                invitations.count_use(invitation, participant, by=by)
            if notify:
                emails.queue_confirmation(participant.pk, updated=False)
            outcome = sign_up(participant, sessions.values(), by=by)
    except IntegrityError as error:
        # Registered before, or by another request between our locks and our insert: the
        # transaction is undone, and the answer is the same as for any known address.
        if Participant.objects.with_email(details["email"]).filter(visit=visit).exists():
            raise EmailAlreadyRegistered from error
        raise
    return outcome


def change_registrations(
    *,
    participant: Participant,
    session_ids,
    join_waiting_list: bool,
    dietary: dict | None = None,
    by: Actor = PARTICIPANT,
) -> SignupOutcome:
    """Make the participant's live registrations exactly the chosen sessions: new ones are signed
    up like at registration, dropped ones are cancelled and their places offered to the waiting
    list. Nothing changes (and SessionsFull is raised) if a new session is full and the
    participant did not accept the waiting list. Dropping sessions stays possible after
    registration has closed; adding does not, except for an organiser."""
    with transaction.atomic(), emails.promotions_grouped():
        participant = lock_participant(participant)
        wanted = set(session_ids)
        current = participant.registrations.live().values_list("session_id", flat=True)
        sessions = place_steps.lock_sessions(wanted | set(current))
        live = {r.session_id: r for r in participant.registrations.live()}  # current, locked
        new = [sessions[pk] for pk in sorted(wanted - live.keys())]
        if new:
            if by.kind != Change.Actor.ORGANISER:
                ensure_registration_open(participant.visit)
            ensure_open_for_signup(participant.visit, new)
        refuse_full_sessions(new, delegation=participant.is_delegation, join=join_waiting_list)
        outcome = sign_up(participant, new, by=by)
        for pk in sorted(live.keys() - wanted):
            live[pk].participant = participant
            cancel_locked(live[pk], sessions[pk], by=by)
            outcome.cancelled.append(sessions[pk])
        if dietary is not None and any(getattr(participant, k) != v for k, v in dietary.items()):
            Participant.objects.filter(pk=participant.pk).update(
                **dietary, updated_at=timezone.now()
            )
            outcome.dietary_changed = True
        if outcome.changed_sessions:
            emails.queue_confirmation(participant.pk, updated=True)
    return outcome


def add_sessions(
    *, participant: Participant, session_ids, join_waiting_list: bool, by: Actor, notify=True
) -> SignupOutcome:
    """Sign someone up for more sessions of their visit, keeping what they have: a place where
    there is one, else the waiting list if `join_waiting_list` (otherwise SessionsFull, and
    nothing changes). Sessions they already hold are left as they are, so asking twice adds
    once. The registration window does not apply: organisers act for people who phoned."""
    with transaction.atomic():
        participant = lock_participant(participant)
        sessions = place_steps.lock_sessions(session_ids)
        held = set(participant.registrations.live().values_list("session_id", flat=True))
        new = [session for pk, session in sorted(sessions.items()) if pk not in held]
        ensure_open_for_signup(participant.visit, new)
        refuse_full_sessions(new, delegation=participant.is_delegation, join=join_waiting_list)
        outcome = sign_up(participant, new, by=by)
        if notify and outcome.changed_sessions:
            emails.queue_confirmation(participant.pk, updated=True, limited=False)
    return outcome


def cancel_registration(*, registration: Registration, by: Actor = PARTICIPANT) -> bool:
    """Cancel one registration; a freed place goes to the first person waiting who can take it.
    Returns False if it was already cancelled."""
    with transaction.atomic():
        session = place_steps.lock_sessions([registration.session_id])[registration.session_id]
        registration = Registration.objects.select_related("participant").get(pk=registration.pk)
        if not registration.is_live:
            return False
        cancel_locked(registration, session, by=by)
    return True


def cancel_all_registrations(*, participant: Participant, by: Actor = PARTICIPANT) -> list[Session]:
    """Cancel every live registration of the participant (their places go to the waiting
    lists) and return the sessions cancelled."""
    with transaction.atomic(), emails.promotions_grouped():
        participant = lock_participant(participant)
        cancelled = cancel_all_locked(participant, by=by)
        if cancelled:
            emails.queue_cancellation(participant.pk)
    return cancelled


def erase_participant(*, participant: Participant, by: Actor = PARTICIPANT) -> None:
    """The participant's right to erasure: cancel what they had (freeing the places), then blank
    every personal field. Their private link stops working. Anonymous figures (country, language,
    delegation or not, registration statuses) stay for the visit's counts."""
    with transaction.atomic(), emails.promotions_grouped():
        participant = place_steps.lock_participant_row(participant.pk)
        if participant.erased_at:
            return
        cancel_all_locked(participant, by=by)
        record(by, Change.Action.ERASED, participant=participant)
        anonymise(participant)


def send_manage_link(*, visit: StudyVisit, email: str, tried_again: bool = False) -> None:
    """Queue the private link for the participant with this address, if there is one. The
    request does the same work either way (one look-up, one row queued, for nobody if the
    address is unknown), so that neither its answer nor its timing tells who is registered."""
    emails.queue_manage_link(visit.pk, email, tried_again=tried_again)


# Building blocks: they expect to run inside a transaction that holds the needed locks. -------


def lock_participant(participant: Participant) -> Participant:
    """Lock the participant's row (always before any session: one lock order everywhere) and
    refuse to act for someone whose data was erased meanwhile (from another tab, say)."""
    participant = place_steps.lock_participant_row(participant.pk)
    if participant.erased_at:
        raise RegistrationError(_("This registration no longer exists."))
    return participant


def ensure_registration_open(visit: StudyVisit) -> None:
    if not visit.is_published or not visit.is_registration_open():
        raise RegistrationClosed


def ensure_open_for_signup(visit: StudyVisit, sessions) -> None:
    """The (locked) sessions, read with their day, are the visit's and open for sign-up."""
    if any(not s.is_open_for_signup or s.day.visit_id != visit.pk for s in sessions):
        raise SessionUnavailable


def refuse_full_sessions(sessions, *, delegation: bool, join: bool) -> None:
    """Without the participant's consent to the waiting list, a full session stops everything."""
    full = [s for s in sessions if not s.has_place_for(delegation=delegation)]
    if full and not join:
        raise SessionsFull(full)


def create_participant(
    visit: StudyVisit, details: dict, language: str, *, consent_given_to=None
) -> Participant:
    """A new participant, in a savepoint: a lost race on the address is a clean refusal, and the
    transaction goes on."""
    try:
        with transaction.atomic():
            return new_participant(visit, details, language, consent_given_to=consent_given_to)
    except IntegrityError as error:
        # Another request registered this address between our check and our insert.
        if Participant.objects.with_email(details["email"]).filter(visit=visit).exists():
            raise EmailAlreadyRegistered from error
        raise


def new_participant(
    visit: StudyVisit, details: dict, language: str, *, consent_given_to=None
) -> Participant:
    """Insert the participant (an address already registered breaks the unique index)."""
    return Participant.objects.create(
        visit=visit,
        language=language,
        consented_at=timezone.now(),
        consent_given_to=consent_given_to,
        privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
        **details,
    )


def refuse_too_many_posts(address: str) -> None:
    """Count one more form post from the address; over the posting limit, stop everything."""
    if not limits.allow("posts", address, settings.REGISTRATION_RATE_LIMIT):
        raise TooManyPosts


def sign_up(participant: Participant, sessions, *, by: Actor) -> SignupOutcome:
    outcome = SignupOutcome(participant)
    ordered = sorted(sessions, key=lambda s: s.pk)
    for registration in place_steps.new_registrations(participant, ordered, by=by):
        if registration.status == Status.CONFIRMED:
            outcome.confirmed.append(registration.session)
        else:
            outcome.waiting.append(registration.session)
            outcome.positions[registration.session_id] = registration.waiting_position
    return outcome
