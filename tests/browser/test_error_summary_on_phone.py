"""On a phone, a form sent with mistakes comes back with the focus, and the view, on its error
summary: the reader sees at once that nothing is recorded yet (no script: `autofocus`)."""

import pytest

from tests.browser.test_registration_flow import (
    VISIT,
    fill_in_details,
    open_page,
    send_without_browser_checks,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def phone(browser, site_url):
    context = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True)
    tab = context.new_page()
    tab.base_url = site_url
    yield tab
    context.close()


def test_form_with_errors_on_a_phone_focuses_the_summary_in_view(phone, seed_programme):
    open_page(phone, f"/fr/{VISIT}/register/")
    fill_in_details(phone, email="")
    send_without_browser_checks(phone)

    phone.locator("#form-errors").wait_for()
    focused = phone.evaluate("document.activeElement.id")
    top, bottom = phone.evaluate(
        "(() => { const box = document.getElementById('form-errors').getBoundingClientRect();"
        " return [box.top, box.bottom]; })()"
    )
    assert (focused, top >= 0, bottom <= PHONE["height"]) == ("form-errors", True, True)
