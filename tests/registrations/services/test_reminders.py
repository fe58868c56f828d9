"""Reminders: the day before each day of the visit, at the hour organisers chose (the visit's
local time), one e-mail per person confirmed that day, in their language, with that day's
sessions, times ("time to be confirmed" where the programme gives none), venues and their
check-in code. Queued once per person and day, whoever runs the queuing and how often."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from registrations import services
from registrations.models import OutgoingEmail, ReminderSent, VisitOptions
from registrations.services.reminders import queue_reminders
from tests.factories import DayFactory, StudyVisitFactory, VenueFactory, sign_up, signup_session
from tests.mail_queue import deliver_queued_mail

pytestmark = pytest.mark.django_db

BEFORE_THE_HOUR = "2018-02-19 17:59+01:00"  # Paris, the evening before Tuesday 20 February
AT_THE_HOUR = "2018-02-19 18:00+01:00"
NEXT_MORNING = "2018-02-20 00:30+01:00"


@pytest.fixture
def visit():
    visit = StudyVisitFactory(title_en="KISS study visit", slug="kiss")
    VisitOptions.objects.create(visit=visit, reminders_on=True, reminder_hour=18)
    return visit


@pytest.fixture
def tuesday(visit):
    """Tuesday 20 February: a timed visit at a venue with an address, a dinner with no time."""
    day = DayFactory(visit=visit, date=datetime.date(2018, 2, 20))
    farm = signup_session(
        day=day,
        title_en="Urban farm tour",
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 0),
        venue=VenueFactory(name="Ferme urbaine", address="3 rue Neuve, Saint-Etienne"),
        capacity=1,
    )
    dinner = signup_session(day=day, title_en="Dinner", part_of_day="evening", venue=None)
    return farm, dinner


@pytest.fixture
def wednesday(visit):
    return signup_session(day=DayFactory(visit=visit, date=datetime.date(2018, 2, 21)))


def test_reminders_wait_for_the_hour_then_go_once_per_person(
    visit, tuesday, wednesday, time_machine
):
    farm, dinner = tuesday
    ana = sign_up([farm, dinner], email="ana@example.org").participant
    sign_up(farm, email="waiting@example.org")  # on the waiting list: no reminder
    sign_up(wednesday, email="wednesday@example.org")  # not confirmed on Tuesday
    OutgoingEmail.objects.all().delete()

    time_machine.move_to(BEFORE_THE_HOUR, tick=False)
    before = queue_reminders()
    time_machine.move_to(AT_THE_HOUR, tick=False)
    at_the_hour = queue_reminders()
    again = queue_reminders()

    assert (before, at_the_hour, again) == (0, 1, 0)
    assert list(OutgoingEmail.objects.values_list("kind", "participant", "arguments")) == [
        ("reminder", ana.pk, {"day": farm.day_id})
    ]
    assert ReminderSent.objects.count() == 1


def test_reminders_switched_off_queue_nothing(visit, tuesday, time_machine):
    sign_up(tuesday[0])
    VisitOptions.objects.filter(visit=visit).update(reminders_on=False)
    time_machine.move_to(AT_THE_HOUR, tick=False)

    assert queue_reminders() == 0


def test_reminder_missed_before_midnight_is_not_sent_on_the_day(visit, tuesday, time_machine):
    sign_up(tuesday[0])
    time_machine.move_to(NEXT_MORNING, tick=False)

    assert queue_reminders() == 0


def test_reminder_lists_the_day_s_sessions_times_venues_and_the_check_in_code(
    visit, tuesday, time_machine
):
    farm, dinner = tuesday
    sign_up([farm, dinner], language="en", first_name="Ana")
    mail.outbox.clear()
    time_machine.move_to(AT_THE_HOUR, tick=False)
    queue_reminders()
    OutgoingEmail.objects.exclude(kind="reminder").delete()

    [message] = deliver_queued_mail()

    assert message.subject == "Tomorrow, Tuesday 20 February: your activities — KISS study visit"
    body = message.body.split("\n\n")
    assert body[:4] == [
        "Hello Ana,",
        "A reminder of your activities tomorrow:",
        "- Tuesday 20 February 2018, 9:30 a.m.–noon\n"
        "  Urban farm tour\n"
        "  Venue: Ferme urbaine, 3 rue Neuve, Saint-Etienne",
        "- Tuesday 20 February 2018, evening (time to be confirmed)\n"
        "  Dinner\n"
        "  Venue: to be confirmed",
    ]
    assert [attachment.get_filename() for attachment in message.attachments] == [
        "check-in-code.png"
    ]


def test_reminder_is_in_the_person_s_language(visit, tuesday, time_machine):
    sign_up(tuesday[0], language="el")
    mail.outbox.clear()
    time_machine.move_to(AT_THE_HOUR, tick=False)
    queue_reminders()
    OutgoingEmail.objects.exclude(kind="reminder").delete()

    [message] = deliver_queued_mail()

    assert message.subject.startswith("Αύριο, Τρίτη 20 Φεβρουαρίου: οι δραστηριότητές σας")


def test_reminder_of_someone_who_cancelled_meanwhile_is_not_sent(visit, tuesday, time_machine):
    participant = sign_up(tuesday[0]).participant
    time_machine.move_to(AT_THE_HOUR, tick=False)
    queue_reminders()
    services.cancel_all_registrations(participant=participant)
    OutgoingEmail.objects.exclude(kind="reminder").delete()
    mail.outbox.clear()

    assert deliver_queued_mail() == []
    assert OutgoingEmail.objects.get().state == OutgoingEmail.State.SKIPPED


def test_queue_reminders_command_says_how_many(visit, tuesday, time_machine, capsys):
    sign_up(tuesday[0])
    time_machine.move_to(AT_THE_HOUR, tick=False)

    call_command("queue_reminders")
    call_command("queue_reminders")

    assert capsys.readouterr().out.splitlines() == [
        "1 reminder(s) queued.",
        "0 reminder(s) queued.",
    ]


def test_email_worker_queues_and_sends_the_reminders(visit, tuesday, time_machine):
    sign_up(tuesday[0], language="en")
    deliver_queued_mail()
    mail.outbox.clear()
    time_machine.move_to(AT_THE_HOUR, tick=False)

    call_command("send_emails", until_empty=True, stdout=None)

    assert [message.subject for message in mail.outbox] == [
        "Tomorrow, Tuesday 20 February: your activities — KISS study visit"
    ]
