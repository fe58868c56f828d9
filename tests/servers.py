"""Real servers for the tests that need them: the site under gunicorn, a PostgreSQL of the test's
own (which it may stop and start), and a visitor that talks HTTP to them with cookies.

Every process is started in its own process group and ended by its id when the `with` block
ends, failure or not; every temporary directory is removed.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

# The site as in production (DEBUG off), over plain HTTP on 127.0.0.1, e-mails to the console,
# and a posting limit that many sign-ups from one address do not reach.
PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "kiss_visit.settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "test-only-" + "s" * 50,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_HTTPS": "false",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    "KISS_RATE_LIMIT": "1000/m",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_environment(database_url: str, **extra) -> dict:
    """This process's environment, minus what points at shared services, plus production's."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return {**environment, **PRODUCTION_ENVIRONMENT, "DATABASE_URL": database_url, **extra}


def run(command: list[str], **options) -> None:
    """Runs a command to completion; if it fails, the error shows what it printed."""
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, **options)
    if result.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")


def manage(*arguments, environment: dict) -> None:
    run([PYTHON, "manage.py", *arguments, "--verbosity", "0"], cwd=ROOT, env=environment)


def end_process_group(process: subprocess.Popen, *, grace: float = 10) -> None:
    """SIGTERM to the group we started (gunicorn's master and workers), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class Gunicorn:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def gunicorn(environment: dict, *, workers: int, log_dir: Path):
    """The site served by gunicorn with its production config (gunicorn.conf.py); yields once
    /healthz answers 200."""
    port = free_port()
    environment = {
        **environment,
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    log_path = log_dir / "gunicorn.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            # No control socket: its default path is shared by every gunicorn of the user.
            [GUNICORN, "-c", "gunicorn.conf.py", "--no-control-socket"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Gunicorn(url=f"http://127.0.0.1:{port}", process=process, log_path=log_path)
    try:
        wait_until_healthy(server)
        yield server
    finally:
        end_process_group(process)


def wait_until_healthy(server: Gunicorn, *, within: float = 30) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{server.log()[-3000:]}")
        try:
            if Visitor(server.url).get("/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {within} s:\n{server.log()[-3000:]}")


def postgres_bin_dir() -> Path | None:
    """Where PostgreSQL's server programs are: the newest installed the Debian way, else the
    ones on the PATH, if any."""
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name)
    )
    on_path = shutil.which("pg_ctl")
    if debian:
        return debian[-1].parent
    return Path(on_path).resolve().parent if on_path else None


class PrivatePostgres:
    """A PostgreSQL cluster in a temporary directory, on a free port, with its unix socket in that
    directory too: nothing shared with the machine's own server. Root cannot run PostgreSQL, so
    as root its commands run as the `postgres` user."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="kiss-pg-"))
        self.data = self.directory / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/kiss"

    def run(self, program: str, *arguments: str) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        run([*as_postgres, str(self.bin_dir / program), *arguments])

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "kiss")

    def start(self) -> None:
        # fsync off: a test cluster need not survive a power cut; a clean stop loses nothing.
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.directory / "postgres.log")
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with suppress(RuntimeError):
                self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)


@contextmanager
def private_postgres(bin_dir: Path):
    server = PrivatePostgres(bin_dir)
    try:
        server.create()
        yield server
    finally:
        server.remove()


@dataclass
class Reply:
    status: int
    headers: dict
    text: str

    @property
    def page(self) -> BeautifulSoup:
        return BeautifulSoup(self.text, "html.parser")

    def h1(self) -> str:
        return " ".join(self.page.h1.get_text(" ").split())

    def form_token(self) -> str:
        return self.page.select_one("input[name=csrfmiddlewaretoken]")["value"]


class Visitor:
    """One browser: keeps its cookies, follows redirects, and sends forms with their CSRF token."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, path: str, data: dict | None = None) -> Reply:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=60) as response:
                return Reply(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, dict(error.headers), error.read().decode())

    def get(self, path: str) -> Reply:
        return self.request(path)

    def post(self, path: str, data: dict, *, token: str) -> Reply:
        """`token`: the form's CSRF token, from the page that showed it (Reply.form_token)."""
        return self.request(path, {**data, "csrfmiddlewaretoken": token})


def at_once(tasks: list) -> list:
    """Runs each task in its own thread, all released together; returns their results in order
    (an exception is returned, not raised, so that the test can count them)."""
    barrier = threading.Barrier(len(tasks))
    results = [None] * len(tasks)

    def run(index, task):
        barrier.wait()
        try:
            results[index] = task()
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=item) for item in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
