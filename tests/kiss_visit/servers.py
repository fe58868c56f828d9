"""The site served for real (gunicorn with the shipped gunicorn.conf.py, or runserver) on a free
port, against the test database, with what it logs for each request: raw requests (any headers,
any body) for the tests of what the server writes in its log. tests/servers.py has the servers
with a database of their own and a browser-like visitor."""

import http.client
import itertools
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote

from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection

from tests.servers import free_port

# What gunicorn's access log says of a request (its default access_log_format).
ACCESS_LINE = re.compile(
    r'"(?P<request>[A-Z]+ \S+ HTTP/1\.1)" (?P<status>\d{3}) \S+ "(?P<referer>[^"]*)"'
)
STARTUP_SECONDS = 60  # two cores shared with other test runs: Django can be slow to boot


def test_database_url() -> str:
    """The database the tests run on, for another process: committed rows only (the tests
    using a server need `transactional_db`)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = ":".join(quote(part, safe="") for part in (db["USER"], db["PASSWORD"]) if part)
    return f"postgres://{user}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def production_environment(**extra) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "DJANGO_DEBUG": "false",
        # The test process's own key, so that the sessions it opens are valid over there.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "false",
        "KISS_RATE_LIMIT": "10000/m",
        # Not printed into the log it shares stdout with (the console backend is the default).
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    text: str
    log: list[str]  # what the server logged while answering, its access line last (if any)

    @property
    def page(self) -> BeautifulSoup:
        return BeautifulSoup(self.text, "html.parser")

    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return {name: morsel.value for name, morsel in jar.items()}


class Server:
    """A server process writing both its logs to one file; requests are told apart in it by a
    User-Agent of their own, which the access line shows."""

    def __init__(self, command, environment, log_path: Path, port: int):
        self.port = port
        self.log_path = log_path
        self.numbers = itertools.count()
        with open(log_path, "wb") as output:
            self.process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self.wait_until_listening()

    def wait_until_listening(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"The server did not start:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)

    def request(self, method, path, *, body=b"", headers=None, cookies=None, logged=None):
        """Send a request, wait for the server to log it (its access line, which shows the
        User-Agent, or the line holding `logged`); the reply and the lines logged meanwhile."""
        marker = f"kiss-test-{next(self.numbers)}"
        headers = {"User-Agent": marker, **(headers or {})}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        start = self.log_path.stat().st_size
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        client.request(method, path, body=body, headers=headers)
        response = client.getresponse()
        text = response.read().decode("utf-8", "replace")
        client.close()
        log = self.log_since(start, until=logged or marker)
        return Reply(response.status, response.headers, text, log)

    def log_since(self, start: int, until: str) -> list[str]:
        """The lines logged from `start`, up to the one holding `until` (waiting for it: the
        access line is written after the response has gone)."""
        deadline = time.monotonic() + 30
        while True:
            with open(self.log_path, "rb") as log:
                log.seek(start)
                lines = log.read().decode("utf-8", "replace").splitlines()
            ends = [n for n, line in enumerate(lines) if until in line]
            if ends or time.monotonic() > deadline:
                return lines[: ends[0] + 1] if ends else lines
            time.sleep(0.05)


def gunicorn(log_path: Path, **environment) -> Server:
    """gunicorn as shipped (gunicorn.conf.py), one worker, on a free port."""
    command = [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py"]
    # Not the machine-wide control socket: other gunicorns may run on this machine.
    command.append("--no-control-socket")
    port = free_port()
    bind = {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"}
    return Server(command, production_environment(**bind, **environment), log_path, port)


def runserver(log_path: Path) -> Server:
    """Django's development server, as `make run` starts it (DEBUG on)."""
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    environment = {**os.environ, "DATABASE_URL": test_database_url(), "PYTHONUNBUFFERED": "1"}
    return Server(command, environment, log_path, port)
