"""The check-in pages a phone kept for use without network (service worker) go when the organiser
signs out, or when the session has ended: offline, the page no longer opens, and the phone's
cache storage holds no participant's name. Taps not sent yet stay, and are sent later."""

import json
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as BrowserError
from playwright.sync_api import expect

from registrations.models import Registration
from tests.browser.conftest import press
from tests.browser.test_checkin_offline import SLOW, door_tab

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every response kept in the cache storage, with whether it holds a participant's name.
KEPT = """async () => {
    const kept = [];
    for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
            const text = await (await cache.match(request)).text();
            kept.push([new URL(request.url).pathname, text.includes("Núñez")]);
        }
    }
    return kept;
}"""
WORKERS = "navigator.serviceWorker.getRegistrations().then(workers => workers.length)"
# (The admin keeps its theme there too: the logged-out page writes it again.)
OURS_IN_STORAGE = "Object.keys(localStorage).filter(key => key.startsWith('kiss'))"


def checkin_address(tab, session) -> str:
    return f"{tab.base_url}/en/admin/registrations/registration/checkin/session/{session.pk}/"


def kept_offline(context, tab) -> str:
    """Signs in, opens the page with network, then again without: from the service worker."""
    tab.evaluate("navigator.serviceWorker.ready.then(() => true)")
    tab.reload()
    context.set_offline(True)
    assert tab.reload().from_service_worker is True
    assert names_kept(tab) == [urlsplit(tab.url).path]
    context.set_offline(False)
    return tab.url


def names_kept(tab) -> list[str]:
    return [page for page, named in tab.evaluate(KEPT) if named]


def kept_after_a_while(tab, named_only=False) -> list:
    """What the cache storage holds once the deletions under way are done (or after 5 s)."""
    for _ in range(50):
        kept = [(page, named) for page, named in tab.evaluate(KEPT) if named or not named_only]
        if not kept:
            break
        time.sleep(0.1)
    return kept


def test_signing_out_removes_the_check_in_pages_kept_on_the_phone(browser, site_url, o_pluriel):
    context, tab = door_tab(browser, site_url, o_pluriel, "door")
    address = kept_offline(context, tab)
    tab.reload()
    press(tab, tab.get_by_role("button", name="Log out"))

    assert tab.locator("#content p").first.inner_text() == (
        "Thanks for spending some quality time with the web site today."
    )
    assert (tab.evaluate(KEPT), tab.evaluate(WORKERS), tab.evaluate(OURS_IN_STORAGE)) == ([], 0, [])
    context.set_offline(True)
    with pytest.raises(BrowserError, match="ERR_INTERNET_DISCONNECTED"):
        tab.goto(address)
    context.close()


def test_signing_out_with_taps_unsent_keeps_them_without_the_pages(browser, site_url, o_pluriel):
    context, tab = door_tab(browser, site_url, o_pluriel, "door")
    address = kept_offline(context, tab)
    context.set_offline(True)
    tab.get_by_role("button", name="Present — Zoé Bernard").click()
    context.route("**/taps/", lambda route: route.abort())  # the network is back, but poor
    context.set_offline(False)
    press(tab, tab.get_by_role("button", name="Log out"))

    assert tab.get_by_role("alert").inner_text() == (
        "This phone still keeps 1 check-in tap that was not sent: it holds no name, and is sent "
        "once an organiser signs in here again and opens its session's check-in page."
    )
    assert kept_after_a_while(tab) == []
    zoe = Registration.objects.get(session=o_pluriel, participant__first_name="Zoé")
    taps = json.loads(tab.evaluate(f"localStorage.getItem('kiss-checkin-taps-{o_pluriel.pk}')"))
    assert [(tap["registration"], tap["present"]) for tap in taps] == [(zoe.pk, True)]

    context.unroute("**/taps/")
    tab.goto(site_url + "/en/admin/login/")
    tab.get_by_label("Username").fill("door")
    tab.get_by_label("Password").fill("door-pass-8")
    press(tab, tab.get_by_role("button", name="Log in"))
    tab.goto(address)
    expect(tab.locator(".checkin__pending")).to_be_hidden(timeout=SLOW)
    zoe.refresh_from_db()
    assert zoe.attended is True
    context.close()


def test_session_ended_check_in_page_is_no_longer_kept(browser, site_url, o_pluriel):
    context, tab = door_tab(browser, site_url, o_pluriel, "door")
    address = kept_offline(context, tab)
    context.clear_cookies()  # the session has ended (expired, or signed out elsewhere)
    tab.reload()

    assert (urlsplit(tab.url).path, kept_after_a_while(tab)) == ("/en/admin/login/", [])
    context.set_offline(True)
    with pytest.raises(BrowserError, match="ERR_FAILED"):
        tab.goto(address)
    context.close()


# The check-in page kept as if it had been loaded with network 17 hours ago.
AGED = """async (page) => {
    const cache = await caches.open("kiss-checkin-v2");
    const kept = await cache.match(page);
    const headers = new Headers(kept.headers);
    headers.set("X-Kiss-Kept-At", String(Date.now() - 17 * 3600 * 1000));
    await cache.put(page, new Response(await kept.blob(), { headers: headers }));
}"""


def test_check_in_page_kept_more_than_16_hours_no_longer_opens(browser, site_url, o_pluriel):
    context, tab = door_tab(browser, site_url, o_pluriel, "door")
    address = kept_offline(context, tab)
    tab.evaluate(AGED, address)
    context.set_offline(True)

    with pytest.raises(BrowserError, match="ERR_FAILED"):
        tab.reload()
    context.set_offline(False)
    tab.goto(site_url + "/en/admin/")  # outside the worker's pages: nothing kept again
    assert [page for page, named in kept_after_a_while(tab, named_only=True)] == []
    context.close()
