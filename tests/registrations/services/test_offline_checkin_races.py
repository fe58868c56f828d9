"""The same tap sent twice at once (a phone retrying while its first request is still on its
way, or two tabs): applied once, on PostgreSQL and SQLite."""

import uuid
from datetime import UTC, datetime

import pytest

from registrations.domain.history import SYSTEM
from registrations.models import Change, CheckinTap, Registration
from registrations.services.offline_checkin import APPLIED, SEEN, Tap, apply_tap
from tests.factories import sign_up, signup_session
from tests.registrations.services.races import run_at_once

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_same_tap_sent_four_times_at_once_changes_once():
    session = signup_session(capacity=3)
    sign_up(session, email="zoe@example.org")
    registration = Registration.objects.get(session=session)
    tap = Tap(id=uuid.uuid4(), registration=registration.pk, present=True, at=datetime.now(UTC))

    outcomes = run_at_once([lambda: apply_tap(session=session, tap=tap, by=SYSTEM)] * 4)

    registration.refresh_from_db()
    assert sorted(outcomes) == [APPLIED, SEEN, SEEN, SEEN]
    assert registration.attended is True
    assert Change.objects.filter(action=Change.Action.ATTENDANCE).count() == 1
    assert CheckinTap.objects.count() == 1
