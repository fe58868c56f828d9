"""An organiser's walk through the admin (staff in the Organisers group, not superuser) at
1280 px and on a 375 px phone, in French and in English: the home page, the dashboard, a
person's page, cancelling a place (the confirmation page, then the undo refused once the place
went to the next person), the check-in page. Screenshots go to $KISS_SCREENSHOTS if set."""

import os

import pytest

from programme.models import Session
from tests.browser.conftest import organiser_account, press, signed_in_tab
from tests.factories import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "cancel": "Cancel",
        "yes": "Yes, cancel",
        "undo": "Undo the cancellation",
        "who": ["Ana Holder loses their place in Wed 21 Feb — Visit to O Pluriel (business "
                "incubator).", "Ben Waiting, first in line, gets the place (and an e-mail)."],
        "went": "The place went to Ben Waiting.",
        "refused": "Cannot undo: the place has been taken since. Use Restore to put them on "
                   "the waiting list.",
        "checkin": "Check-in",
    },
    "fr": {
        "cancel": "Annuler",
        "yes": "Oui, annuler",
        "undo": "Défaire l'annulation",
        "who": [
            "Ana Holder perd sa place dans mer 21 fév — Visite de O Pluriel (pépinière "
            "d'entreprises).",
            "Ben Waiting, en tête de liste, obtient la place (et un e-mail).",
        ],
        "went": "La place est allée à Ben Waiting.",
        "refused": "Impossible de défaire : la place a été prise entre-temps. Utilisez "
                   "Rétablir pour la mettre sur la liste d'attente.",
        "checkin": "Pointage",
    },
}  # fmt: skip


def fits(tab) -> bool:
    """No wider than the tab's set width. Not window.innerWidth: in a phone's tab (is_mobile) a
    page too wide widens the layout viewport with it, and would always fit."""
    screen = tab.viewport_size["width"]
    return tab.evaluate("(screen) => document.documentElement.scrollWidth <= screen", screen)


def shoot(tab, name):
    if os.environ.get("KISS_SCREENSHOTS"):
        tab.screenshot(path=f"{os.environ['KISS_SCREENSHOTS']}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_organiser_walks_through_the_admin(browser, site_url, seed_programme, language, width):
    words = WORDS[language]
    session = Session.objects.get(slug="visite-o-pluriel")
    Session.objects.filter(pk=session.pk).update(capacity=1, reserved_places=0)
    sign_up(session, first_name="Ana", last_name="Holder", email="ana@example.org")
    sign_up(session, first_name="Ben", last_name="Waiting", email="ben@example.org")
    holder = session.registrations.get(participant__email="ana@example.org")
    organiser_account("walker", "walker-pass-8")
    viewport = {"width": width, "height": 900 if width > 400 else 740}
    phone = {"is_mobile": True} if width < 400 else {}
    context, tab = signed_in_tab(
        browser, site_url, "walker", "walker-pass-8", viewport=viewport, **phone
    )
    admin = f"{site_url}/{language}/admin"
    step = f"{language}-{width}"

    tab.goto(f"{admin}/")
    shoot(tab, f"{step}-1-home")
    tab.goto(f"{admin}/registrations/registration/dashboard/")
    shoot(tab, f"{step}-2-dashboard")
    dashboard_fits = fits(tab)

    tab.goto(f"{admin}/registrations/participant/{holder.participant_id}/change/")
    row = tab.locator(".agenda tbody tr").filter(has_text="O Pluriel")
    press(tab, row.get_by_role("button", name=words["cancel"], exact=True))
    shoot(tab, f"{step}-3-confirm-cancel")
    who = tab.locator(".cancel-preview tbody td").all_inner_texts()
    press(tab, tab.get_by_role("button", name=words["yes"]))
    cancelled = tab.locator(".messagelist li").all_inner_texts()
    row = tab.locator(".agenda tbody tr").filter(has_text="O Pluriel")
    press(tab, row.get_by_role("button", name=words["undo"]))
    shoot(tab, f"{step}-4-undo-refused")
    refused = tab.locator(".messagelist li").all_inner_texts()

    tab.goto(f"{admin}/registrations/registration/checkin/session/{session.pk}/")
    shoot(tab, f"{step}-5-checkin")
    checkin_title = tab.title()

    assert dashboard_fits
    assert who == words["who"]
    assert cancelled[0].endswith(words["went"])
    assert refused == [words["refused"]]
    assert checkin_title.startswith(words["checkin"])
    assert fits(tab)
    context.close()
