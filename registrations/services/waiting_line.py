"""An organiser puts someone at a given place in a session's waiting list, in one step, for one
reason (the Up and Down buttons move one place at a time: organisers/move_in_line)."""

from django.db import transaction

from registrations.domain import place_steps
from registrations.domain.errors import NotWaiting
from registrations.domain.history import Actor, record
from registrations.models import Change, Registration


def move_to_position(
    *, registration: Registration, position: int, reason: str, by: Actor
) -> int | None:
    """Put a waiting registration at `position` (1 = first; beyond the end = last) of its
    session's waiting list, the others keeping their order; one history entry, with the reason.
    Under the session's lock. Returns the place they are at now, or None if they already
    were there."""
    with transaction.atomic():
        session = place_steps.lock_sessions([registration.session_id])[registration.session_id]
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status != Registration.Status.WAITING:
            raise NotWaiting
        line = list(session.registrations.in_waiting_order())
        ranks = [r.waiting_rank for r in line]
        old = [r.pk for r in line].index(registration.pk)
        new = min(max(position, 1), len(line)) - 1
        if new == old:
            return None
        moved = line.pop(old)
        line.insert(new, moved)
        for person, rank in zip(line, increasing(ranks), strict=True):
            if person.waiting_rank != rank:
                person.waiting_rank = rank
                person.save(update_fields=["waiting_rank", "updated_at"])
        record(
            by, Change.Action.LINE, registration=moved, old=str(old + 1), new=str(new + 1),
            note=reason,
        )  # fmt: skip
    return new + 1


def increasing(ranks: list[int]) -> list[int]:
    """The same ranks, made strictly increasing (two people once sharing a rank are told
    apart), so that the new order is the only order."""
    result = []
    for rank in ranks:
        result.append(rank if not result or rank > result[-1] else result[-1] + 1)
    return result
