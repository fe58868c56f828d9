"""Taps made on a check-in page while the phone had no network, sent when it is back.

Each tap carries an id made by the phone, the registration, present or not, and when it was made
(the phone's clock). A tap is applied through mark_present (attendance.py) at most once: its id
is kept (CheckinTap, unique), so a tap sent again changes nothing. Of several taps on the same
person, the one made last decides, whatever order they arrive in: two organisers who tapped at
the same door without network agree once both phones have sent their taps. A tap made earlier
than one already applied is kept, marked not applied, and changes nothing.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from programme.models import Session
from registrations.domain.history import Actor
from registrations.models import CheckinTap
from registrations.services.attendance import mark_present

APPLIED, TOO_OLD, SEEN, NOT_EXPECTED = "applied", "too old", "seen", "not expected"


@dataclass(frozen=True)
class Tap:
    id: uuid.UUID
    registration: int
    present: bool
    at: datetime


def apply_taps(*, session: Session, taps: list[Tap], by: Actor) -> dict[uuid.UUID, str]:
    """Apply each tap once, oldest first, each in its own transaction (a tap that cannot be
    applied does not hold back the others). Returns what became of each tap."""
    return {
        tap.id: apply_tap(session=session, tap=tap, by=by)
        for tap in sorted(taps, key=lambda tap: tap.at)
    }


def apply_tap(*, session: Session, tap: Tap, by: Actor) -> str:
    """One tap, under the registration's lock (a tap sent twice at once waits for the first).
    A tap dated in the future (a phone's clock ahead) counts as made now."""
    made_at = min(tap.at, timezone.now())
    with transaction.atomic():
        registration = (
            session.registrations.select_for_update(of=("self",))
            .filter(pk=tap.registration)
            .first()
        )
        if registration is None:
            return NOT_EXPECTED
        if CheckinTap.objects.filter(tap=tap.id).exists():
            return SEEN
        last = (
            registration.checkin_taps.filter(applied=True)
            .order_by("-tapped_at")
            .values_list("tapped_at", flat=True)
            .first()
        )
        latest = last is None or made_at >= last
        if latest:
            mark_present(registration=registration, present=tap.present, by=by)
        CheckinTap.objects.create(
            tap=tap.id,
            registration=registration,
            present=tap.present,
            tapped_at=made_at,
            applied=latest,
        )
    return APPLIED if latest else TOO_OLD
