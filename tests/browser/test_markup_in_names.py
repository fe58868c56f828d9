"""Participants' names holding markup, in a real browser, on the page where they once acted: the
preview of an organiser's message. A first name that opened a <form> aimed at another
registration's Cancel button took the page's Send button and its CSRF token (the browser drops
the page's own nested <form>), so that Send cancelled that registration in the organiser's name
and sent nothing; a first name holding a <meta> refresh took the organiser to another site."""

import pytest

from programme.models import Session
from registrations.models import Change, Registration
from registrations.models.mailing import Mailing
from tests.browser.conftest import press
from tests.factories import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def first_session() -> Session:
    return Session.objects.filter(is_open_for_signup=True).order_by("day__date", "order")[0]


def preview_of_a_message(tab, session):
    """Write to the session's people, and open the preview."""
    tab.goto(f"{tab.base_url}/en/admin/registrations/mailing/write/session/{session.pk}/")
    tab.get_by_label("subject (French)").fill("Changement de salle")
    tab.get_by_label("text (French)").fill("Rendez-vous salle B.")
    tab.get_by_label("subject (English)").fill("Room change")
    tab.get_by_label("text (English)").fill("Meet in room B.")
    press(tab, tab.get_by_role("button", name="Preview"))


def test_name_holding_a_form_does_not_take_over_send(organiser_tab):
    tab, session = organiser_tab, first_session()
    sign_up(session, email="target@example.org", language="es")
    target = Registration.objects.get(participant__email="target@example.org")
    hijack = f"<form method=post action=/en/admin/registrations/registration/{target.pk}/cancel/>"
    # The first English reader: the preview greets them in its sample e-mail.
    sign_up(session, email="form@example.org", first_name=hijack, language="en")

    preview_of_a_message(tab, session)
    preview = tab.url
    names = tab.locator(".mailing__people li").all_text_contents()
    press(tab, tab.get_by_role("button", name="Send to 2 people"))

    assert sorted(names) == sorted(["Camille Martin", f"{hijack} Martin"])
    assert tab.url == preview
    assert tab.locator(".messagelist li").all_inner_texts() == [
        "The message is on its way to 2 people."
    ]
    mailing = Mailing.objects.get()
    assert (mailing.sent_at is not None, mailing.sent_count) == (True, 2)
    assert Change.objects.filter(action=Change.Action.MESSAGE).count() == 1
    target.refresh_from_db()
    assert target.status == Registration.Status.CONFIRMED
    assert Change.objects.filter(action=Change.Action.CANCELLED).count() == 0


def test_name_holding_a_meta_refresh_does_not_navigate_away(organiser_tab):
    tab, session = organiser_tab, first_session()
    refresh = f'<meta http-equiv="refresh" content="0;url={tab.base_url}/phish">'
    sign_up(session, email="meta@example.org", first_name=refresh, language="fr")

    preview_of_a_message(tab, session)
    preview = tab.url
    tab.wait_for_load_state("networkidle")  # a refresh after 0 s would have left by now

    assert (tab.url, [url for url in tab.requested if "phish" in url]) == (preview, [])
    assert tab.locator(".mailing__body").all_inner_texts()[0].split("\n")[0] == (
        f"Bonjour {refresh},"
    )
