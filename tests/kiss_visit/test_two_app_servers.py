"""Two app servers behind one address, as docs/deployment.md ("Deploying") describes for more
load: two gunicorn instances on two ports sharing one PostgreSQL and one Redis. Places, the
posting limit, the sign-in lockout and the cached pages hold across both.

The servers run behind a (pretend) reverse proxy: each visitor's address is the X-Forwarded-For
header it sends, as nginx would append it.
"""

import datetime
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import psycopg2
import pytest

from tests.servers import (
    Visitor,
    at_once,
    free_port,
    gunicorn,
    manage,
    postgres_bin_dir,
    private_postgres,
    site_environment,
)

pytestmark = pytest.mark.slow

REGISTER = "/fr/saint-etienne-2018/register/"
PROGRAMME = "/fr/saint-etienne-2018/programme/"
LOGIN = "/fr/admin/login/"
RACED_SESSION = "ess-quartier-cret-de-roc"
SIGN_UPS = 200


@contextmanager
def private_redis():
    """A Redis of the test's own: no file, on a free port, ended with the test."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="kiss-redis-") as directory:
        process = subprocess.Popen(
            [
                *("redis-server", "--port", str(port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", directory),
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_for_port(port)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=30)


def wait_for_port(port: int, *, within: float = 30) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port} after {within} s")


class ProxiedVisitor(Visitor):
    """A visitor whose requests reach the site through the proxy, from `address`."""

    def __init__(self, base_url: str, address: str):
        super().__init__(base_url)
        self.opener.addheaders = [("X-Forwarded-For", address)]


@pytest.fixture(scope="module")
def two_servers():
    if shutil.which("redis-server") is None or postgres_bin_dir() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs redis-server and PostgreSQL's server programs.")
        pytest.skip("redis-server or PostgreSQL's server programs are not installed.")
    with ExitStack() as stack:
        postgres = stack.enter_context(private_postgres(postgres_bin_dir()))
        redis_url = stack.enter_context(private_redis())
        directory = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        environment = site_environment(
            postgres.url,
            REDIS_URL=redis_url,
            KISS_BEHIND_PROXY="true",
            KISS_TRUSTED_PROXIES="127.0.0.1",  # the pretend proxy
            KISS_RATE_LIMIT="10/m",
        )
        manage("migrate", environment=environment)
        manage("load_programme", environment=environment)
        with database(postgres) as cursor:
            cursor.execute(
                "UPDATE programme_session SET capacity = 10, reserved_places = 0 WHERE slug = %s",
                [RACED_SESSION],
            )
        servers = []
        for name in ("a", "b"):
            (directory / name).mkdir()
            servers.append(
                stack.enter_context(gunicorn(environment, workers=2, log_dir=directory / name))
            )
        yield postgres, servers


@contextmanager
def database(postgres):
    connection = psycopg2.connect(postgres.url)
    try:
        with connection, connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def registrations_of(postgres, slug: str) -> dict:
    with database(postgres) as cursor:
        cursor.execute(
            "SELECT r.status, count(*) FROM registrations_registration r "
            "JOIN programme_session s ON s.id = r.session_id WHERE s.slug = %s GROUP BY r.status",
            [slug],
        )
        return dict(cursor.fetchall())


def session_id(postgres, slug: str) -> int:
    with database(postgres) as cursor:
        cursor.execute("SELECT id FROM programme_session WHERE slug = %s", [slug])
        return cursor.fetchone()[0]


def answers(n: int, session: int) -> dict:
    return {
        "first_name": f"Camille{n}",
        "last_name": "Martin",
        "email": f"person{n}@example.org",
        "country": "FR",
        "sessions": session,
        "join_waiting_list": "on",
        "consent": "on",
    }


def sending(visitor, form, data):
    return lambda: visitor.post(REGISTER, data, token=form.form_token())


def test_two_hundred_sign_ups_through_two_servers_for_ten_places_confirm_exactly_ten(
    two_servers,
):
    postgres, servers = two_servers
    session = session_id(postgres, RACED_SESSION)
    # Each from an address of its own (the posting limit is not what is raced here).
    visitors = [ProxiedVisitor(servers[n % 2].url, f"198.51.100.{n + 1}") for n in range(SIGN_UPS)]
    forms = [visitor.get(REGISTER) for visitor in visitors]

    replies = at_once(
        [
            sending(v, form, answers(n, session))
            for n, (v, form) in enumerate(zip(visitors, forms, strict=True))
        ]
    )

    assert sorted({reply.status for reply in replies}) == [200]
    assert registrations_of(postgres, RACED_SESSION) == {"confirmed": 10, "waiting": 190}
    assert [places_on(server, RACED_SESSION) for server in servers] == [
        "Complet · liste d'attente ouverte"
    ] * 2


def places_on(server, slug: str) -> str:
    """Places left of a session, as the server's programme page shows them."""
    page = ProxiedVisitor(server.url, "203.0.113.1").get(PROGRAMME).page
    item = page.select_one(f"a[href$='/sessions/{slug}/']").find_parent("li")
    return " ".join(item.select_one(".session__places").get_text(" ").split())


def wait_for_a_fresh_minute() -> None:
    """The posting limit counts per calendar minute: start early in one."""
    second = datetime.datetime.now(tz=datetime.UTC).second
    if second > 40:
        time.sleep(61 - second)


def test_posting_limit_counts_the_posts_of_one_address_through_both_servers(two_servers):
    postgres, servers = two_servers
    session = session_id(postgres, "panorama-ess")
    visitors = [ProxiedVisitor(servers[n % 2].url, "203.0.113.7") for n in range(30)]
    forms = [visitor.get(REGISTER) for visitor in visitors]  # showing the form counts nothing
    wait_for_a_fresh_minute()

    replies = at_once(
        [
            sending(v, form, answers(1000 + n, session))
            for n, (v, form) in enumerate(zip(visitors, forms, strict=True))
        ]
    )

    # 15 posts through each server: counted apart, each would have accepted 10.
    assert sorted(reply.status for reply in replies) == [200] * 10 + [429] * 20


def test_sign_in_lockout_counts_the_failures_of_one_address_through_both_servers(two_servers):
    _, servers = two_servers
    organisers = [ProxiedVisitor(server.url, "203.0.113.6") for server in servers]
    failures = []
    for n in range(5):
        organiser = organisers[n % 2]
        form = organiser.get(LOGIN)
        failures.append(
            organiser.post(
                LOGIN, {"username": "camille", "password": f"wrong {n}"}, token=form.form_token()
            ).status
        )

    form = organisers[1].get(LOGIN)
    locked = organisers[1].post(
        LOGIN, {"username": "camille", "password": "x"}, token=form.form_token()
    )

    # The fifth failure (three through one server, two through the other) locks.
    assert failures == [200] * 4 + [429]
    heading = locked.page.select_one("#content h1").get_text(strip=True)
    assert (locked.status, heading) == (429, "Trop de tentatives de connexion échouées")
