"""Check-in without network, in Chromium with its network switched off and on (Playwright's
offline emulation): taps kept on the phone and sent when the network is back, two organisers at
the same door who agree once both are back, codes scanned against the list, and the page opened
again without network (service worker)."""

import base64
import io

import pytest
import segno
from django.utils import translation
from playwright.sync_api import expect

from programme.models import Session
from registrations.domain.checkin_code import checkin_url
from registrations.models import Change, Participant, Registration
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, organiser_account, signed_in_tab
from tests.factories import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True}
SLOW = 15000  # ms: a page hears what the others recorded within 10 s


def door_tab(browser, site_url, session, name):
    organiser_account(name, f"{name}-pass-8")
    context, tab = signed_in_tab(browser, site_url, name, f"{name}-pass-8", **PHONE)
    tab.goto(f"{site_url}/en/admin/registrations/registration/checkin/session/{session.pk}/")
    return context, tab


def present_in_database(session) -> dict[str, bool | None]:
    registrations = Registration.objects.filter(session=session).select_related("participant")
    return {r.participant.first_name: r.attended for r in registrations}


def visible_names(tab) -> list[str]:
    rows = tab.locator(".checkin__person:visible .checkin__name").all()
    return [row.evaluate("node => node.firstChild.textContent.trim()") for row in rows]


def row(tab, name):
    return tab.locator(".checkin__person", has_text=name)


def test_taps_made_offline_are_kept_and_sent_when_the_network_is_back(browser, site_url, o_pluriel):
    context, tab = door_tab(browser, site_url, o_pluriel, "door")
    context.set_offline(True)
    tab.get_by_role("button", name="Present — Ignacio Núñez").click()
    tab.get_by_label("Search by name").press_sequentially("zoe")
    tab.get_by_label("Search by name").press("Enter")  # stays on the page, without network
    tab.get_by_role("button", name="Present — Zoé Bernard").click()
    tab.get_by_role("button", name="Undo — Zoé Bernard").click()
    tab.get_by_role("button", name="Present — Zoé Bernard").click()

    assert (
        tab.locator(".checkin__counts").inner_text(),
        tab.locator(".checkin__pending").inner_text(),
        visible_names(tab),
        row(tab, "Zoé").locator(".checkin__state").inner_text(),
    ) == (
        "2 present of 2 expected",
        "Taps kept on this phone, to send when the network is back: 4",
        ["Bernard Zoé"],
        "Present",
    )
    assert present_in_database(o_pluriel) == {"Ignacio": None, "Zoé": None}
    tab.get_by_text("Add a walk-in").click()
    tab.get_by_role("button", name="Sign them up and mark present").click()
    assert tab.locator(".checkin__needs-network").inner_text() == (
        "Adding a walk-in needs the network: try again once it is back."
    )

    context.set_offline(False)
    expect(tab.locator(".checkin__pending")).to_be_hidden(timeout=SLOW)
    assert present_in_database(o_pluriel) == {"Ignacio": True, "Zoé": True}
    assert tab.locator(".checkin__needs-network").count() == 0
    assert Change.objects.filter(action=Change.Action.ATTENDANCE).count() == 4
    tab.reload()
    assert tab.locator(".checkin__counts").inner_text() == "2 present of 2 expected"
    context.close()


def test_two_organisers_offline_at_one_door_agree_once_both_are_back(browser, site_url, o_pluriel):
    first, door = door_tab(browser, site_url, o_pluriel, "door")
    second, gate = door_tab(browser, site_url, o_pluriel, "gate")
    first.set_offline(True)
    second.set_offline(True)
    door.get_by_role("button", name="Present — Zoé Bernard").click()
    gate.get_by_role("button", name="Present — Ignacio Núñez").click()
    gate.get_by_role("button", name="Present — Zoé Bernard").click()
    gate.get_by_role("button", name="Undo — Zoé Bernard").click()  # the last tap on Zoé
    door.get_by_role("button", name="Present — Ignacio Núñez").click()

    second.set_offline(False)
    expect(gate.locator(".checkin__pending")).to_be_hidden(timeout=SLOW)
    first.set_offline(False)
    expect(door.locator(".checkin__pending")).to_be_hidden(timeout=SLOW)

    # Zoé: the gate's Undo was made after the door's Present; Ignacio: both said present.
    assert present_in_database(o_pluriel) == {"Ignacio": True, "Zoé": None}
    for tab in (door, gate):
        expect(row(tab, "Zoé").locator(".checkin__mark")).to_be_visible(timeout=SLOW)
        expect(tab.locator(".checkin__counts")).to_have_text("1 present of 2 expected")
    first.close()
    second.close()


def qr_png(text: str) -> str:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=6, border=4)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def scan(tab, text: str) -> str:
    """The code drawn as an image and given to the page's reader, as the camera's would be."""
    tab.evaluate(
        """async (source) => {
            const image = new Image();
            image.src = source;
            await image.decode();
            document.querySelector(".checkin__scan").readPicture(image);
        }""",
        qr_png(text),
    )
    return tab.locator(".checkin__scanned").inner_text()


def test_codes_scanned_offline_mark_the_expected_and_name_the_unexpected(
    browser, site_url, o_pluriel
):
    elsewhere = Session.objects.filter(is_open_for_signup=True).exclude(pk=o_pluriel.pk).first()
    sign_up(elsewhere, first_name="Eleni", last_name="Papadaki", email="eleni@example.org")
    stranger = Participant.objects.get(email="eleni@example.org")
    zoe = Registration.objects.get(session=o_pluriel, participant__first_name="Zoé").participant
    with translation.override("fr"):
        zoe_code, stranger_code = checkin_url(zoe), checkin_url(stranger)
    context, tab = door_tab(browser, site_url, o_pluriel, "door")
    context.set_offline(True)

    assert [
        scan(tab, zoe_code),
        row(tab, "Zoé").locator(".checkin__state").inner_text(),
        scan(tab, zoe_code),
        scan(tab, stranger_code),
        scan(tab, "https://example.org/"),
    ] == [
        "Bernard Zoé: present.",
        "Present",
        "Bernard Zoé was already present.",
        "This person is not expected at this session.",
        "This is not a check-in code.",
    ]
    context.set_offline(False)
    expect(tab.locator(".checkin__pending")).to_be_hidden(timeout=SLOW)
    assert present_in_database(o_pluriel) == {"Ignacio": None, "Zoé": True}
    context.close()


def test_check_in_page_opens_again_without_network(browser, site_url, o_pluriel):
    context, tab = door_tab(browser, site_url, o_pluriel, "door")
    tab.evaluate("navigator.serviceWorker.ready.then(() => true)")
    tab.reload()  # now through the service worker, which keeps the page and its files
    assert tab.evaluate("navigator.serviceWorker.controller !== null") is True
    context.set_offline(True)
    assert tab.reload().from_service_worker is True
    tab.get_by_role("button", name="Present — Ignacio Núñez").click()

    assert (
        tab.locator(".checkin__counts").inner_text(),
        tab.locator(".checkin__pending").inner_text(),
        tab.evaluate("getComputedStyle(document.querySelector('.checkin__people')).listStyleType"),
    ) == (
        "1 present of 2 expected",
        "Taps kept on this phone, to send when the network is back: 1",
        "none",
    )
    context.set_offline(False)
    expect(tab.locator(".checkin__pending")).to_be_hidden(timeout=SLOW)
    assert present_in_database(o_pluriel) == {"Ignacio": True, "Zoé": None}
    context.close()


def camera_film(text: str, path) -> None:
    """A still film (YUV4MPEG2, 640 x 480, grey) of the QR code of `text`, for Chromium's fake
    camera."""
    width, height, scale = 640, 480, 8
    matrix = [list(row) for row in segno.make(text, error="m").matrix]
    size = len(matrix) * scale
    left, top = (width - size) // 2, (height - size) // 2
    luma = bytearray([235]) * (width * height)
    for y, modules in enumerate(matrix):
        for x, dark in enumerate(modules):
            if dark:
                for line in range(top + y * scale, top + (y + 1) * scale):
                    start = line * width + left + x * scale
                    luma[start : start + scale] = bytes([16]) * scale
    chroma = bytes([128]) * (width * height // 2)
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + b"FRAME\n" + bytes(luma) + chroma)


def test_code_held_to_the_camera_marks_the_person_present(browser, site_url, o_pluriel, tmp_path):
    zoe = Participant.objects.get(email="zoe@example.org")
    with translation.override("fr"):
        camera_film(checkin_url(zoe), tmp_path / "code.y4m")
    camera = [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={tmp_path / 'code.y4m'}",
    ]
    with_camera = browser.browser_type.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS + camera
    )
    try:
        context, tab = door_tab(with_camera, site_url, o_pluriel, "door")
        context.grant_permissions(["camera"])
        tab.get_by_role("button", name="Scan a check-in code").click()
        expect(tab.locator(".checkin__scanned")).to_have_text("Bernard Zoé: present.", timeout=SLOW)
        tab.get_by_role("button", name="Stop scanning").click()
        expect(tab.locator(".checkin__pending")).to_be_hidden(timeout=SLOW)
        assert present_in_database(o_pluriel) == {"Ignacio": None, "Zoé": True}
    finally:
        with_camera.close()


def test_taps_kept_while_signed_out_are_sent_once_signed_in_again(browser, site_url, o_pluriel):
    context, tab = door_tab(browser, site_url, o_pluriel, "door")
    context.set_offline(True)
    tab.get_by_role("button", name="Present — Zoé Bernard").click()
    context.clear_cookies()  # signed out, as after a long day without network
    context.set_offline(False)
    expect(tab.locator(".checkin__pending-sign-in")).to_be_visible(timeout=SLOW)
    assert tab.locator(".checkin__pending").inner_text() == (
        "Taps kept on this phone, to send when the network is back: 1 "
        "Sign in again, in another tab, to send them."
    )
    assert present_in_database(o_pluriel) == {"Ignacio": None, "Zoé": None}

    other = context.new_page()
    other.goto(site_url + "/en/admin/login/")
    other.get_by_label("Username").fill("door")
    other.get_by_label("Password").fill("door-pass-8")
    other.get_by_role("button", name="Log in").click()
    other.wait_for_url(site_url + "/en/admin/")
    expect(tab.locator(".checkin__pending")).to_be_hidden(timeout=SLOW)
    assert present_in_database(o_pluriel) == {"Ignacio": None, "Zoé": True}
    context.close()
