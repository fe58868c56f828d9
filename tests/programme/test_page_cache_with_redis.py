"""The page cache in a real Redis, under gunicorn: whatever happens to Redis (stopped during
sign-ups and restarted from its snapshot, frozen), the pages show the places the database holds,
and a frozen Redis does not hold the requests."""

import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from tests.factories import DayFactory, signup_session
from tests.kiss_visit import servers
from tests.servers import Reply, Visitor, free_port

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
REGISTER = "/fr/saint-etienne-2018/register/"


class SnapshotRedis:
    """A redis-server of the test's own that saves its data to a snapshot file, as a real
    one is configured to, and loads it again when restarted."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        command = [
            *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
            *("--save", "60 1", "--appendonly", "no", "--dir", str(self.directory)),
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        for _ in range(300):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def snapshot(self) -> None:
        redis.Redis(port=self.port).save()

    def crash(self) -> None:
        """Gone without saving (as after a power cut): the snapshot is what it last saved."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=30)


@contextmanager
def snapshot_redis():
    if shutil.which("redis-server") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs redis-server.")
        pytest.skip("redis-server is not installed.")
    with tempfile.TemporaryDirectory(prefix="kiss-redis-") as directory:
        server = SnapshotRedis(Path(directory))
        server.start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def session():
    day = DayFactory(visit__slug="saint-etienne-2018")
    return signup_session(
        day=day, slug="petit-dejeuner", capacity=35, capacity_is_provisional=False
    )


@pytest.fixture
def site_with_redis(tmp_path):
    with snapshot_redis() as store:
        site = servers.gunicorn(tmp_path / "gunicorn.log", REDIS_URL=store.url)
        try:
            yield site, store
        finally:
            site.stop()


class ImpatientVisitor(Visitor):
    """A visitor who gives up on an answer after `within` seconds (an error)."""

    def __init__(self, base_url: str, within: float):
        super().__init__(base_url)
        self.within = within

    def request(self, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        with self.opener.open(self.base_url + path, data=body, timeout=self.within) as response:
            return Reply(response.status, dict(response.headers), response.read().decode())


def places_on(site, session, *, within: float = 60) -> str:
    """What the session's page says of its places."""
    visitor = ImpatientVisitor(f"http://127.0.0.1:{site.port}", within)
    page = visitor.get(f"/fr/saint-etienne-2018/sessions/{session.slug}/").page
    return " ".join(page.select_one(".facts .places").get_text(" ").split())


def sign_up_through(site, session, n: int, *, within: float = 60) -> int:
    visitor = ImpatientVisitor(f"http://127.0.0.1:{site.port}", within)
    form = visitor.get(REGISTER)
    answers = {
        "first_name": f"Camille{n}",
        "last_name": "Martin",
        "email": f"person{n}@example.org",
        "country": "FR",
        "sessions": session.pk,
        "consent": "on",
    }
    return visitor.post(REGISTER, answers, token=form.form_token()).status


def test_places_after_sign_ups_while_redis_was_down_and_restarted_from_its_snapshot(
    site_with_redis, session
):
    site, store = site_with_redis
    assert places_on(site, session) == "35 places restantes"
    assert places_on(site, session) == "35 places restantes"  # from Redis
    store.snapshot()
    store.crash()

    statuses = [sign_up_through(site, session, n) for n in range(8)]
    store.start()  # from the snapshot: the page showing 35 places is back in Redis

    assert statuses == [200] * 8
    assert [places_on(site, session) for _ in range(3)] == ["27 places restantes"] * 3


def test_places_after_redis_lost_sign_ups_it_had_seen_are_the_databases(site_with_redis, session):
    site, store = site_with_redis
    store.snapshot()  # before anything is cached
    assert places_on(site, session) == "35 places restantes"
    statuses = [sign_up_through(site, session, n) for n in range(3)]
    assert places_on(site, session) == "32 places restantes"
    store.crash()
    store.start()  # rolled back to before the sign-ups

    assert statuses == [200] * 3
    assert places_on(site, session) == "32 places restantes"


def test_pages_and_sign_ups_answer_at_once_while_redis_is_frozen(site_with_redis, session):
    site, store = site_with_redis
    assert places_on(site, session) == "35 places restantes"
    store.freeze()
    try:
        # A client that gives up after 2 s: before, each request waited for Redis.
        shown = [places_on(site, session, within=2) for _ in range(5)]
        status = sign_up_through(site, session, 1, within=2)
        after = places_on(site, session, within=2)
    finally:
        store.thaw()

    assert (shown, status, after) == (["35 places restantes"] * 5, 200, "34 places restantes")
    assert places_on(site, session) == "34 places restantes"


def test_redis_stopped_then_back_is_logged_once_each_way(
    session, client, settings, monkeypatch, caplog
):
    from programme import page_cache

    # Each request tries Redis again (the breaker waits no time): each sees the outage.
    monkeypatch.setattr(page_cache, "BREAK_SECONDS", 0)
    monkeypatch.setattr(page_cache, "breaker", page_cache.Breaker())
    programme = "/fr/saint-etienne-2018/programme/"
    with snapshot_redis() as store, caplog.at_level("INFO", logger="programme.page_cache"):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": store.url,
            }
        }
        statuses = [client.get(programme).status_code]
        store.crash()
        statuses += [client.get(programme).status_code for _ in range(3)]
        store.start()
        statuses += [client.get(programme).status_code for _ in range(3)]

    assert statuses == [200] * 7
    assert [r.getMessage() for r in caplog.records if r.name == "programme.page_cache"] == [
        "Page cache unavailable: pages are rendered without it until it answers again.",
        "Page cache available again.",
    ]
