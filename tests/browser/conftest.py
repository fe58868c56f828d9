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
    files through whitenoise, not from Django's development static handler (which cannot find
    hashed names). The server thread reaches the test database like any other client."""
    with django_db_blocker.unblock():
        server = LiveServerThread("localhost", static_handler=lambda application: application)
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
