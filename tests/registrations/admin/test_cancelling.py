"""An organiser's Cancel: a page first (who loses what, who gets the place), a choice to tell
the person by e-mail, and an undo that gives back the same place while nobody took it."""

import pytest

from registrations.models import Change, OutgoingEmail, Registration
from tests.factories import DayFactory, sign_up, signup_session
from tests.html import Page
from tests.mail_queue import deliver_queued_mail
from tests.registrations.admin.test_buttons import press, registration_of, url
from tests.registrations.places import counters_match, statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def full():
    """Capacity 1: holder@ confirmed, first@ then second@ waiting."""
    session = signup_session(day=DayFactory(), capacity=1, title_en="Visit")
    for name in ("holder", "first", "second"):
        sign_up(session, email=f"{name}@example.org", first_name=name.capitalize(), language="en")
    OutgoingEmail.objects.all().delete()
    return session


def confirmation_page(client, registration) -> Page:
    back = url("participant_change", registration.participant_id)
    return Page(client.post(url("registration_cancel", registration.pk), {"next": back}))


def test_cancel_button_first_shows_who_loses_and_who_gets_the_place(client, organiser, full):
    page = confirmation_page(client, registration_of("holder@example.org"))
    waiting = confirmation_page(client, registration_of("second@example.org"))

    assert page.texts(".cancel-preview tbody td") == [
        "Holder Martin loses their place in Mon 19 Feb — Visit.",
        "First Martin, first in line, gets the place (and an e-mail).",
    ]
    assert page.soup.select_one("#cancel-notify").has_attr("checked")
    assert waiting.texts(".cancel-preview tbody td") == [
        "Second Martin loses place 2 in the waiting list of Mon 19 Feb — Visit.",
        "Nobody: the people behind them move up one place.",
    ]
    assert statuses(full)[0] == ("first@example.org", "waiting")  # nothing changed yet


def test_cancel_confirmed_with_notify_tells_the_person_through_the_outbox(client, organiser, full):
    press(client, "cancel", registration_of("holder@example.org"), confirmed="yes", notify="yes")

    sent = {m.to[0]: m for m in deliver_queued_mail()}
    assert sorted(sent) == ["first@example.org", "holder@example.org"]
    assert sent["holder@example.org"].body.splitlines()[2] == (
        'The organisers have cancelled your registration for the session "Visit". '
        "Monday 19 February 2018, time to be confirmed"
    )


def test_cancel_without_notify_tells_only_who_gets_the_place(client, organiser, full):
    press(client, "cancel", registration_of("holder@example.org"), confirmed="yes")

    assert [m.to for m in deliver_queued_mail()] == [["first@example.org"]]


def test_undo_gives_back_the_same_place_in_line(client, organiser, full):
    first = registration_of("first@example.org")
    press(client, "cancel", first, confirmed="yes")
    sign_up(full, email="late@example.org", first_name="Late")

    said = press(client, "undo", first)

    assert said == [
        (
            "success",
            "Cancellation undone: First Martin — Mon 19 Feb — Visit is back at the same place "
            "in the waiting list.",
        )
    ]
    line = Registration.objects.filter(session=full).in_waiting_order()
    assert list(line.values_list("participant__email", flat=True)) == [
        "first@example.org",
        "second@example.org",
        "late@example.org",
    ]
    entry = Change.objects.filter(registration=first).order_by("pk").last()
    assert (entry.user.username, entry.action, entry.note) == ("orga", "restored", "undone")


def test_undo_gives_back_a_free_place_and_refuses_once_taken(client, organiser, full):
    roomy = signup_session(day=full.day, capacity=2, title_en="Talk")
    sign_up(roomy, email="solo@example.org", first_name="Solo")
    press(client, "cancel", registration_of("solo@example.org"), confirmed="yes")
    press(client, "cancel", registration_of("holder@example.org"), confirmed="yes")

    back = press(client, "undo", registration_of("solo@example.org"))
    taken = press(client, "undo", registration_of("holder@example.org"))

    assert back == [
        ("success", "Cancellation undone: Solo Martin — Mon 19 Feb — Talk has their place back.")
    ]
    assert taken == [
        (
            "error",
            "Cannot undo: the place has been taken since. Use Restore to put them on the "
            "waiting list.",
        )
    ]
    assert statuses(roomy) == [("solo@example.org", "confirmed")]
    assert (counters_match(full), counters_match(roomy)) == (True, True)


def test_cancel_action_asks_first_then_cancels(client, organiser, full):
    holder = registration_of("holder@example.org")
    from tests.registrations.admin.test_participants import run_action

    page = Page(run_action(client, "registration", "cancel", [holder]))
    done = Page(run_action(client, "registration", "cancel", [holder], confirmed="yes"))

    assert page.texts(".cancel-preview tbody td") == [
        "Holder Martin loses their place in Mon 19 Feb — Visit.",
        "First Martin, first in line, gets the place (and an e-mail).",
    ]
    assert done.texts(".messagelist li") == [
        "Registrations cancelled: 1 The place went to First Martin."
    ]
