import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/fr/",
    "/en/saint-etienne-2018/programme/",
    "/fr/saint-etienne-2018/sessions/ess-quartier-cret-de-roc/",
    "/en/saint-etienne-2018/venues/chez-lulu/",
    "/en/no-such-page/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(visitor, seed_programme, path):
    visitor.goto(visitor.base_url + path)

    results = Axe().run(visitor)

    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", PAGES)
def test_page_asks_nothing_from_other_hosts(visitor, seed_programme, path):
    visitor.goto(visitor.base_url + path)
    visitor.wait_for_load_state("networkidle")

    assert [url for url in visitor.requested if not url.startswith(visitor.base_url)] == []
    expected_failures = [(404, visitor.base_url + path)] if "no-such-page" in path else []
    assert visitor.failed == expected_failures


def test_visitor_browses_from_home_to_a_venue_and_switches_language(visitor, seed_programme):
    visitor.goto(visitor.base_url + "/")
    assert visitor.locator("html").get_attribute("lang") == "fr"

    visitor.get_by_role("link", name="Voir le programme").click()
    visitor.get_by_role("link", name="Repas Chez Lulu (bar à vin associatif)").click()
    visitor.get_by_role("link", name="Chez Lulu", exact=True).click()
    assert visitor.locator("h1").inner_text() == "Chez Lulu"

    visitor.get_by_role("link", name="English").click()
    assert (visitor.locator("html").get_attribute("lang"), visitor.locator("h1").inner_text()) == (
        "en",
        "Chez Lulu",
    )
    assert visitor.url == visitor.base_url + "/en/saint-etienne-2018/venues/chez-lulu/"


def test_keyboard_focus_is_visible(visitor, seed_programme):
    visitor.goto(visitor.base_url + "/fr/saint-etienne-2018/programme/")

    visitor.keyboard.press("Tab")
    focused = visitor.evaluate(
        "() => { const el = document.activeElement; const style = getComputedStyle(el);"
        " return [el.textContent.trim(), style.outlineStyle, style.outlineWidth]; }"
    )

    assert focused == ["Aller au contenu", "solid", "3px"]


def test_programme_reads_well_on_a_phone(visitor, seed_programme):
    visitor.set_viewport_size({"width": 375, "height": 800})
    visitor.goto(visitor.base_url + "/fr/saint-etienne-2018/programme/")

    overflow = visitor.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")

    assert overflow is False
