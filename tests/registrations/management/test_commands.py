"""Management commands organisers run: purging personal data after a visit."""

import datetime
import io

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session as BrowserSession
from django.core.management import call_command
from django.utils import timezone

from programme.models import Session
from registrations import services
from registrations.domain import limits
from registrations.models import OutgoingEmail, Participant, Registration, Throttle
from tests.factories import StudyVisitFactory, sign_up, signup_session
from tests.mail_queue import deliver_queued_mail

pytestmark = pytest.mark.django_db


def participant_of_visit_ending(days_ago: int, email: str, *, entered_days_ago=None):
    """A participant of a visit that ended `days_ago`; they signed up (and last changed
    anything) `entered_days_ago`, by default the day the visit ended."""
    end = datetime.date.today() - datetime.timedelta(days=days_ago)
    session = Session.objects.filter(day__visit__slug=f"visit-ended-{days_ago}").first()
    if session is None:
        visit = StudyVisitFactory(
            slug=f"visit-ended-{days_ago}",
            start_date=end - datetime.timedelta(days=2),
            end_date=end,
        )
        session = signup_session(day__visit=visit, day__date=end, capacity=10)
    sign_up(session, email=email, country="IT", accessibility_needs="Rampe")
    entered = timezone.now() - datetime.timedelta(
        days=days_ago if entered_days_ago is None else entered_days_ago
    )
    Participant.objects.filter(email=email).update(created_at=entered, updated_at=entered)
    Registration.objects.filter(participant__email=email).update(
        created_at=entered, updated_at=entered
    )
    return Participant.objects.get(email=email)


def run(*args) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue().strip()


def test_purge_anonymises_only_visits_ended_long_enough_ago():
    old = participant_of_visit_ending(100, "old@example.org")
    recent = participant_of_visit_ending(10, "recent@example.org")

    assert run("--days", "90").splitlines() == [
        "Policy: personal data is erased 90 day(s) after the end of its visit, and never "
        "within 30 day(s) of being entered or changed.",
        f"visit-ended-100 (ended {ended(100)}): 1 anonymised",
        f"visit-ended-10 (ended {ended(10)}): 0 anonymised; 1 kept until {ended(10 - 91)}",
        "1 participant(s) anonymised.",
        "0 expired session(s) deleted.",
        "0 rate-limit counter(s) and 0 e-mail(s) to nobody deleted.",
    ]

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.first_name, old.email, old.accessibility_needs) == ("", "", "")
    assert (old.country.code, old.registrations.get().status) == ("IT", "confirmed")
    assert recent.email == "recent@example.org"


def ended(days_ago: int) -> str:
    return f"{datetime.date.today() - datetime.timedelta(days=days_ago):%Y-%m-%d}"


def test_purge_dry_run_says_what_it_would_do_and_changes_nothing():
    participant_of_visit_ending(100, "old@example.org")
    participant_of_visit_ending(100, "late@example.org", entered_days_ago=29)

    assert run("--days", "90", "--dry-run").splitlines() == [
        "Policy: personal data is erased 90 day(s) after the end of its visit, and never "
        "within 30 day(s) of being entered or changed.",
        f"visit-ended-100 (ended {ended(100)}): 1 would be anonymised; 1 kept: entered or "
        "changed in the last 30 day(s)",
        "1 participant(s) would be anonymised. Nothing was changed.",
    ]
    assert Participant.objects.active().count() == 2


def test_purge_keeps_who_signed_up_a_minute_ago_for_the_2018_visit(seed_programme):
    session = Session.objects.filter(
        day__visit__slug="saint-etienne-2018", is_open_for_signup=True
    ).first()
    for n in range(3):
        sign_up(session, email=f"new{n}@example.org")

    output = run()

    assert output.splitlines()[1:3] == [
        "saint-etienne-2018 (ended 2018-02-24): 0 anonymised; 3 kept: entered or changed in "
        "the last 30 day(s)",
        "0 participant(s) anonymised.",
    ]
    assert sorted(Participant.objects.active().values_list("email", flat=True)) == [
        "new0@example.org",
        "new1@example.org",
        "new2@example.org",
    ]


def test_purge_keeps_who_changed_their_sessions_lately_on_an_old_visit():
    participant = participant_of_visit_ending(100, "old@example.org", entered_days_ago=60)
    other = signup_session(day__visit=participant.visit)
    services.change_registrations(
        participant=participant, session_ids=[other.pk], join_waiting_list=True
    )

    run("--days", "90")

    participant.refresh_from_db()
    assert (participant.email, participant.erased_at) == ("old@example.org", None)


def test_purge_erases_a_late_sign_up_once_it_is_old_enough():
    participant_of_visit_ending(100, "late@example.org", entered_days_ago=31)

    assert run("--days", "90").splitlines()[-3] == "1 participant(s) anonymised."
    assert Participant.objects.active().count() == 0


def test_purge_keeps_the_anonymous_counts():
    participant_of_visit_ending(100, "old@example.org")

    run("--days", "0")

    assert Registration.objects.confirmed().count() == 1


def test_purge_forgets_old_counters_and_links_asked_for_nobody_but_not_recent_ones(time_machine):
    time_machine.move_to("2026-11-01 12:00Z", tick=False)
    limits.allow("posts", "198.51.100.7", "10/m")
    services.send_manage_link(visit=StudyVisitFactory(), email="someone@example.org")
    deliver_queued_mail()
    time_machine.move_to("2026-11-26 12:00Z", tick=False)
    limits.allow("posts", "203.0.113.9", "10/m")
    services.send_manage_link(visit=StudyVisitFactory(), email="someone@example.org")
    deliver_queued_mail()

    output = run("--days", "90")

    assert output.splitlines()[-1] == ("1 rate-limit counter(s) and 1 e-mail(s) to nobody deleted.")
    assert (Throttle.objects.count(), OutgoingEmail.objects.count()) == (1, 1)


def test_purge_deletes_expired_sessions_only():
    expired, current = SessionStore(), SessionStore()
    for session in (expired, current):
        session["visited"] = True
        session.create()
    yesterday = timezone.now() - datetime.timedelta(days=1)
    BrowserSession.objects.filter(session_key=expired.session_key).update(expire_date=yesterday)

    output = run("--days", "90")

    assert output.splitlines()[2] == "1 expired session(s) deleted."
    assert list(BrowserSession.objects.values_list("session_key", flat=True)) == [
        current.session_key
    ]
