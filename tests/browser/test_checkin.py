"""An organiser checking people in at the door, on a 375 px phone, in a real browser: search as
they type (and, without JavaScript, through the search button), one tap to mark present, undo,
a walk-in; the page fits the screen."""

import os

import pytest

from tests.browser.conftest import organiser_account, press, signed_in_tab
from tests.factories import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def phone_tab(browser, site_url, *, javascript=True):
    organiser_account("door", "door-pass-8")
    options = {"viewport": PHONE, "is_mobile": True, "java_script_enabled": javascript}
    return signed_in_tab(browser, site_url, "door", "door-pass-8", **options)


def visible_names(tab) -> list[str]:
    rows = tab.locator(".checkin__person:visible .checkin__name").all()
    return [row.evaluate("node => node.firstChild.textContent.trim()") for row in rows]


def fits_the_screen(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_organiser_checks_people_in_on_a_phone(browser, site_url, o_pluriel):
    context, tab = phone_tab(browser, site_url)
    tab.goto(f"{site_url}/en/admin/registrations/registration/checkin/session/{o_pluriel.pk}/")
    counts = tab.locator(".checkin__counts")
    assert (counts.inner_text(), fits_the_screen(tab)) == ("0 present of 2 expected", True)

    tab.get_by_label("Search by name").press_sequentially("nunez")
    assert visible_names(tab) == ["Núñez Ignacio"]

    # With JavaScript, a tap is sent without leaving the page (checkin_offline.js).
    tab.get_by_role("button", name="Present — Ignacio Núñez").click()
    assert counts.inner_text() == "1 present of 2 expected"
    ignacio = tab.locator(".checkin__person", has_text="Ignacio")
    assert ignacio.locator(".checkin__state").inner_text() == "Present"

    tab.get_by_role("button", name="Undo — Ignacio Núñez").click()
    assert counts.inner_text() == "0 present of 2 expected"

    tab.get_by_text("Add a walk-in").click()
    tab.get_by_label("First name").fill("Ana")
    tab.get_by_label("Last name").fill("Pérez")
    tab.get_by_label("E-mail address").fill("ana@example.org")
    tab.get_by_label("Country").select_option("ES")
    tab.get_by_label("They gave me their consent to the privacy notice").check()
    press(tab, tab.get_by_role("button", name="Sign them up and mark present"))

    assert tab.locator(".messagelist li").all_inner_texts() == [
        "Signed up at the door and present: Ana Pérez."
    ]
    assert counts.inner_text() == "1 present of 3 expected"
    assert fits_the_screen(tab)
    if os.environ.get("KISS_SCREENSHOTS"):
        tab.screenshot(path=os.environ["KISS_SCREENSHOTS"] + "/checkin-375.png", full_page=True)
    context.close()


def test_checkin_search_works_without_javascript(browser, site_url, o_pluriel):
    context, tab = phone_tab(browser, site_url, javascript=False)
    tab.goto(f"{site_url}/en/admin/registrations/registration/checkin/session/{o_pluriel.pk}/")
    tab.get_by_label("Search by name").fill("bernard")
    press(tab, tab.get_by_role("button", name="Search", exact=True))

    assert visible_names(tab) == ["Bernard Zoé"]
    press(tab, tab.get_by_role("button", name="Present — Zoé Bernard"))
    assert (tab.locator(".checkin__counts").inner_text(), visible_names(tab)) == (
        "1 present of 2 expected",
        ["Bernard Zoé"],
    )
    context.close()


def test_checkin_live_search_folds_greek_as_the_server_does(browser, site_url, o_pluriel):
    sign_up(o_pluriel, first_name="Γιώργος", last_name="Παπαδόπουλος", email="g@example.org")
    context, tab = phone_tab(browser, site_url)
    tab.goto(f"{site_url}/en/admin/registrations/registration/checkin/session/{o_pluriel.pk}/")
    box = tab.get_by_label("Search by name")
    no_match = tab.locator(".checkin__no-match")

    shown = {}
    for typed in ("γιώργος", "παπαδόπουλος", "ΓΙΩΡΓΟΣ", "zzz"):
        box.fill("")
        box.press_sequentially(typed)
        shown[typed] = (visible_names(tab), no_match.is_visible())

    assert shown == {
        "γιώργος": (["Παπαδόπουλος Γιώργος"], False),
        "παπαδόπουλος": (["Παπαδόπουλος Γιώργος"], False),
        "ΓΙΩΡΓΟΣ": (["Παπαδόπουλος Γιώργος"], False),
        "zzz": ([], True),
    }
    assert no_match.inner_text() == "Nobody expected matches this search."
    context.close()
