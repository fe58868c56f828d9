"""What organisers do to places: moves, restores, places in line, delegation membership,
attendance — each through the same rules as a sign-up, each written to the history."""

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from registrations import services
from registrations.models import Change, Participant, Registration
from tests.factories import DayFactory, sign_up, signup_session
from tests.mail_queue import deliver_queued_mail
from tests.registrations.places import counters_match, statuses

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING, CANCELLED = "confirmed", "waiting", "cancelled"


@pytest.fixture
def by():
    return services.Actor.organiser(User.objects.create_user("orga", is_staff=True))


@pytest.fixture
def day():
    return DayFactory()


def registration_of(email, session=None) -> Registration:
    found = Registration.objects.filter(participant__email=email)
    return found.get(session=session) if session else found.get()


def history(**where) -> list[tuple]:
    entries = Change.objects.filter(**where).order_by("pk")
    return [(e.actor, e.action, e.old, e.new) for e in entries]


def line(session) -> list[str]:
    waiting = Registration.objects.filter(session=session).in_waiting_order()
    return list(waiting.values_list("participant__email", flat=True))


def test_move_gives_the_new_place_then_frees_the_old_one_for_the_first_waiting(by, day):
    source, target = signup_session(day=day, capacity=1), signup_session(day=day, capacity=1)
    sign_up(source, email="mover@example.org")
    sign_up(source, email="next@example.org")

    services.move_registration(
        registration=registration_of("mover@example.org"), to_session=target, by=by
    )

    assert statuses(source) == [("next@example.org", CONFIRMED)]
    assert statuses(target) == [("mover@example.org", CONFIRMED)]
    assert (counters_match(source), counters_match(target)) == (True, True)
    assert history(action="moved") == [("organiser", "moved", CONFIRMED, CONFIRMED)]
    assert history(action="promoted") == [("system", "promoted", WAITING, CONFIRMED)]


def test_move_to_a_full_session_changes_nothing(by, day):
    source, target = signup_session(day=day, capacity=1), signup_session(day=day, capacity=1)
    sign_up(source, email="mover@example.org")
    sign_up(target, email="holder@example.org")
    moves = Change.objects.filter(action="moved")

    with pytest.raises(services.SessionsFull):
        services.move_registration(
            registration=registration_of("mover@example.org"), to_session=target, by=by
        )

    assert statuses(source) == [("mover@example.org", CONFIRMED)]
    assert statuses(target) == [("holder@example.org", CONFIRMED)]
    assert moves.count() == 0


def test_move_to_a_session_they_already_have_is_refused(by, day):
    source, target = signup_session(day=day), signup_session(day=day)
    sign_up([source, target], email="both@example.org")

    with translation.override("en"), pytest.raises(services.AlreadySignedUp) as refusal:
        services.move_registration(
            registration=registration_of("both@example.org", source), to_session=target, by=by
        )

    assert refusal.value.message == (
        f"This person is already signed up for “Mon 19 Feb — {target.title_en}”."
    )


def test_restore_gives_a_place_when_there_is_one(by):
    session = signup_session(capacity=2)
    sign_up(session, email="back@example.org")
    services.cancel_registration(registration=registration_of("back@example.org"))

    restored = services.restore_registration(
        registration=registration_of("back@example.org"), wait_if_full=False, by=by
    )

    assert (restored.status, counters_match(session)) == (CONFIRMED, True)
    assert history(action="restored") == [("organiser", "restored", CANCELLED, CONFIRMED)]


def test_restore_when_full_joins_the_end_of_the_line_or_is_refused(by):
    session = signup_session(capacity=1)
    sign_up(session, email="back@example.org")
    services.cancel_registration(registration=registration_of("back@example.org"))
    sign_up(session, email="holder@example.org")
    sign_up(session, email="first-waiting@example.org")
    cancelled = registration_of("back@example.org")

    with pytest.raises(services.SessionsFull):
        services.restore_registration(registration=cancelled, wait_if_full=False, by=by)
    restored = services.restore_registration(registration=cancelled, wait_if_full=True, by=by)

    assert restored.status == WAITING
    assert line(session) == ["first-waiting@example.org", "back@example.org"]


def test_restore_of_a_live_registration_is_refused(by):
    session = signup_session()
    sign_up(session, email="here@example.org")

    with pytest.raises(services.RegistrationError) as refusal:
        services.restore_registration(
            registration=registration_of("here@example.org"), wait_if_full=True, by=by
        )

    with translation.override("en"):
        assert str(refusal.value.message) == (
            "This registration is not cancelled: there is nothing to restore."
        )


def test_move_up_the_line_with_a_reason_then_the_first_freed_place_is_theirs(by):
    session = signup_session(capacity=1)
    for name in ("holder", "first", "second"):
        sign_up(session, email=f"{name}@example.org")
    second = registration_of("second@example.org")

    moved = services.move_in_line(registration=second, up=True, reason="Speaker", by=by)
    again = services.move_in_line(registration=second, up=True, reason="Speaker", by=by)
    services.cancel_registration(registration=registration_of("holder@example.org"))

    assert (moved, again) == (True, False)
    assert statuses(session) == [
        ("first@example.org", WAITING),
        ("holder@example.org", CANCELLED),
        ("second@example.org", CONFIRMED),
    ]
    entry = Change.objects.get(action="line")
    assert (entry.old, entry.new, entry.note, entry.user.username) == ("2", "1", "Speaker", "orga")


def test_waiting_position_follows_the_moves(by):
    session = signup_session(capacity=0)
    for name in ("a", "b", "c"):
        sign_up(session, email=f"{name}@example.org")

    services.move_in_line(registration=registration_of("a@example.org"), up=False, reason="", by=by)

    positions = Registration.objects.filter(session=session).with_waiting_position()
    assert sorted(positions.values_list("participant__email", "waiting_position")) == [
        ("a@example.org", 2),
        ("b@example.org", 1),
        ("c@example.org", 3),
    ]


def test_confirming_delegation_membership_moves_their_place_to_the_reserved_ones(by):
    session = signup_session(capacity=3, reserved_places=1)
    sign_up(session, email="partner@example.org", delegation_claimed=True)
    sign_up(session, email="local1@example.org")
    sign_up(session, email="local2@example.org")  # waits: the third place is reserved
    partner = Participant.objects.get(email="partner@example.org")

    services.set_delegation(participant=partner, member=True, by=by)

    session.refresh_from_db()
    assert (session.confirmed_local, session.confirmed_delegation) == (2, 1)
    assert registration_of("local2@example.org").status == CONFIRMED
    assert registration_of("partner@example.org").place == "delegation"
    assert history(action="delegation") == [("organiser", "delegation", "local", "delegation")]


def test_withdrawing_membership_without_a_local_place_left_changes_nothing(by):
    session = signup_session(capacity=2, reserved_places=1)
    sign_up(session, email="partner@example.org", is_delegation=True)
    sign_up(session, email="local@example.org")
    partner = Participant.objects.get(email="partner@example.org")

    with pytest.raises(services.RegistrationError):
        services.set_delegation(participant=partner, member=False, by=by)

    partner.refresh_from_db()
    assert (partner.is_delegation, registration_of("partner@example.org").place) == (
        True,
        "delegation",
    )
    assert (counters_match(session), Change.objects.filter(action="delegation").count()) == (
        True,
        0,
    )


def test_attendance_reset_to_unknown_is_recorded_old_to_new(by):
    session = signup_session()
    sign_up(session, email="came@example.org")
    registration = registration_of("came@example.org")
    services.record_attendance(registrations=[registration], attended=True, by=by)

    changed = services.record_attendance(registrations=[registration], attended=None, by=by)
    unchanged = services.record_attendance(registrations=[registration], attended=None, by=by)

    assert (changed, unchanged) == (1, 0)
    assert history(action="attendance") == [
        ("organiser", "attendance", "unknown", "yes"),
        ("organiser", "attendance", "yes", "unknown"),
    ]


def test_capacity_change_and_promotions_leave_a_trace(by):
    session = signup_session(capacity=1)
    sign_up(session, email="holder@example.org")
    sign_up(session, email="waiting@example.org")

    services.change_session_capacity(session=session, capacity=2, reserved_places=0, by=by)

    assert history(session=session, action__in=["capacity", "promoted"]) == [
        ("organiser", "capacity", "1/0", "2/0"),
        ("system", "promoted", WAITING, CONFIRMED),
    ]


def test_participant_changes_through_their_link_are_theirs_in_the_history():
    session = signup_session()
    sign_up(session, email="self@example.org")

    services.cancel_all_registrations(participant=Participant.objects.get())

    assert history(action__in=["signed_up", "cancelled"]) == [
        ("participant", "signed_up", "", CONFIRMED),
        ("participant", "cancelled", CONFIRMED, CANCELLED),
    ]


def test_organiser_registration_records_consent_given_to_them_and_may_send_no_email(by):
    session = signup_session()

    outcome = services.register_participant(
        visit=session.day.visit,
        details={"first_name": "Phone", "last_name": "Call", "email": "phone@example.org"},
        session_ids=[session.pk],
        join_waiting_list=True,
        language="en",
        by=by,
        notify=False,
    )

    participant = outcome.participant
    assert (participant.consent_given_to, outcome.confirmed) == (by.user, [session])
    assert deliver_queued_mail() == []
    assert history(action="signed_up") == [("organiser", "signed_up", "", CONFIRMED)]
