"""Every public page in the five languages, in a real browser: no accessibility violation (axe),
no sideways scrolling on a 375 px phone; the week at a glance prints on one landscape A4 page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["fr", "en", "es", "it", "el"]
VISIT = "saint-etienne-2018"
PAGES = [
    "",
    f"{VISIT}/programme/",
    f"{VISIT}/week/",
    f"{VISIT}/venues/",
    f"{VISIT}/venues/chez-lulu/",
    f"{VISIT}/sessions/repas-ethic-table/",
    f"{VISIT}/register/",
    f"{VISIT}/lost-link/",
    "privacy/",
]
PHONE, DESKTOP = {"width": 375, "height": 800}, {"width": 1280, "height": 900}


def violations(tab) -> str:
    results = Axe().run(tab)
    return "" if results.violations_count == 0 else results.generate_report()


def scrolls_sideways(tab) -> bool:
    return tab.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_public_page_is_accessible_on_desktop_and_phone(visitor, seed_programme, language, path):
    visitor.set_viewport_size(DESKTOP)
    visitor.goto(f"{visitor.base_url}/{language}/{path}")
    on_desktop = violations(visitor)
    visitor.set_viewport_size(PHONE)

    assert (visitor.locator("html").get_attribute("lang"), on_desktop) == (language, "")
    assert (scrolls_sideways(visitor), violations(visitor)) == (False, "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_private_page_is_accessible_in_the_participants_language(visitor, seed_programme, language):
    from programme.models import Session

    outcome = sign_up(list(Session.objects.filter(pk__in=[4, 6])), language=language)
    visitor.set_viewport_size(PHONE)
    visitor.goto(f"{visitor.base_url}/{language}{outcome.participant.manage_path()[3:]}")

    assert (scrolls_sideways(visitor), violations(visitor)) == (False, "")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


@pytest.mark.parametrize("language", LANGUAGES)
def test_week_prints_on_one_landscape_a4_page(visitor, seed_programme, language):
    visitor.goto(f"{visitor.base_url}/{language}/{VISIT}/week/")

    pdf = visitor.pdf(prefer_css_page_size=True, print_background=True)

    assert pdf_pages(pdf) == 1
    assert re.findall(rb"/MediaBox\s*\[0 0 (\d+)\.?\d* (\d+)", pdf) == [
        (b"841", b"594")
    ]  # A4 landscape


def test_week_print_button_prints(visitor, seed_programme):
    visitor.goto(f"{visitor.base_url}/en/{VISIT}/week/")
    visitor.evaluate("() => { window.print = () => { window.printed = true; }; }")

    visitor.get_by_role("button", name="Print this week").click()

    assert visitor.evaluate("() => window.printed") is True


def test_week_becomes_the_day_by_day_list_on_a_phone(visitor, seed_programme):
    visitor.set_viewport_size(PHONE)
    visitor.goto(f"{visitor.base_url}/el/{VISIT}/week/")

    assert (
        visitor.locator(".week-table").is_visible(),
        visitor.locator(".week-list").is_visible(),
    ) == (
        False,
        True,
    )
    assert visitor.locator(".week-list h2").all_inner_texts()[:2] == [
        "Δευτέρα 19 Φεβρουαρίου",
        "Τρίτη 20 Φεβρουαρίου",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_printed_week_keeps_its_note_and_each_row_header_in_its_column(
    visitor, seed_programme, language
):
    """A4 landscape less its margins is about 1062 × 734 CSS pixels."""
    visitor.set_viewport_size({"width": 1062, "height": 734})
    visitor.emulate_media(media="print")
    visitor.goto(f"{visitor.base_url}/{language}/{VISIT}/week/")

    spilling = visitor.evaluate(
        """() => [...document.querySelectorAll('.week-table th')]
        .filter(th => th.scrollWidth > th.clientWidth).map(th => th.textContent)"""
    )
    assert (spilling, visitor.locator(".week-note").is_visible()) == ([], True)
