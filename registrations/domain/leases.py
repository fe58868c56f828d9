"""Claiming a row under a lease, for the workers that take queued rows one at a time: the e-mail
outbox (registrations/emails/delivery.py) and the files prepared in the background
(registrations/exports/background.py).

A claimed row carries `lease_until`; a worker killed while it holds one leaves it claimed until
the lease runs out, then the row is due again and another worker takes it up."""

import datetime

from django.db import transaction
from django.db.models import Model
from django.utils import timezone


def claim_under_lease(
    rows, *, order_by: tuple[str, ...], lease: datetime.timedelta, changes: dict, related=()
) -> Model | None:
    """Take the first row of `rows.due(now)` in `order_by` order, for `lease`: set its
    `lease_until` and `changes`, and return it read again (with `related`), or None if no row
    is due or another worker took it first.

    On PostgreSQL rows other workers are claiming are skipped (SKIP LOCKED); on SQLite, where
    Django sends no FOR UPDATE, the transaction takes the write lock at once (IMMEDIATE, in
    settings). The conditional update is the backstop: only one worker can move a row."""
    now = timezone.now()
    with transaction.atomic():
        candidate = (
            rows.due(now)
            .select_for_update(skip_locked=True)
            .order_by(*order_by)
            .values_list("pk", flat=True)
            .first()
        )
        if candidate is None:
            return None
        taken = rows.due(now).filter(pk=candidate).update(lease_until=now + lease, **changes)
    if not taken:
        return None
    return (rows.select_related(*related) if related else rows.all()).get(pk=candidate)
