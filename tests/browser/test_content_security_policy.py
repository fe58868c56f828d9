"""The Content-Security-Policy allows no inline script or style: every page, the Django admin's
included, must work without one. The browser reports each thing it refuses (a
`securitypolicyviolation` event); these tests collect them page by page."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from programme.models import Session
from tests.factories import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI || "inline"} ${where}`);
});
"""

PUBLIC_PAGES = [
    "/fr/",
    "/fr/saint-etienne-2018/programme/",
    "/en/saint-etienne-2018/sessions/ess-quartier-cret-de-roc/",
    "/fr/saint-etienne-2018/register/",
    "/fr/saint-etienne-2018/lost-link/",
    "/en/privacy/",
    "/fr/no-such-page/",
]


def violations_on(tab, url: str) -> list[str]:
    """What the browser refused on the page, and its status if it is not 200 nor a 404."""
    response = tab.goto(url)
    tab.wait_for_load_state("networkidle")
    status = [] if response.status in (200, 404) else [f"status {response.status}"]
    return status + tab.evaluate("window.cspViolations")


@pytest.fixture
def tab(visitor):
    visitor.add_init_script(COLLECT_VIOLATIONS)
    return visitor


@pytest.fixture
def organiser_tab(tab, seed_programme):
    User.objects.create_superuser("root", "root@example.org", "a long pass phrase")
    tab.goto(tab.base_url + "/fr/admin/login/")
    tab.fill("#id_username", "root")
    tab.fill("#id_password", "a long pass phrase")
    tab.click("input[type=submit]")
    tab.wait_for_url(tab.base_url + "/fr/admin/")
    return tab


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_breaks_no_rule_of_the_policy(tab, seed_programme, path):
    assert violations_on(tab, tab.base_url + path) == []


def admin_pages(participant) -> list[str]:
    session = participant.registrations.get().session
    registration = participant.registrations.get()
    return [
        "/fr/admin/",
        "/fr/admin/programme/session/",
        f"/fr/admin/programme/session/{session.pk}/change/",
        "/fr/admin/programme/session/add/",
        "/fr/admin/programme/studyvisit/1/change/",
        "/fr/admin/registrations/participant/",
        f"/fr/admin/registrations/participant/{participant.pk}/change/",
        "/fr/admin/registrations/registration/",
        f"/fr/admin/registrations/registration/{registration.pk}/change/",
        "/fr/admin/registrations/registration/dashboard/",
        "/fr/admin/auth/user/",
        "/fr/admin/auth/user/add/",
        "/fr/admin/auth/group/1/change/",
        f"/fr/admin/programme/session/{session.pk}/delete/",
        f"/fr/admin/programme/session/{session.pk}/history/",
        "/fr/admin/password_change/",
    ]


def test_admin_pages_break_no_rule_of_the_policy(organiser_tab):
    call_command("setup_organisers", stdout=None)
    participant = sign_up(Session.objects.filter(is_open_for_signup=True).first()).participant
    found = [
        f"{path}: {violation.split()[0]}"
        for path in admin_pages(participant)
        for violation in violations_on(organiser_tab, organiser_tab.base_url + path)
    ]

    assert found == []


def test_admin_date_and_time_shortcuts_work_under_the_policy(organiser_tab):
    organiser_tab.goto(organiser_tab.base_url + "/fr/admin/programme/session/add/")
    organiser_tab.get_by_role("link", name="Maintenant").first.click()

    assert organiser_tab.input_value("#id_start_time") != ""
    assert organiser_tab.evaluate("window.cspViolations") == []
