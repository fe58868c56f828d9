"""End-to-end tests in the machine's headless Chromium, against a live server.

Chromium comes from the system (`apt-get install -y chromium`); Playwright's own browser download
cannot work on our machines. Without Chromium these tests are skipped, except under CI=true.
"""

import os
from pathlib import Path

import pytest
from django.test.testcases import LiveServerThread

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs Chromium at /usr/bin/chromium for the browser tests.")
        pytest.skip("Chromium is not installed (apt-get install -y chromium).")
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls
    # happen in another thread, but Django checks the calling thread for a running loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_url(django_db_setup, django_db_blocker):
    """The site served over HTTP as in production: static files come from the collected, hashed
    files through whitenoise in front of Django (kiss_visit/http/static_files.py), not from
    Django's development static handler (which cannot find hashed names). The server thread
    reaches the test database like any other client."""
    from kiss_visit.http.static_files import StaticFiles

    with django_db_blocker.unblock():
        server = LiveServerThread("localhost", static_handler=StaticFiles)
        server.daemon = True
        server.start()
        server.is_ready.wait()
    if server.error:
        raise server.error
    yield f"http://localhost:{server.port}"
    server.terminate()


@pytest.fixture
def visitor(browser, site_url):
    """A browser tab of a French-speaking visitor, recording what the page asks for and gets."""
    context = browser.new_context(locale="fr-FR")
    tab = context.new_page()
    tab.requested, tab.failed = [], []
    tab.on("request", lambda request: tab.requested.append(request.url))
    tab.on(
        "response",
        lambda response: (
            response.status >= 400 and tab.failed.append((response.status, response.url))
        ),
    )
    tab.base_url = site_url
    yield tab
    context.close()


# Organisers at work: an account, a tab signed in through the login form ---------------------


def organiser_account(username: str, password: str):
    """Staff in the Organisers group (not superuser), made once per test."""
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    call_command("setup_organisers", stdout=None)
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username, f"{username}@example.org", password, is_staff=True
        )
        user.groups.add(Group.objects.get(name="Organisers"))
    return user


def signed_in_tab(browser, site_url, username: str, password: str, **context_options):
    """A new English tab signed in through the admin's login form; `tab.requested` lists every
    address the tab asks for. Returns (context, tab): close the context when done."""
    context = browser.new_context(locale="en-GB", **context_options)
    tab = context.new_page()
    tab.requested = []
    tab.on("request", lambda request: tab.requested.append(request.url))
    tab.goto(site_url + "/en/admin/login/")
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(password)
    press(tab, tab.get_by_role("button", name="Log in"))
    tab.base_url = site_url
    return context, tab


def press(tab, button):
    """Click a button that sends a form, and wait for the page it leads to."""
    with tab.expect_navigation():
        button.click()


@pytest.fixture
def organiser_tab(browser, site_url, seed_programme):
    """A 1280 px wide tab, signed in through the login form as an organiser."""
    organiser_account("orga", "orga-pass-8")
    viewport = {"width": 1280, "height": 900}
    context, tab = signed_in_tab(browser, site_url, "orga", "orga-pass-8", viewport=viewport)
    yield tab
    context.close()


# The check-in pages' tests: a visit of the programme with two people signed up.
@pytest.fixture
def o_pluriel(seed_programme):
    from programme.models import Session
    from tests.factories import sign_up

    session = Session.objects.get(slug="visite-o-pluriel")
    sign_up(session, first_name="Ignacio", last_name="Núñez", email="ignacio@example.org")
    sign_up(session, first_name="Zoé", last_name="Bernard", email="zoe@example.org")
    return session
