"""The visitor's address behind a reverse proxy: X-Forwarded-For is believed only from the
proxies named in KISS_TRUSTED_PROXIES, so that nobody escapes the posting limit or the sign-in
lockout by sending a new address with each request."""

import datetime
import runpy
import time

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kiss_visit.http.proxies import client_address
from tests.factories import DayFactory
from tests.kiss_visit import servers
from tests.servers import ROOT, Visitor

PROXY = "192.0.2.10"


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        # Straight from the visitor: the header is theirs to choose.
        ("198.51.100.7", "203.0.113.9", [PROXY], "198.51.100.7"),
        ("198.51.100.7", "203.0.113.9", [], "198.51.100.7"),
        # Through the proxy: the address it appended, whatever the visitor put before it.
        (PROXY, "1.2.3.4, 203.0.113.9", [PROXY], "203.0.113.9"),
        (PROXY, "203.0.113.9", ["192.0.2.0/24"], "203.0.113.9"),
        # Two proxies of ours in a row: the first address neither of them is.
        (PROXY, "1.2.3.4, 203.0.113.9, 192.0.2.11", ["192.0.2.0/24"], "203.0.113.9"),
        # A proxy of ours that appended nothing usable: its own address, not the visitor's junk.
        (PROXY, "", [PROXY], PROXY),
        (PROXY, "203.0.113.9, not-an-address", [PROXY], PROXY),
    ],
)
def test_client_address_believes_x_forwarded_for_only_from_a_trusted_proxy(
    rf, settings, peer, forwarded, trusted, expected
):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = trusted
    request = rf.post("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


@pytest.mark.django_db
def test_sign_in_with_a_new_forwarded_address_each_time_is_locked_all_the_same(settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = [PROXY]
    User.objects.create_user("camille", "camille@example.org", "right pass phrase", is_staff=True)
    visitor = Client(REMOTE_ADDR="198.51.100.7")  # not through the proxy
    statuses = [
        visitor.post(
            "/fr/admin/login/",
            {"username": "camille", "password": password, "next": "/fr/admin/"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n, password in enumerate([*(f"wrong {n}" for n in range(5)), "right pass phrase"])
    ]

    assert statuses == [200] * 4 + [429, 429]


def wait_for_a_fresh_minute() -> None:
    """The posting limit counts per calendar minute: start early in one."""
    second = datetime.datetime.now(tz=datetime.UTC).second
    if second > 40:
        time.sleep(61 - second)


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_lost_link_posts_with_a_new_forwarded_address_each_stop_at_the_limit(tmp_path):
    DayFactory(visit__slug="saint-etienne-2018")
    site = servers.gunicorn(
        tmp_path / "gunicorn.log",
        KISS_BEHIND_PROXY="true",
        KISS_TRUSTED_PROXIES=PROXY,
        KISS_RATE_LIMIT="10/m",
    )
    try:
        visitor = Visitor(f"http://127.0.0.1:{site.port}")
        token = visitor.get("/fr/saint-etienne-2018/lost-link/").form_token()
        wait_for_a_fresh_minute()
        statuses = []
        for n in range(30):
            visitor.opener.addheaders = [("X-Forwarded-For", f"203.0.113.{n}")]
            reply = visitor.post(
                "/fr/saint-etienne-2018/lost-link/",
                {"email": f"person{n}@example.org"},
                token=token,
            )
            statuses.append(reply.status)
    finally:
        site.stop()

    assert statuses == [200] * 10 + [429] * 20


def test_gunicorn_listens_on_loopback_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("GUNICORN_BIND", raising=False)

    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["bind"] == "127.0.0.1:8000"
