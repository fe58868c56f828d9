"""An organiser writes to the people of a day in a real browser: form, preview, send."""

import os

import pytest

from programme.models import Session
from tests.browser.conftest import press
from tests.factories import sign_up
from tests.mail_queue import queued_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organiser_writes_to_a_day_previews_and_sends(organiser_tab):
    tab = organiser_tab
    session = Session.objects.filter(is_open_for_signup=True).order_by("day__date", "order")[0]
    sign_up(session, email="anne@example.org", first_name="Anne", language="fr")
    sign_up(session, email="ben@example.org", first_name="Ben", last_name="Brown", language="el")

    tab.goto(tab.base_url + "/en/admin/registrations/registration/dashboard/")
    press(tab, tab.get_by_role("link", name="Write to this day's attendees").first)
    tab.get_by_label("subject (French)").fill("Changement de salle")
    tab.get_by_label("text (French)").fill("Rendez-vous salle B.\nÀ demain !")
    tab.get_by_label("subject (English)").fill("Room change")
    tab.get_by_label("text (English)").fill("Meet in room B.\nSee you tomorrow!")
    press(tab, tab.get_by_role("button", name="Preview"))
    if os.environ.get("SCREENSHOTS"):
        tab.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "preview.png"), full_page=True)

    assert tab.locator("h2").first.inner_text() == "It will go to 2 people."
    press(tab, tab.get_by_role("button", name="Send to 2 people"))

    assert tab.locator(".messagelist li").all_inner_texts() == [
        "The message is on its way to 2 people."
    ]
    assert queued_tasks().count("mailing") == 2
