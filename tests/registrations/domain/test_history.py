"""The history of places as organisers read it: one sentence per entry, old → new, in their
language; and what erasure leaves of it."""

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from registrations import services
from registrations.domain.history import describe
from registrations.models import Change, Participant, Registration
from tests.factories import DayFactory, sign_up, signup_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def by():
    return services.Actor.organiser(User.objects.create_user("orga", is_staff=True))


def sentences(language="en", **where) -> list[str]:
    entries = Change.objects.filter(**where).for_display().order_by("pk")
    with translation.override(language):
        return [describe(entry) for entry in entries]


def test_capacity_changes_read_old_to_new_with_reserved_places_and_unlimited(by):
    session = signup_session(capacity=25, reserved_places=9)

    services.change_session_capacity(session=session, capacity=30, reserved_places=9, by=by)
    services.change_session_capacity(session=session, capacity=30, reserved_places=0, by=by)
    services.change_session_capacity(session=session, capacity=None, reserved_places=0, by=by)

    assert sentences(session=session) == [
        "Capacity: 25 (9 reserved) → 30 (9 reserved)",
        "Capacity: 30 (9 reserved) → 30",
        "Capacity: 30 → unlimited",
    ]
    assert sentences("fr", session=session)[0] == (
        "Capacité : 25 (dont 9 réservées) → 30 (dont 9 réservées)"
    )


def test_promotions_by_the_site_and_over_capacity_by_an_organiser(by):
    session = signup_session(capacity=1)
    sign_up(session, email="holder@example.org")
    sign_up(session, email="first@example.org")
    sign_up(session, email="second@example.org")
    second = Registration.objects.get(participant__email="second@example.org")

    services.promote_registration(registration=second, over_capacity=True, by=by)
    services.cancel_registration(
        registration=Registration.objects.get(participant__email="holder@example.org")
    )

    entries = Change.objects.exclude(action="signed_up").for_display().order_by("pk")
    with translation.override("en"):
        assert [(e.get_actor_display(), describe(e)) for e in entries] == [
            ("Organiser", "Promoted over capacity. Capacity: 1 → 2"),
            ("Organiser", "Promoted from the waiting list. Status: waiting → confirmed"),
            ("Participant (private link)", "Cancelled. Status: confirmed → cancelled"),
            ("The site", "Promoted from the waiting list. Status: waiting → confirmed"),
        ]


def test_moves_places_in_line_attendance_and_delegation_read_as_sentences(by):
    day = DayFactory()
    source = signup_session(day=day, capacity=0, title_en="Visit")
    target = signup_session(day=day, capacity=5, title_en="Talk")
    for name in ("a", "b"):
        sign_up(source, email=f"{name}@example.org", delegation_claimed=True)
    b = Registration.objects.get(participant__email="b@example.org")
    services.move_in_line(registration=b, up=True, reason="Speaker", by=by)
    services.move_registration(registration=b, to_session=target, by=by)
    services.record_attendance(registrations=[b], attended=True, by=by)
    services.record_attendance(registrations=[b], attended=None, by=by)
    services.set_delegation(participant=b.participant, member=True, by=by)
    services.set_delegation(participant=b.participant, member=False, by=by)
    a = Participant.objects.get(email="a@example.org")
    services.set_delegation(participant=a, member=False, by=by)

    assert sentences(action__in=["line", "moved", "attendance", "delegation"]) == [
        "Place in the waiting list: 2 → 1 (reason: Speaker)",
        "Moved from Mon 19 Feb — Visit to Mon 19 Feb — Talk. Status: waiting → confirmed",
        "Attendance: not recorded → attended",
        "Attendance: attended → not recorded",
        "Delegation membership confirmed: reserved places from now on.",
        "Delegation membership withdrawn: local places from now on.",
        "Delegation claim declined: local places.",
    ]


def test_move_reads_from_which_session_to_which(by):
    day = DayFactory()
    visit = signup_session(day=day, title_en="Visit", title_fr="Visite")
    dinner = signup_session(day=day, title_en="Dinner", title_fr="Dîner")
    registration = sign_up(visit, email="a@example.org").participant.registrations.get()
    services.move_registration(registration=registration, to_session=dinner, by=by)

    assert sentences(action="moved") == ["Moved from Mon 19 Feb — Visit to Mon 19 Feb — Dinner."]
    assert sentences("fr", action="moved") == [
        "Déplacée de lun 19 fév — Visite vers lun 19 fév — Dîner."
    ]


def test_erasure_blanks_the_organisers_notes_but_keeps_the_over_capacity_mark(by):
    session = signup_session(capacity=0)
    sign_up(session, email="a@example.org")
    sign_up(session, email="b@example.org")
    b = Registration.objects.get(participant__email="b@example.org")
    services.move_in_line(registration=b, up=True, reason="Friend of the mayor", by=by)
    services.promote_registration(registration=b, over_capacity=True, by=by)

    services.erase_participant(participant=b.participant)

    notes = Change.objects.filter(participant=b.participant).exclude(note="")
    assert list(notes.values_list("action", "note")) == [("capacity", "over capacity")]
    assert sentences(participant=b.participant, action="line") == [
        "Place in the waiting list: 2 → 1"
    ]


def test_erased_participant_is_found_neither_by_name_nor_address():
    session = signup_session()
    sign_up(session, email="nunez@example.org", last_name="Ñúñez")
    participant = Participant.objects.get()

    services.erase_participant(participant=participant)

    assert list(Participant.objects.matching("nunez")) == []
