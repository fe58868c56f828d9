"""An organiser cancels someone's place, seeing first what it does, and may undo it.

`cancellation_preview` says who loses what and who would get the place (read only, for the
confirmation page); `cancel_for_organiser` cancels, tells the person by e-mail if asked (through
the outbox) and writes down their place in line; `undo_cancellation` gives back that same place
while nobody else has taken it. Same locks as every change of places: the participant, then the
session."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from programme.models import Session
from registrations import emails
from registrations.domain import place_steps
from registrations.domain.errors import RegistrationError
from registrations.domain.history import UNDONE, Actor, record
from registrations.domain.place_steps import cancel_locked, give_place, take_place
from registrations.models import Change, Registration
from registrations.services.signup import lock_participant

Status, Action = Registration.Status, Change.Action
LINE_NOTE = "line:"  # the note of an organiser's cancellation of a waiting registration: its rank


@dataclass(frozen=True)
class CancellationPreview:
    registration: Registration
    waiting_position: int | None  # their place in line, if they are waiting
    next_in_line: Registration | None  # who would get the freed place


def next_to_get_the_place(session: Session) -> Registration | None:
    """The first person waiting who could take a place freed now (not changing anything)."""
    for waiting in session.registrations.in_waiting_order().select_related("participant"):
        if session.has_place_for(delegation=waiting.participant.is_delegation):
            return waiting
    return None


def cancellation_preview(registration: Registration) -> CancellationPreview:
    """What cancelling this registration would do, as things stand now."""
    session = Session.objects.get(pk=registration.session_id)
    if registration.status == Status.CONFIRMED:
        counter = place_steps.COUNTERS[registration.place]
        setattr(session, counter, getattr(session, counter) - 1)  # as if freed, in memory only
        return CancellationPreview(registration, None, next_to_get_the_place(session))
    position = None
    if registration.status == Status.WAITING:
        line = list(session.registrations.in_waiting_order().values_list("pk", flat=True))
        position = line.index(registration.pk) + 1
    return CancellationPreview(registration, position, None)


def cancel_for_organiser(*, registration: Registration, notify: bool, by: Actor) -> bool:
    """Cancel one registration (the place goes to the first person waiting who can take it) and,
    with `notify`, queue an e-mail telling the person. A waiting registration's rank is kept in
    the history, for an undo. Returns False if it was already cancelled."""
    with transaction.atomic():
        participant = lock_participant(registration.participant)
        session = place_steps.lock_sessions([registration.session_id])[registration.session_id]
        registration = Registration.objects.get(pk=registration.pk)
        registration.participant = participant
        if not registration.is_live:
            return False
        rank = registration.waiting_rank
        cancel_locked(registration, session, by=by)
        if rank is not None:
            entry = registration.changes.filter(action=Action.CANCELLED).order_by("-pk").first()
            Change.objects.filter(pk=entry.pk).update(note=f"{LINE_NOTE}{rank}")
        if notify:
            emails.queue_cancelled_by_organisers(registration)
    return True


class CannotUndo(RegistrationError):
    pass


def undo_cancellation(*, registration: Registration, by: Actor) -> Registration:
    """Give back the place a cancellation took away: the confirmed place if the session still
    has one for them, or the same place in the waiting list if nobody took that rank since.
    Only right after the cancellation (nothing else happened to the registration); otherwise
    CannotUndo and nothing changes (Restore remains)."""
    with transaction.atomic():
        participant = lock_participant(registration.participant)
        session = place_steps.lock_sessions([registration.session_id])[registration.session_id]
        registration = Registration.objects.get(pk=registration.pk)
        registration.participant = participant
        last = registration.changes.order_by("-pk").first()
        if registration.is_live or last is None or last.action != Action.CANCELLED:
            raise CannotUndo(undo_refused("not_last"))
        if participant.registrations.live().filter(session=session).exists():
            raise CannotUndo(undo_refused("signed_up_again"))
        if last.old == Status.CONFIRMED:
            if not session.has_place_for(delegation=participant.is_delegation):
                raise CannotUndo(undo_refused("place_taken"))
            give_place(registration)
            registration.save()
            take_place(session, registration)
        else:
            give_back_rank(registration, session, last.note)
        record(
            by, Action.RESTORED, registration=registration, old=Status.CANCELLED,
            new=registration.status, note=UNDONE,
        )  # fmt: skip
        emails.queue_confirmation(participant.pk, updated=True, limited=False)
    return registration


def give_back_rank(registration: Registration, session: Session, note: str) -> None:
    rank = int(note.removeprefix(LINE_NOTE)) if note.startswith(LINE_NOTE) else None
    if rank is None or session.registrations.waiting().filter(waiting_rank=rank).exists():
        raise CannotUndo(undo_refused("line_taken"))
    place_steps.put_in_line(registration, session)
    registration.waiting_rank = rank
    registration.save()


def undo_refused(why: str) -> str:
    reasons = {
        "not_last": _(
            "Cannot undo: only the latest change, a cancellation, can be undone. Use Restore."
        ),
        "signed_up_again": _("Cannot undo: they are signed up for this session again."),
        "place_taken": _(
            "Cannot undo: the place has been taken since. Use Restore to put them on the "
            "waiting list."
        ),
        "line_taken": _(
            "Cannot undo: their place in the waiting list has been taken since. Use Restore."
        ),
    }
    return reasons[why]
