import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.utils import timezone

from programme.models import Session
from registrations import services
from registrations.models import Participant, Registration
from tests.factories import (
    DayFactory,
    ParticipantFactory,
    SessionFactory,
    StudyVisitFactory,
    fill,
    participant_details,
    sign_up,
    signup_session,
)
from tests.mail_queue import deliver_queued_mail
from tests.registrations.places import confirmed_count, counters_match, statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return DayFactory()


CONFIRMED, WAITING, CANCELLED = "confirmed", "waiting", "cancelled"


def test_register_confirms_while_places_are_left():
    session = signup_session(capacity=5)

    outcome = sign_up(session)
    deliver_queued_mail()

    assert (outcome.confirmed, outcome.waiting) == ([session], [])
    assert statuses(session) == [("camille@example.org", CONFIRMED)]
    session.refresh_from_db()
    assert (session.confirmed_local, session.places_left) == (1, 4)


def test_register_when_full_puts_on_waiting_list_in_order():
    session = signup_session(capacity=2)
    fill(session, 2)

    first = sign_up(session, email="first@example.org")
    sign_up(session, email="second@example.org")

    assert (first.confirmed, first.waiting) == ([], [session])
    waiting = Registration.objects.filter(session=session).waiting().with_waiting_position()
    assert sorted((r.participant.email, r.waiting_position) for r in waiting) == [
        ("first@example.org", 1),
        ("second@example.org", 2),
    ]


def test_register_when_full_without_waiting_list_consent_saves_nothing(day):
    full, free = signup_session(capacity=1, day=day), signup_session(capacity=5, day=day)
    fill(full, 1)

    with pytest.raises(services.SessionsFull) as refusal:
        sign_up([free, full], join=False, email="late@example.org")

    assert refusal.value.sessions == [full]
    assert Participant.objects.filter(email="late@example.org").count() == 0
    assert confirmed_count(free) == 0


def test_register_local_cannot_take_reserved_places():
    session = signup_session(capacity=10, reserved_places=9)
    fill(session, 1)

    outcome = sign_up(session, email="local@example.org")

    assert outcome.waiting == [session]


def test_register_delegation_member_takes_a_reserved_place():
    session = signup_session(capacity=10, reserved_places=9)
    fill(session, 1)

    outcome = sign_up(session, email="partner@example.org", is_delegation=True)

    session.refresh_from_db()
    assert (outcome.confirmed, session.confirmed_delegation, session.places_left) == (
        [session],
        1,
        0,
    )


def test_register_delegation_beyond_reserved_places_takes_local_places():
    session = signup_session(capacity=3, reserved_places=1)
    fill(session, 2, is_delegation=True)

    last_place = sign_up(session, email="local@example.org")
    too_late = sign_up(session, email="late@example.org")

    session.refresh_from_db()
    assert (last_place.confirmed, too_late.waiting, session.places_taken) == (
        [session],
        [session],
        3,
    )


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(datetime.timedelta(days=1), None), (None, -datetime.timedelta(minutes=1))],
)
def test_register_outside_the_window_is_refused(opens, closes):
    now = timezone.now()
    visit = StudyVisitFactory(
        registration_opens_at=now + opens if opens else None,
        registration_closes_at=now + closes if closes else None,
    )
    session = signup_session(day__visit=visit)

    with pytest.raises(services.RegistrationClosed):
        sign_up(session)
    assert Participant.objects.count() == 0


@pytest.mark.parametrize(
    "session_kwargs", [{"is_open_for_signup": False}, {"day__visit__slug": "another-visit"}]
)
def test_register_for_a_session_not_on_offer_is_refused(session_kwargs):
    visit = StudyVisitFactory()
    offered = signup_session(day__visit=visit)
    other = signup_session(**session_kwargs)

    with pytest.raises(services.SessionUnavailable):
        services.register_participant(
            visit=visit,
            details=participant_details(),
            session_ids=[offered.pk, other.pk],
            join_waiting_list=True,
            language="fr",
        )
    assert (Participant.objects.count(), confirmed_count(offered)) == (0, 0)


def test_register_for_unknown_session_id_is_refused():
    session = signup_session()

    with pytest.raises(services.SessionUnavailable):
        services.register_participant(
            visit=session.day.visit,
            details=participant_details(),
            session_ids=[session.pk, 999_999],
            join_waiting_list=True,
            language="fr",
        )
    assert Participant.objects.count() == 0


def test_register_again_with_same_email_in_other_case_creates_nothing():
    session = signup_session()
    sign_up(session, email="Camille@Example.org")
    other = signup_session(day=session.day)

    with pytest.raises(services.EmailAlreadyRegistered):
        sign_up(other, email="camille@EXAMPLE.org")

    assert (Participant.objects.count(), confirmed_count(other)) == (1, 0)


def test_send_manage_link_writes_only_to_a_known_address():
    participant = ParticipantFactory(email="known@example.org", language="en")

    services.send_manage_link(visit=participant.visit, email="KNOWN@example.org", tried_again=True)
    services.send_manage_link(visit=participant.visit, email="stranger@example.org")
    deliver_queued_mail()

    assert [message.to for message in mail.outbox] == [["known@example.org"]]
    assert participant.manage_token in mail.outbox[0].body


def test_cancel_promotes_first_waiting_in_the_same_transaction():
    session = signup_session(capacity=1)
    sign_up(session, email="holder@example.org")
    sign_up(session, email="first@example.org")
    sign_up(session, email="second@example.org")
    holder = Registration.objects.get(participant__email="holder@example.org")
    deliver_queued_mail()
    mail.outbox.clear()

    assert services.cancel_registration(registration=holder) is True
    deliver_queued_mail()

    assert statuses(session) == [
        ("first@example.org", CONFIRMED),
        ("holder@example.org", CANCELLED),
        ("second@example.org", WAITING),
    ]
    assert [message.to for message in mail.outbox] == [["first@example.org"]]
    assert counters_match(session)


def test_cancel_twice_changes_nothing_the_second_time():
    session = signup_session(capacity=3)
    sign_up(session)
    registration = Registration.objects.get()

    assert services.cancel_registration(registration=registration) is True
    assert services.cancel_registration(registration=registration) is False
    session.refresh_from_db()
    assert (session.confirmed_local, counters_match(session)) == (0, True)


def test_cancel_waiting_registration_frees_no_place():
    session = signup_session(capacity=1)
    sign_up(session, email="holder@example.org")
    sign_up(session, email="waiting@example.org")

    services.cancel_registration(registration=Registration.objects.get(status=WAITING))

    assert statuses(session) == [
        ("holder@example.org", CONFIRMED),
        ("waiting@example.org", CANCELLED),
    ]


def test_freed_reserved_place_goes_to_waiting_delegation_member_not_local():
    session = signup_session(capacity=2, reserved_places=1)
    sign_up(session, email="local@example.org")
    sign_up(session, email="partner@example.org", is_delegation=True)
    sign_up(session, email="local-waiting@example.org")
    sign_up(session, email="partner-waiting@example.org", is_delegation=True)

    partner = Registration.objects.get(participant__email="partner@example.org")
    services.cancel_registration(registration=partner)

    assert statuses(session) == [
        ("local-waiting@example.org", WAITING),
        ("local@example.org", CONFIRMED),
        ("partner-waiting@example.org", CONFIRMED),
        ("partner@example.org", CANCELLED),
    ]


def test_cancel_after_the_delegation_flag_changed_frees_the_kind_of_place_taken():
    session = signup_session(capacity=3, reserved_places=1)
    sign_up(session, email="local@example.org")
    sign_up(session, email="partner@example.org", is_delegation=True)
    # The flags change after sign-up (an organiser's correction, say): each place stays as given.
    Participant.objects.update(
        is_delegation=Case(When(email="local@example.org", then=True), default=False)
    )

    for registration in Registration.objects.filter(session=session):
        services.cancel_registration(registration=registration)

    session.refresh_from_db()
    assert (session.confirmed_local, session.confirmed_delegation) == (0, 0)
    assert counters_match(session)


def test_promotion_records_the_kind_of_place_the_person_takes():
    session = signup_session(capacity=2, reserved_places=1)
    sign_up(session, email="local@example.org")
    sign_up(session, email="local-waiting@example.org")
    sign_up(session, email="partner@example.org", is_delegation=True)

    services.cancel_registration(
        registration=Registration.objects.get(participant__email="local@example.org")
    )

    places_held = Registration.objects.confirmed().values_list("participant__email", "place")
    assert sorted(places_held) == [
        ("local-waiting@example.org", "local"),
        ("partner@example.org", "delegation"),
    ]


def test_change_registrations_adds_and_drops(day):
    kept, dropped, added = (signup_session(day=day) for _ in range(3))
    sign_up([kept, dropped])
    participant = Participant.objects.get()

    outcome = services.change_registrations(
        participant=participant, session_ids=[kept.pk, added.pk], join_waiting_list=True
    )
    deliver_queued_mail()

    assert (outcome.confirmed, outcome.cancelled) == ([added], [dropped])
    assert sorted(participant.registrations.live().values_list("session_id", flat=True)) == [
        kept.pk,
        added.pk,
    ]
    assert [counters_match(s) for s in (kept, dropped, added)] == [True, True, True]
    assert mail.outbox[-1].subject.startswith("Votre inscription a été mise à jour")


def test_change_registrations_twice_is_idempotent(day):
    first, second = signup_session(day=day), signup_session(day=day)
    sign_up([first])
    participant = Participant.objects.get()

    for _ in range(2):
        outcome = services.change_registrations(
            participant=participant, session_ids=[first.pk, second.pk], join_waiting_list=True
        )

    assert (outcome.confirmed, outcome.waiting, outcome.cancelled) == ([], [], [])
    assert Registration.objects.count() == 2
    assert confirmed_count(second) == 1


def test_change_registrations_refused_when_full_changes_nothing(day):
    kept, full = signup_session(day=day), signup_session(capacity=1, day=day)
    sign_up(kept)
    fill(full, 1)
    participant = Participant.objects.get(email="camille@example.org")

    with pytest.raises(services.SessionsFull):
        services.change_registrations(
            participant=participant, session_ids=[full.pk], join_waiting_list=False
        )

    assert list(participant.registrations.live().values_list("session_id", flat=True)) == [kept.pk]


def test_change_registrations_after_closing_allows_dropping_only(day):
    kept, other = signup_session(day=day), signup_session(day=day)
    sign_up(kept)
    participant = Participant.objects.get()
    visit = kept.day.visit
    visit.registration_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    visit.save()

    with pytest.raises(services.RegistrationClosed):
        services.change_registrations(
            participant=participant, session_ids=[kept.pk, other.pk], join_waiting_list=True
        )
    outcome = services.change_registrations(
        participant=participant, session_ids=[], join_waiting_list=True
    )

    assert outcome.cancelled == [kept]


def test_raising_capacity_promotes_waiting_people():
    session = signup_session(capacity=1)
    fill(session, 3)

    promoted = services.change_session_capacity(session=session, capacity=2, reserved_places=0)
    deliver_queued_mail()

    assert [r.participant.email for r in promoted] == [f"filler{session.pk}-1@example.org"]
    assert confirmed_count(session) == 2


def test_lowering_capacity_below_places_taken_is_refused():
    session = signup_session(capacity=5)
    fill(session, 3)

    with pytest.raises(ValidationError) as refusal:
        services.change_session_capacity(session=session, capacity=2, reserved_places=0)

    assert refusal.value.message_dict == {
        "capacity": [
            "3 places sont déjà prises (inscriptions confirmées et places réservées à la "
            "délégation des partenaires) : la capacité ne peut pas être inférieure."
        ]
    }
    session.refresh_from_db()
    assert session.capacity == 5


def test_erase_participant_cancels_anonymises_and_kills_the_link():
    session = signup_session(capacity=1)
    sign_up(session, email="leaver@example.org", accessibility_needs="Fauteuil roulant")
    sign_up(session, email="waiting@example.org")
    leaver = Participant.objects.get(email="leaver@example.org")
    old_token = leaver.manage_token

    services.erase_participant(participant=leaver)

    leaver.refresh_from_db()
    assert (
        leaver.first_name,
        leaver.email,
        leaver.accessibility_needs,
        leaver.erased_at is None,
    ) == (
        "",
        "",
        "",
        False,
    )
    assert leaver.manage_token != old_token
    assert statuses(session) == [("", CANCELLED), ("waiting@example.org", CONFIRMED)]


def test_erased_participant_address_can_register_again():
    session = signup_session()
    sign_up(session)
    services.erase_participant(participant=Participant.objects.get())

    outcome = sign_up(session)

    assert outcome.confirmed == [session]


def test_session_counter_is_the_databases_last_word():
    session = signup_session(capacity=1)
    fill(session, 1)

    with pytest.raises(Exception) as refusal:
        Session.objects.filter(pk=session.pk).update(confirmed_local=2)

    assert "session_never_overbooked" in str(refusal.value) or "CHECK" in str(refusal.value)


def test_unlimited_session_never_fills():
    session = SessionFactory(is_open_for_signup=True, capacity=None)
    fill(session, 30)

    assert (confirmed_count(session), Registration.objects.waiting().count()) == (30, 0)


def test_acting_for_a_participant_erased_meanwhile_is_refused(day):
    first, second = signup_session(day=day), signup_session(day=day)
    sign_up(first)
    stale = Participant.objects.get()
    services.erase_participant(participant=Participant.objects.get())

    with pytest.raises(services.RegistrationError):
        services.change_registrations(
            participant=stale, session_ids=[second.pk], join_waiting_list=True
        )
    with pytest.raises(services.RegistrationError):
        services.cancel_all_registrations(participant=stale)
    assert confirmed_count(second) == 0


def test_saving_a_session_read_earlier_keeps_the_current_counters():
    session = signup_session(capacity=3)
    stale = Session.objects.get(pk=session.pk)
    sign_up(session)

    stale.title_en = "Renamed"
    stale.save()

    assert counters_match(session)
    assert Session.objects.get(pk=session.pk).title_en == "Renamed"


def test_full_session_answer_is_the_same_for_a_known_address():
    session = signup_session(capacity=1)
    sign_up(session, email="known@example.org")

    with pytest.raises(services.SessionsFull):
        sign_up(session, join=False, email="known@example.org")


def test_dietary_only_change_is_reported():
    session = signup_session(kind="meal")
    sign_up(session)
    participant = Participant.objects.get()

    outcome = services.change_registrations(
        participant=participant,
        session_ids=[session.pk],
        join_waiting_list=True,
        dietary={"dietary_requirement": "vegan", "dietary_notes": ""},
    )

    participant.refresh_from_db()
    assert (outcome.changed_sessions, outcome.dietary_changed) == (False, True)
    assert participant.dietary_requirement == "vegan"


def test_promote_registration_no_longer_waiting_does_nothing():
    session = signup_session(capacity=1)
    sign_up(session, email="holder@example.org")
    sign_up(session, email="waiting@example.org")
    waiting = Registration.objects.get(status=WAITING)
    services.cancel_registration(registration=Registration.objects.get(status=CONFIRMED))

    result = services.promote_registration(registration=waiting, over_capacity=True)

    session.refresh_from_db()
    assert (result.promoted, session.capacity) == (False, 1)
