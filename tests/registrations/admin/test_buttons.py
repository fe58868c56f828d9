"""The buttons of the organisers' pages, pressed through HTTP as an organiser (not superuser):
each calls one service, says what happened (a refusal as an error, alone), goes back to the
page it was on, and never answers junk with a server error."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from registrations.models import Change, Participant, Registration
from tests.factories import DayFactory, StudyVisitFactory, sign_up, signup_session
from tests.html import Page
from tests.mail_queue import deliver_queued_mail
from tests.registrations.places import counters_match, statuses

pytestmark = pytest.mark.django_db


def url(name, pk):
    with translation.override("en"):
        return reverse(f"admin:registrations_{name}", args=[pk])


def registration_of(email, session=None) -> Registration:
    found = Registration.objects.filter(participant__email=email)
    return found.get(session=session) if session else found.get()


def press(client, button, obj, **data):
    """Press a button on the person's page; return (page shown after, its messages)."""
    model = "participant" if isinstance(obj, Participant) else "registration"
    back = url("participant_change", obj.pk if model == "participant" else obj.participant_id)
    response = client.post(url(f"{model}_{button}", obj.pk), {"next": back, **data}, follow=True)
    assert response.redirect_chain == [(back, 302)]
    page = Page(response)
    return [
        (li["class"][0], " ".join(li.get_text().split()))
        for li in page.soup.select(".messagelist li")
    ]


@pytest.fixture
def day():
    return DayFactory()


@pytest.fixture
def full(day):
    """Capacity 1: holder@ confirmed, first@ then second@ waiting."""
    session = signup_session(day=day, capacity=1, title_en="Visit")
    for name in ("holder", "first", "second"):
        sign_up(session, email=f"{name}@example.org", first_name=name.capitalize())
    return session


@pytest.fixture
def roomy(day):
    return signup_session(day=day, capacity=5, title_en="Talk")


def test_cancel_frees_the_place_for_the_first_waiting(client, organiser, full):
    said = press(client, "cancel", registration_of("holder@example.org"), confirmed="yes")
    again = press(client, "cancel", registration_of("holder@example.org"), confirmed="yes")

    assert said == [
        (
            "success",
            "Cancelled: Holder Martin — Mon 19 Feb — Visit. The place went to First Martin.",
        )
    ]
    assert again == [("warning", "Nothing changed: this registration was already cancelled.")]
    assert statuses(full) == [
        ("first@example.org", "confirmed"),
        ("holder@example.org", "cancelled"),
        ("second@example.org", "waiting"),
    ]


def test_restore_gives_a_place_or_the_waiting_list_by_choice(client, organiser, full, roomy):
    sign_up(roomy, email="back@example.org", first_name="Back")
    press(client, "cancel", registration_of("back@example.org"), confirmed="yes")
    press(client, "cancel", registration_of("holder@example.org"), confirmed="yes")

    with_place = press(client, "restore", registration_of("back@example.org"))
    refused = press(client, "restore", registration_of("holder@example.org"))
    waiting = press(client, "restore", registration_of("holder@example.org"), wait_if_full="on")

    assert with_place == [("success", "Restored with a place: Back Martin — Mon 19 Feb — Talk.")]
    assert refused == [
        (
            "error",
            "No place left in Mon 19 Feb — Visit: not restored. Tick “Waiting list if full” to "
            "put them at the end of its waiting list.",
        )
    ]
    assert waiting == [
        ("success", "Restored on the waiting list: Holder Martin — Mon 19 Feb — Visit.")
    ]
    line = Registration.objects.filter(session=full).in_waiting_order()
    assert list(line.values_list("participant__email", flat=True)) == [
        "second@example.org",
        "holder@example.org",
    ]


def test_move_takes_the_new_place_before_freeing_the_old(client, organiser, full, roomy):
    said = press(client, "move", registration_of("holder@example.org"), to_session=roomy.pk)

    assert said == [("success", "Holder Martin moved to Mon 19 Feb — Talk.")]
    assert statuses(roomy) == [("holder@example.org", "confirmed")]
    assert statuses(full) == [("first@example.org", "confirmed"), ("second@example.org", "waiting")]
    assert (counters_match(full), counters_match(roomy)) == (True, True)


def test_move_to_a_full_session_or_elsewhere_changes_nothing(client, organiser, full, roomy):
    sign_up(roomy, email="mover@example.org", first_name="Mover")
    mover = registration_of("mover@example.org")
    elsewhere = signup_session(day=DayFactory(visit=StudyVisitFactory()))

    to_full = press(client, "move", mover, to_session=full.pk)
    to_elsewhere = press(client, "move", mover, to_session=elsewhere.pk)

    assert to_full == [("error", "No place for them in Mon 19 Feb — Visit: not moved.")]
    assert to_elsewhere == [
        (
            "error",
            f"Nothing changed: Select a valid choice. {elsewhere.pk} is not one of the available "
            "choices.",
        )
    ]
    assert statuses(roomy) == [("mover@example.org", "confirmed")]
    assert Change.objects.filter(action="moved").count() == 0


def test_promote_within_capacity_is_refused_when_full_then_over_capacity_raises_it(
    client, organiser, full
):
    first = registration_of("first@example.org")

    refused = press(client, "promote", first)
    promoted = press(client, "promote", first, over_capacity="on")
    again = press(client, "promote", first)

    assert refused == [
        (
            "error",
            "No place left in Mon 19 Feb — Visit: not promoted. Tick “Even if full” to raise its "
            "capacity by one place.",
        )
    ]
    assert promoted == [
        (
            "success",
            "Promoted over capacity: First Martin — Mon 19 Feb — Visit. Capacity raised to 2.",
        )
    ]
    assert again == [("warning", "Nothing changed: this registration is not on the waiting list.")]
    full.refresh_from_db()
    assert (full.capacity, counters_match(full)) == (2, True)


def test_move_in_line_needs_a_reason_and_says_when_it_cannot(client, organiser, full):
    second = registration_of("second@example.org")

    no_reason = press(client, "line", second, direction="up", reason="  ")
    up = press(client, "line", second, direction="up", reason="Speaker")
    first_already = press(client, "line", second, direction="up", reason="Speaker")
    holder = press(
        client, "line", registration_of("holder@example.org"), direction="up", reason="x"
    )

    assert no_reason == [
        ("error", "Nothing changed: Give the reason for moving someone in the line.")
    ]
    assert up == [("success", "Moved up the waiting list: Second Martin — Mon 19 Feb — Visit.")]
    assert first_already == [("warning", "Nothing changed: they are already first in line.")]
    assert holder == [("error", "This person is not on a waiting list.")]
    line = Registration.objects.filter(session=full).with_waiting_position()
    assert sorted(line.values_list("participant__email", "waiting_position")) == [
        ("first@example.org", 2),
        ("holder@example.org", None),
        ("second@example.org", 1),
    ]


def test_attendance_is_recorded_then_reset_to_unknown(client, organiser, full):
    holder = registration_of("holder@example.org")

    said = [
        press(client, "attendance", holder, attended="yes"),
        press(client, "attendance", holder, attended="yes"),
        press(client, "attendance", holder, attended="unknown"),
        press(client, "attendance", registration_of("first@example.org"), attended="no"),
    ]

    assert said == [
        [("success", "Attendance of Holder Martin — Mon 19 Feb — Visit: Attended.")],
        [("warning", "Nothing changed: the attendance already was so.")],
        [("success", "Attendance of Holder Martin — Mon 19 Feb — Visit: Unknown.")],
        [("warning", "Nothing changed: only a confirmed registration has an attendance.")],
    ]
    holder.refresh_from_db()
    assert holder.attended is None


def test_add_sessions_signs_up_for_more_keeping_what_they_have(client, organiser, full, roomy):
    sign_up(roomy, email="more@example.org", first_name="More")
    person = Participant.objects.get(email="more@example.org")
    deliver_queued_mail().clear()

    refused = press(client, "add_sessions", person, sessions=[full.pk])
    added = press(
        client, "add_sessions", person, sessions=[full.pk, roomy.pk], join_waiting_list="on"
    )
    again = press(client, "add_sessions", person, sessions=[roomy.pk], join_waiting_list="on")

    assert refused == [
        (
            "error",
            "No place left in Mon 19 Feb — Visit: nothing added. Tick “Waiting list if full” to "
            "put them on the waiting list.",
        )
    ]
    assert added == [
        ("success", "Signed up: More Martin. On the waiting list: Mon 19 Feb — Visit.")
    ]
    assert again == [("warning", "Nothing changed: they already have these sessions.")]
    assert deliver_queued_mail() == []  # "send the e-mail" was not ticked


def test_delegation_claim_is_confirmed_then_withdrawn(client, organiser, day):
    session = signup_session(day=day, capacity=3, reserved_places=1, title_en="Visit")
    sign_up(session, email="partner@example.org", first_name="Eleni", delegation_claimed=True)
    sign_up(session, email="local1@example.org")
    sign_up(session, email="local2@example.org")  # waits: the third place is reserved
    partner = Participant.objects.get(email="partner@example.org")

    said = [
        press(client, "delegation", partner, member="yes"),
        press(client, "delegation", partner, member="yes"),
        press(client, "delegation", partner, member="no"),
        press(client, "delegation", partner, member="maybe"),
    ]

    assert said == [
        [
            (
                "success",
                "Delegation membership confirmed: Eleni Martin takes the places kept for the "
                "partners. The place went to Camille Martin.",
            )
        ],
        [("warning", "Nothing changed: Eleni Martin already is a member.")],
        [
            (
                "error",
                "No local place is left for them in Mon 19 Feb — Visit: membership stays as it is.",
            )
        ],
        [
            (
                "error",
                "Nothing changed: Select a valid choice. maybe is not one of the available "
                "choices.",
            )
        ],
    ]
    partner.refresh_from_db()
    assert (partner.is_delegation, counters_match(session)) == (True, True)
    assert registration_of("local2@example.org").status == "confirmed"


def test_declining_a_claim_takes_it_off_the_list_of_claims(client, organiser, roomy):
    sign_up(roomy, email="claims@example.org", first_name="Claire", delegation_claimed=True)
    person = Participant.objects.get(email="claims@example.org")

    before = Page.get(client, "/en/admin/registrations/participant/?delegation=claimed")
    said = press(client, "delegation", person, member="no")
    after = Page.get(client, "/en/admin/registrations/participant/?delegation=claimed")

    assert before.texts("#result_list tbody th") == ["Claire Martin"]
    assert said == [("success", "Delegation claim declined: Claire Martin takes local places.")]
    assert after.texts("#result_list tbody th") == []


def test_resend_queues_the_confirmation_except_to_erased_people(client, organiser, roomy):
    sign_up(roomy, email="again@example.org", first_name="Aga")
    person = Participant.objects.get()
    deliver_queued_mail().clear()

    sent = press(client, "resend", person)
    delivered = [m.to for m in deliver_queued_mail()]

    assert sent == [("success", "The confirmation e-mail is on its way to Aga Martin.")]
    assert delivered == [["again@example.org"]]
    assert Change.objects.filter(action="email").count() == 1


# Who may press, and how -------------------------------------------------------------------------


BUTTONS = [
    ("registration", "cancel"),
    ("registration", "undo"),
    ("registration", "restore"),
    ("registration", "move"),
    ("registration", "promote"),
    ("registration", "line"),
    ("registration", "attendance"),
    ("participant", "add_sessions"),
    ("participant", "delegation"),
    ("participant", "resend"),
]


@pytest.fixture
def anyone(full):
    return registration_of("first@example.org")


def target(model, registration):
    return registration if model == "registration" else registration.participant


@pytest.mark.parametrize(("model", "button"), BUTTONS)
def test_buttons_refuse_get_other_staff_and_strangers(client, full, anyone, model, button, request):
    address = url(f"{model}_{button}", target(model, anyone).pk)
    anonymous = client.post(address)
    request.getfixturevalue("other_staff")
    not_organiser = client.post(address)
    request.getfixturevalue("organiser")

    answers = (anonymous.status_code, not_organiser.status_code, client.get(address).status_code)

    assert answers == (302, 403, 405)
    assert anonymous["Location"].startswith("/en/admin/login/")


@pytest.mark.parametrize(("model", "button"), BUTTONS)
def test_buttons_need_the_csrf_token(organiser, full, anyone, model, button):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(organiser)

    response = browser.post(url(f"{model}_{button}", target(model, anyone).pk))

    assert response.status_code == 403


@pytest.mark.parametrize(("model", "button"), BUTTONS)
def test_buttons_on_unknown_ids_are_not_found(client, organiser, full, model, button):
    assert client.post(url(f"{model}_{button}", 99999)).status_code == 404


JUNK = {
    "to_session": ["\x00", "-1", "9" * 30, "abc"],
    "sessions": ["\x00", "1e9", ""],
    "reason": ["\x00" * 3, "a" * 5000, "\u202e"],
    "direction": ["sideways", "\x00"],
    "attended": ["maybe", "\x00"],
    "member": ["\x00", ""],
    "wait_if_full": ["\x00"],
    "over_capacity": ["\x00"],
    "next": ["https://elsewhere.example/", "//elsewhere.example/", "\x00", "javascript:alert(1)"],
}


@pytest.mark.parametrize(("model", "button"), BUTTONS)
@pytest.mark.parametrize("junk", range(3))
def test_buttons_answer_junk_with_a_message_never_an_error(
    client, organiser, full, anyone, model, button, junk
):
    data = {name: values[junk % len(values)] for name, values in JUNK.items()}
    data["confirmed"] = "yes"  # past the cancellation's confirmation page
    obj = target(model, anyone)
    before = (list(Registration.objects.values_list()), list(Participant.objects.values_list()))

    response = client.post(url(f"{model}_{button}", obj.pk), data)

    assert response.status_code == 302
    assert response["Location"] == url(f"{model}_change", obj.pk)  # never elsewhere
    if button in ("move", "add_sessions", "line", "attendance", "delegation"):
        after = (list(Registration.objects.values_list()), list(Participant.objects.values_list()))
        assert after == before


def test_move_to_a_place_in_line_is_one_step_with_one_reason(client, organiser, full):
    for name in ("third", "fourth"):
        sign_up(full, email=f"{name}@example.org", first_name=name.capitalize())
    fourth = registration_of("fourth@example.org")

    said = press(client, "line", fourth, direction="to", position="1", reason="Speaker")
    again = press(client, "line", fourth, direction="to", position="1", reason="Speaker")
    missing = press(client, "line", fourth, direction="to", reason="Speaker")

    assert said == [
        ("success", "Moved to place 1 in the waiting list: Fourth Martin — Mon 19 Feb — Visit.")
    ]
    assert again == [("warning", "Nothing changed: they already are at this place in line.")]
    assert missing == [("error", "Nothing changed: Give the place in line to move them to.")]
    line = Registration.objects.filter(session=full).in_waiting_order()
    assert list(line.values_list("participant__email", flat=True)) == [
        "fourth@example.org",
        "first@example.org",
        "second@example.org",
        "third@example.org",
    ]
    entries = Change.objects.filter(registration=fourth, action="line")
    assert list(entries.values_list("old", "new", "note")) == [("4", "1", "Speaker")]
