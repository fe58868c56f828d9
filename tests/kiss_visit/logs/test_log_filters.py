"""A participant's private link (/<lang>/<visit>/my-registration/<token>/) is the key to their
registration: it never reaches a log, whoever writes it (gunicorn, Django, the development
server), however it is written (in the path, a query string, a referer, percent-encoded)."""

import datetime
from urllib.parse import quote

import pytest

from kiss_visit.logs.log_filters import mask_private_links
from tests.factories import DayFactory, sign_up, signup_session
from tests.kiss_visit import servers
from tests.kiss_visit.servers import ACCESS_LINE

TOKEN = "Zk3_q-9xYb"
MASKED = "/fr/the-visit/my-registration/[private]/"


@pytest.mark.parametrize(
    ("logged", "masked"),
    [
        (f"/fr/the-visit/my-registration/{TOKEN}/", MASKED),
        (
            f"GET /fr/the-visit/my-registration/{TOKEN}/erase/ HTTP/1.1",
            f"GET {MASKED}erase/ HTTP/1.1",
        ),
        (
            f"https://kiss.example.org/fr/the-visit/MY-REGISTRATION/{TOKEN}",
            "https://kiss.example.org/fr/the-visit/MY-REGISTRATION/[private]",
        ),
        (f"next=%2Ffr%2Fthe-visit%2Fmy-registration%2F{TOKEN}%2F", f"next={MASKED}"),
        (f"next=%252Ffr%252Fthe-visit%252Fmy-registration%252F{TOKEN}%252F", f"next={MASKED}"),
        (f"/fr/the-visit/my%2Dregistration/{TOKEN}/?a=%20", f"{MASKED}?a= "),
        (
            f"/fr/the-visit/my-registration/{TOKEN}?x=1",
            "/fr/the-visit/my-registration/[private]?x=1",
        ),
        ("/fr/the-visit/register/?q=caf%C3%A9", "/fr/the-visit/register/?q=caf%C3%A9"),
        # The secret after a character that is not ASCII: as Django logs it (unicode_escape),
        # percent-encoded, as it came.
        (f"Not Found: /fr/the-visit/my-registration/\\u200b{TOKEN}/", f"Not Found: {MASKED}"),
        (f"Not Found: /fr/the-visit/my-registration/\\xa0{TOKEN}/x", f"Not Found: {MASKED}x"),
        (f"/fr/the-visit/my-registration/\\\\{TOKEN}/", MASKED),
        (f"/fr/the-visit/my-registration/%E2%80%8B{TOKEN}/", MASKED),
        (f"/fr/the-visit/my-registration/\u200b{TOKEN}/", MASKED),
        (f"/fr/the-visit/my-registration/\xa0{TOKEN}/", MASKED),
        # A delegation invitation: whoever reads it joins the delegation.
        (
            f"GET /el/the-visit/invitation/{TOKEN}/ HTTP/1.1",
            "GET /el/the-visit/invitation/[private]/ HTTP/1.1",
        ),
        (
            f"next=%2Fel%2Fthe-visit%2Finvitation%2F{TOKEN}%2F",
            "next=/el/the-visit/invitation/[private]/",
        ),
        (
            f"Not Found: /en/admin/registrations/registration/checkin/person/\\u200b{TOKEN}/",
            "Not Found: /en/admin/registrations/registration/checkin/person/[private]/",
        ),
    ],
)
def test_mask_private_links_hides_the_token_however_the_link_is_written(logged, masked):
    assert mask_private_links(logged) == masked


@pytest.fixture
def participant():
    day = DayFactory(visit__slug="the-visit")
    talk = signup_session(day=day, slug="the-talk", start_time=datetime.time(9, 0))
    return sign_up(talk, email="camille@example.org").participant


@pytest.mark.django_db(transaction=True)
def test_gunicorn_log_never_shows_a_private_link(gunicorn_server, participant):
    link = participant.manage_path()
    wrong = link.replace(participant.manage_token, "not-the-token")
    requests = [
        ("GET", link, {}),
        ("GET", f"{link}agenda.ics", {}),
        ("GET", f"/en{wrong.removeprefix('/fr')}", {}),
        ("GET", f"/fr/the-visit/programme/?from={quote(link, safe='')}", {"Referer": link}),
        (
            "POST",
            f"{link}cancel/",
            {"Content-Type": "application/x-www-form-urlencoded; charset=latin-1"},
        ),
    ]
    start = gunicorn_server.log_path.stat().st_size

    replies = [
        gunicorn_server.request(method, url, headers=headers) for method, url, headers in requests
    ]

    log = gunicorn_server.log_path.read_bytes()[start:].decode()
    lines = [line for reply in replies for line in reply.log]
    assert [reply.status for reply in replies] == [200, 200, 404, 200, 400]
    assert (participant.manage_token in log, "not-the-token" in log) == (False, False)
    assert [ACCESS_LINE.search(line).groups() for line in lines if "kiss-test-" in line] == [
        (f"GET {MASKED} HTTP/1.1", "200", "-"),
        (f"GET {MASKED}agenda.ics HTTP/1.1", "200", "-"),
        ("GET /en/the-visit/my-registration/[private]/ HTTP/1.1", "404", "-"),
        (f"GET /fr/the-visit/programme/?from={MASKED} HTTP/1.1", "200", MASKED),
        (f"POST {MASKED}cancel/ HTTP/1.1", "400", "-"),
    ]
    assert [line for line in lines if "kiss-test-" not in line] == [
        "Not Found: /en/the-visit/my-registration/[private]/",
        "Bad request (HTTP requests with the 'application/x-www-form-urlencoded' content type "
        f"must be UTF-8 encoded.): {MASKED}cancel/",
    ]


@pytest.mark.django_db(transaction=True)
def test_runserver_log_never_shows_a_private_link(participant, tmp_path):
    link = participant.manage_path()
    wrong = link.replace(participant.manage_token, "not-the-token")
    server = servers.runserver(tmp_path / "runserver.log")
    try:
        found = server.request("GET", link, logged='" 200 ')
        not_found = server.request("GET", wrong, logged='" 404 ')
    finally:
        server.stop()

    log = server.log_path.read_text()
    assert (found.status, not_found.status) == (200, 404)
    assert (participant.manage_token in log, "not-the-token" in log) == (False, False)
    assert (request_line(found.log[-1]), not_found.log[-2], request_line(not_found.log[-1])) == (
        f'"GET {MASKED} HTTP/1.1" 200',
        f"Not Found: {MASKED}",
        f'"GET {MASKED} HTTP/1.1" 404',
    )


def request_line(line: str) -> str:
    """'[26/Nov/2026 22:11:28] "GET <path> HTTP/1.1" 200 5432' without the time and the size."""
    return line.split("] ", 1)[1].rsplit(" ", 1)[0]


ZERO_WIDTH_SPACE = "%E2%80%8B"


@pytest.mark.django_db(transaction=True)
def test_gunicorn_log_masks_a_private_link_whose_secret_follows_a_character_not_ascii(
    gunicorn_server, participant, organiser, client
):
    from registrations.domain.checkin_code import checkin_path

    link = participant.manage_path().replace("/fr/", "/en/")
    hidden = link.replace(participant.manage_token, ZERO_WIDTH_SPACE + participant.manage_token)
    code = checkin_path(participant).rsplit("/", 2)[-2]
    checkin = checkin_path(participant).replace(code, ZERO_WIDTH_SPACE + code)
    cookies = {"sessionid": client.cookies["sessionid"].value}  # the organiser's
    start = gunicorn_server.log_path.stat().st_size

    replies = [
        gunicorn_server.request("GET", hidden),
        gunicorn_server.request("GET", checkin, cookies=cookies),
    ]

    log = gunicorn_server.log_path.read_bytes()[start:].decode()
    assert [reply.status for reply in replies] == [404, 404]
    assert (participant.manage_token in log, code in log) == (False, False)
    assert [line for reply in replies for line in reply.log if "kiss-test-" not in line] == [
        "Not Found: /en/the-visit/my-registration/[private]/",
        f"Not Found: {checkin.replace(ZERO_WIDTH_SPACE + code, '[private]')}",
    ]


@pytest.mark.django_db(transaction=True)
def test_runserver_log_masks_a_private_link_whose_secret_follows_a_character_not_ascii(
    participant, tmp_path
):
    link = participant.manage_path().replace("/fr/", "/en/")
    hidden = link.replace(participant.manage_token, ZERO_WIDTH_SPACE + participant.manage_token)
    server = servers.runserver(tmp_path / "runserver.log")
    try:
        not_found = server.request("GET", hidden, logged='" 404 ')
    finally:
        server.stop()

    log = server.log_path.read_text()
    assert (not_found.status, participant.manage_token in log) == (404, False)
    assert not_found.log[-2] == "Not Found: /en/the-visit/my-registration/[private]/"
