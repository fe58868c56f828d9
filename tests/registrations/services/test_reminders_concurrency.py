"""Reminders queued by several runs at once (the timer, the e-mail worker, an operator by hand):
each person still gets one reminder per day. The unique key per person and day decides; the
control takes it away and must see duplicates (PostgreSQL: on SQLite, BEGIN IMMEDIATE already
makes the runs take turns)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from registrations.models import OutgoingEmail, ReminderSent, VisitOptions
from registrations.services.reminders import queue_reminders
from tests.factories import DayFactory, StudyVisitFactory, sign_up, signup_session
from tests.registrations.services.races import constraint_removed, run_at_once

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PEOPLE, RUNS = 20, 4


@pytest.fixture
def evening_before():
    visit = StudyVisitFactory()
    VisitOptions.objects.create(visit=visit, reminders_on=True, reminder_hour=18)
    session = signup_session(
        day=DayFactory(visit=visit, date=datetime.date(2018, 2, 20)), capacity=PEOPLE
    )
    for n in range(PEOPLE):
        sign_up(session, email=f"person{n}@example.org")
    OutgoingEmail.objects.all().delete()
    return timezone.make_aware(datetime.datetime(2018, 2, 19, 18, 5), visit.tzinfo)


def reminders_per_person() -> list[int]:
    reminders = OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.REMINDER)
    counts = {}
    for participant_id in reminders.values_list("participant_id", flat=True):
        counts[participant_id] = counts.get(participant_id, 0) + 1
    return sorted(counts.values())


def test_reminders_queued_by_runs_at_once_go_once_per_person(evening_before):
    results = run_at_once([lambda: queue_reminders(now=evening_before)] * RUNS)

    assert sum(results) == PEOPLE
    assert reminders_per_person() == [1] * PEOPLE
    assert ReminderSent.objects.count() == PEOPLE


@pytest.mark.control
def test_control_without_the_unique_key_runs_at_once_queue_duplicates(evening_before):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's BEGIN IMMEDIATE makes the runs take turns: no race to show.")
    with constraint_removed(ReminderSent, "one_reminder_per_day"):
        for _attempt in range(5):
            OutgoingEmail.objects.all().delete()
            ReminderSent.objects.all().delete()
            run_at_once([lambda: queue_reminders(now=evening_before)] * RUNS)
            if reminders_per_person() != [1] * PEOPLE:
                break
        duplicated = reminders_per_person() != [1] * PEOPLE
        ReminderSent.objects.all().delete()

    assert duplicated
