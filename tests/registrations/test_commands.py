"""Management commands organisers run: purging personal data after a visit."""

import datetime
import io

import pytest
from django.core.management import call_command

from registrations import services, throttle
from registrations.models import OutgoingEmail, Participant, Registration, Throttle
from tests.factories import StudyVisitFactory, sign_up, signup_session
from tests.mail_queue import deliver_queued_mail

pytestmark = pytest.mark.django_db


def participant_of_visit_ending(days_ago: int, email: str) -> Participant:
    end = datetime.date.today() - datetime.timedelta(days=days_ago)
    visit = StudyVisitFactory(start_date=end - datetime.timedelta(days=2), end_date=end)
    session = signup_session(day__visit=visit, day__date=end)
    sign_up(session, email=email, country="IT", accessibility_needs="Rampe")
    return Participant.objects.get(email=email)


def run(*args) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue().strip()


def test_purge_anonymises_only_visits_ended_long_enough_ago():
    old = participant_of_visit_ending(100, "old@example.org")
    recent = participant_of_visit_ending(10, "recent@example.org")

    assert run("--days", "90").splitlines() == [
        "1 participant(s) anonymised.",
        "0 rate-limit counter(s) and 0 e-mail(s) to nobody deleted.",
    ]

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.first_name, old.email, old.accessibility_needs) == ("", "", "")
    assert (old.country.code, old.registrations.get().status) == ("IT", "confirmed")
    assert recent.email == "recent@example.org"


def test_purge_dry_run_changes_nothing():
    participant_of_visit_ending(100, "old@example.org")

    assert run("--days", "90", "--dry-run") == "1 participant(s) would be anonymised."
    assert Participant.objects.active().count() == 1


def test_purge_keeps_the_anonymous_counts():
    participant_of_visit_ending(100, "old@example.org")

    run("--days", "0")

    assert Registration.objects.confirmed().count() == 1


def test_purge_forgets_old_counters_and_links_asked_for_nobody_but_not_recent_ones(time_machine):
    time_machine.move_to("2026-11-01 12:00Z", tick=False)
    throttle.allow("posts", "198.51.100.7", "10/m")
    services.send_manage_link(visit=StudyVisitFactory(), email="someone@example.org")
    deliver_queued_mail()
    time_machine.move_to("2026-11-26 12:00Z", tick=False)
    throttle.allow("posts", "203.0.113.9", "10/m")
    services.send_manage_link(visit=StudyVisitFactory(), email="someone@example.org")
    deliver_queued_mail()

    output = run("--days", "90")

    assert output.splitlines()[-1] == ("1 rate-limit counter(s) and 1 e-mail(s) to nobody deleted.")
    assert (Throttle.objects.count(), OutgoingEmail.objects.count()) == (1, 1)
