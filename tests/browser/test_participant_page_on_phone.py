"""A participant's admin page on a 375 px phone, as an organiser (staff in the Organisers
group): nothing wider than the screen, the page scrolls down, never sideways (the Move list,
as wide as its longest session title, pushed it to 741 px). Screenshot in $KISS_SCREENSHOTS."""

import os

import pytest

from programme.models import Session
from registrations.models import Participant
from tests.browser.conftest import organiser_account, signed_in_tab
from tests.factories import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Named in the failure message, to find what is too wide.
WIDER_THAN_PHONE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 375.5)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)
  .slice(0, 8)"""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_participant_page_on_a_phone_fits_the_screen(browser, site_url, seed_programme, language):
    """Ana holds a place, waits for another (second in line), and says she is a delegate."""
    visit = Session.objects.get(slug="visite-o-pluriel")
    full = Session.objects.get(slug="cooperatives-entrepreneurs")
    Session.objects.filter(pk=full.pk).update(capacity=1, reserved_places=0)
    sign_up(full, first_name="Ben", last_name="First", email="ben@example.org")
    sign_up(
        [visit, full],
        first_name="Ana",
        last_name="Holder-Papadopoulou",
        email="ana.holder-papadopoulou@cooperative-example.org",
        delegation_claimed=True,
    )
    participant = Participant.objects.get(last_name="Holder-Papadopoulou")
    organiser_account("phone", "phone-pass-8")
    phone = {"viewport": {"width": 375, "height": 740}, "is_mobile": True}
    context, tab = signed_in_tab(browser, site_url, "phone", "phone-pass-8", **phone)
    tab.goto(f"{site_url}/{language}/admin/registrations/participant/{participant.pk}/change/")
    if os.environ.get("KISS_SCREENSHOTS"):
        tab.screenshot(
            path=f"{os.environ['KISS_SCREENSHOTS']}/participant-375-{language}.png", full_page=True
        )
    page_width = tab.evaluate("document.documentElement.scrollWidth")
    too_wide = tab.evaluate(WIDER_THAN_PHONE)
    context.close()

    assert page_width <= 375, too_wide
