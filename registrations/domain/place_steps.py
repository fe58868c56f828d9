"""Places of locked sessions: the steps that services compose inside one transaction.

Everything here expects to run in a transaction that holds the lock of the sessions it touches
(see `lock_sessions` and the module docstring of services.py). Each step that changes who holds
what writes its line of history (history.py), with who made the change.
"""

from contextlib import contextmanager

from django.db.models import Count, F, Max
from django.utils import timezone

from programme.models import Session
from registrations import emails
from registrations.domain.errors import SessionUnavailable
from registrations.domain.history import SYSTEM, Actor, entry, record
from registrations.models import Change, Participant, Registration

Status = Registration.Status
Place = Registration.Place
Action = Change.Action


# Our row locks, by name, and whether they are taken: always, but for control tests. A control
# switches one off (`lock_switched_off`) and races the services to show what goes wrong without
# it; a lock whose control finds nothing wrong is not what protects that path. On SQLite these
# send nothing (Django drops FOR UPDATE there): each transaction takes the database's write lock
# at BEGIN IMMEDIATE (settings), one lock that stands in for every row lock.
LOCKS_TAKEN = {"sessions": True, "participant": True, "invitation": True}


@contextmanager
def lock_switched_off(name: str):
    """For control tests only: until the block ends, every thread reads the rows `name` names
    ("sessions", "participant" or "invitation") without locking them."""
    if name not in LOCKS_TAKEN:
        raise ValueError(f"no lock named {name!r}")
    LOCKS_TAKEN[name] = False
    try:
        yield
    finally:
        LOCKS_TAKEN[name] = True


def locking(queryset, lock: str, **options):
    """The queryset, reading its rows with the named lock (SELECT ... FOR UPDATE) if it is on."""
    return queryset.select_for_update(**options) if LOCKS_TAKEN[lock] else queryset


def lock_sessions(session_ids) -> dict[int, Session]:
    """Lock the sessions in primary-key order and return them fresh from the database. An id
    that matches no session raises SessionUnavailable."""
    ids = sorted(set(session_ids))
    # With its day, which says whose visit it is (ensure_open_for_signup): no query per session.
    sessions = Session.objects.select_related("day").filter(pk__in=ids).order_by("pk")
    sessions = locking(sessions, "sessions", of=("self",))
    locked = {session.pk: session for session in sessions}
    if len(locked) != len(ids):
        raise SessionUnavailable
    return locked


def lock_participant_row(participant_pk: int) -> Participant:
    """Lock the participant's row, before any session (one lock order everywhere), and return
    it fresh: who they are, whether they are a delegation member, whether they were erased."""
    return locking(Participant.objects, "participant").get(pk=participant_pk)


def new_registrations(participant: Participant, sessions, *, by: Actor) -> list[Registration]:
    """For each (locked) session, in the order given: a place if it has one for the participant,
    else the end of its waiting list. In the same few statements whatever the number of
    sessions: the waiting lines joined read at once, the registrations and their history each
    inserted at once, and the places taken counted last (one update: the pages version, which
    changes with it, is then held until the commit only)."""
    delegation = participant.is_delegation
    full = [session.pk for session in sessions if not session.has_place_for(delegation=delegation)]
    lines = waiting_lines(full)
    registrations = []
    for session in sessions:
        registration = Registration(participant=participant, session=session)
        if session.pk in lines:
            join_line(registration, *lines[session.pk])
        else:
            give_place(registration)
        registrations.append(registration)
    Registration.objects.bulk_create(registrations)
    Change.objects.bulk_create(
        entry(by, Action.SIGNED_UP, registration=registration, new=registration.status)
        for registration in registrations
    )
    take_places([r for r in registrations if r.status == Status.CONFIRMED])
    return registrations


def cancel_all_locked(participant: Participant, *, by: Actor) -> list[Session]:
    live = participant.registrations.live().values_list("session_id", flat=True)
    sessions = lock_sessions(live)
    cancelled = []
    for registration in participant.registrations.live().order_by("session_id"):  # re-read, locked
        registration.participant = participant
        cancel_locked(registration, sessions[registration.session_id], by=by)
        cancelled.append(sessions[registration.session_id])
    return cancelled


def cancel_locked(registration: Registration, session: Session, *, by: Actor) -> None:
    was = registration.status
    registration.status, registration.waiting_since = Status.CANCELLED, None
    registration.waiting_rank = None
    registration.save(update_fields=["status", "waiting_since", "waiting_rank", "updated_at"])
    record(by, Action.CANCELLED, registration=registration, old=was, new=Status.CANCELLED)
    if was == Status.CONFIRMED:
        free_place(session, registration)
        promote_waiting(session)


def promote_waiting(session: Session, *, note: str = "") -> list[Registration]:
    """Confirm people waiting for the (locked) session, in line order, while it has a place for
    them; a delegation member may take a reserved place ahead of a local participant who cannot
    use it. The site does it: the history says so (and why, with `note`, a code of history.py)."""
    promoted = []
    for registration in session.registrations.in_waiting_order().select_related("participant"):
        if not session.has_place_for_anyone:
            break
        if session.has_place_for(delegation=registration.participant.is_delegation):
            confirm_waiting(registration, session, by=SYSTEM, note=note)
            promoted.append(registration)
    return promoted


def confirm_waiting(registration: Registration, session: Session, *, by: Actor, note="") -> None:
    was = registration.status
    give_place(registration)
    registration.save(
        update_fields=["status", "waiting_since", "waiting_rank", "place", "updated_at"]
    )
    take_place(session, registration)
    record(by, Action.PROMOTED, registration=registration, old=was, new=Status.CONFIRMED, note=note)
    emails.queue_promotion(registration)


def give_place(registration: Registration) -> None:
    """Mark the registration confirmed, in the kind of place its participant takes now."""
    registration.status, registration.place = Status.CONFIRMED, place_for(registration.participant)
    registration.waiting_since = registration.waiting_rank = None


def put_in_line(registration: Registration, session: Session) -> None:
    """Mark the registration waiting, last in the session's line."""
    join_line(registration, *waiting_lines([session.pk])[session.pk])


def waiting_lines(session_ids) -> dict[int, tuple[int, int]]:
    """For each of the (locked) sessions, its last rank in line and how many people wait, both
    0 for an empty line: one query for them all, none for no session."""
    if not session_ids:
        return {}
    lines = (
        Registration.objects.waiting()
        .filter(session__in=session_ids)
        .order_by()
        .values_list("session")
        .annotate(last=Max("waiting_rank"), people=Count("pk"))
    )
    found = {session: (last, people) for session, last, people in lines}
    return {pk: found.get(pk, (0, 0)) for pk in session_ids}


def join_line(registration: Registration, last_rank: int, people: int) -> None:
    """Mark the registration waiting, after the last in a line of `people`; it is told its place
    in line (`waiting_position`, as RegistrationQuerySet.with_waiting_position counts it)."""
    registration.status, registration.waiting_rank = Status.WAITING, last_rank + 1
    registration.waiting_since = timezone.now()
    registration.waiting_position = people + 1


def place_for(participant: Participant) -> str:
    """The kind of place a participant takes now: delegation members the reserved ones."""
    return Place.DELEGATION if participant.is_delegation else Place.LOCAL


COUNTERS = {Place.LOCAL: "confirmed_local", Place.DELEGATION: "confirmed_delegation"}


def take_place(session: Session, registration: Registration) -> None:
    """Count the confirmed registration in the counter of the place it holds."""
    move_counter(session, COUNTERS[registration.place], +1)


def take_places(registrations) -> None:
    """Count confirmed registrations, each in its session's counter of the place it holds (one
    registration per session): one update per kind of place."""
    by_counter = {}
    for registration in registrations:
        by_counter.setdefault(COUNTERS[registration.place], []).append(registration.session)
    for name, sessions in by_counter.items():
        Session.objects.filter(pk__in=[s.pk for s in sessions]).update(**{name: F(name) + 1})
        for session in sessions:
            setattr(session, name, getattr(session, name) + 1)


def free_place(session: Session, registration: Registration) -> None:
    """Uncount it from the counter it was counted in when its place was given."""
    move_counter(session, COUNTERS[registration.place], -1)


def move_counter(session: Session, name: str, step: int) -> None:
    Session.objects.filter(pk=session.pk).update(**{name: F(name) + step})
    setattr(session, name, getattr(session, name) + step)


def recount_places(session: Session) -> None:
    """Set the session's counters from its confirmed registrations. For when a session row was
    written from outside the services: loading the programme fixture writes every column, the
    counters included, as the fixture has them (zero)."""
    confirmed = session.registrations.confirmed()
    delegation = confirmed.filter(place=Place.DELEGATION).count()
    local = confirmed.count() - delegation
    Session.objects.filter(pk=session.pk).update(
        confirmed_local=local, confirmed_delegation=delegation
    )
    session.confirmed_local, session.confirmed_delegation = local, delegation


def recount_after_fixture_load(sender, instance, raw, **kwargs):
    if raw:
        recount_places(instance)
