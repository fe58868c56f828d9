"""Benchmark (not a test): the site under load as in production, and pretix beside it.

Starts the site with gunicorn (gunicorn.conf.py, 5 workers) and production settings on a fresh
PostgreSQL database holding the committed programme, then measures, 10 connections at a time:
- with wrk, each page: the smallest (privacy), the programme in French and in English, a
  session's page, the registration form;
- with a small HTTP client (bench/load.py), the registration round trip: the form, the post, the
  confirmation page, each time by a new visitor signing up for a session (rounds spread over all
  sessions; once full, people join the waiting lists);
and for each: requests (or rounds) per second, median and 99th percentile latency, errors, and
the server's CPU per request from /proc (gunicorn's master and workers, before and after), then
each page's CPU as a multiple of the smallest page's.

Then, unless --no-pretix, the same for pretix 2026.8 on the same machine (bench/pretix_shop.py): its
event page with the same 25 sessions, and an order. pretix is installed on first use into
var/pretix-venv (outside our code, never committed).

Usage: .venv/bin/python bench/site_under_load.py [--seconds 10] [--no-pretix]
       [--postgres postgres://postgres@127.0.0.1:5432]  (a server where databases can be made)
Needs wrk (apt-get install -y wrk) and PostgreSQL. Takes about 3 minutes (plus pretix's install
and migrations the first time).
"""

import argparse
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg2  # noqa: E402

from bench import pretix_shop as pretix  # noqa: E402
from bench.load import Browser, Figures, form_token, round_trips, wrk  # noqa: E402

WORKERS = 5
VISIT = "/{}/saint-etienne-2018"
PAGES = {
    "privacy (smallest)": "/fr/privacy/",
    "programme FR": VISIT.format("fr") + "/programme/",
    "programme EN": VISIT.format("en") + "/programme/",
    "session": VISIT.format("fr") + "/sessions/panorama-ess/",
    "registration form": VISIT.format("fr") + "/register/",
}
REGISTER = PAGES["registration form"]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database(server: str, name: str) -> str:
    connection = psycopg2.connect(f"{server}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return f"{server}/{name}"


def site_environment(database_url: str, var_dir: str, port: int) -> dict:
    ours = ("DJANGO_", "KISS_", "GUNICORN_", "DATABASE_URL", "REDIS_URL")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    return {
        **environment,
        "DJANGO_SETTINGS_MODULE": "kiss_visit.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",  # plain HTTP on loopback, as README's local trial
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_VAR_DIR": var_dir,
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        # Every round comes from 127.0.0.1: the posting limit would otherwise stop them.
        "KISS_RATE_LIMIT": "1000000/m",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(WORKERS),
    }


@contextmanager
def server(command: list[str], *, cwd, environment: dict, ready_url: str, log: Path):
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(ready_url, timeout=30) as answer:
                    if answer.status == 200:
                        break
            except OSError as error:
                if time.monotonic() > deadline or process.poll() is not None:
                    problem = f"{command[0]} did not start:\n{log.read_text()[-3000:]}"
                    raise RuntimeError(problem) from error
                time.sleep(0.5)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def warm_up(base_url: str, paths, seconds: int = 3) -> None:
    """Every worker compiles its templates and caches the pages before anything is measured."""
    for path in paths:
        command = ["wrk", "-t1", "-c10", f"-d{seconds}s", "--timeout=30s", base_url + path]
        subprocess.run(command, capture_output=True)


def sign_up(sessions: list[str]):
    def one_round(browser: Browser, n: int) -> bool:
        status, _, page = browser.request("GET", REGISTER)
        data = {
            "first_name": "Camille",
            "last_name": f"Bench{n}",
            "email": f"bench{n}@example.org",
            "country": "FR",
            "sessions": sessions[n % len(sessions)],
            "join_waiting_list": "on",
            "consent": "on",
            "csrfmiddlewaretoken": form_token(page),
        }
        status, path, page = browser.request("POST", REGISTER, data)
        return status == 200 and path.endswith("/register/received/")

    return one_round


def measure_our_site(options, directory: Path) -> list[Figures]:
    port = free_port()
    database = fresh_database(options.postgres, "kiss_bench")
    environment = site_environment(database, str(directory / "var"), port)
    (directory / "var").mkdir()
    for command in (["migrate"], ["load_programme"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"],
            cwd=ROOT,
            env=environment,
            check=True,
        )
    base = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"]
    log = directory / "site.log"
    with server(
        [*command, "--no-control-socket"],
        cwd=ROOT,
        environment=environment,
        ready_url=base + "/healthz",
        log=log,
    ) as process:
        warm_up(base, PAGES.values())
        figures = [
            wrk(name, base + path, process.pid, seconds=options.seconds)
            for name, path in PAGES.items()
        ]
        form = urllib.request.urlopen(base + REGISTER).read().decode()
        sessions = re.findall(r'name="sessions" value="(\d+)"', form)
        figures.append(
            round_trips(
                "registration round trip",
                base,
                process.pid,
                sign_up(sessions),
                seconds=options.seconds,
            )
        )
    return figures


def measure_pretix(options, directory: Path) -> list[Figures]:
    from aiosmtpd.controller import Controller

    class Discard:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    venv = Path(options.pretix_venv)
    pretix.install(venv)
    port, mail = free_port(), Controller(Discard(), hostname="127.0.0.1", port=free_port())
    parts = re.match(r"postgres(?:ql)?://([^:@/]+)(?::([^@/]*))?@([^:/]+):?(\d*)", options.postgres)
    user, password, host, db_port = parts.groups()
    name = "kiss_bench_pretix"
    pretix.ensure_database(f"{options.postgres}/postgres", name)
    database = {
        "name": name,
        "user": user,
        "password": password or "",
        "host": host,
        "port": db_port or "5432",
    }
    config = pretix.configuration(directory / "pretix", database, port=port, mail_port=mail.port)
    items = pretix.prepare(venv, config, directory / "pretix")
    environment = {"PRETIX_CONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"}
    base = f"http://127.0.0.1:{port}"
    mail.start()
    try:
        with server(
            [*pretix.gunicorn_command(venv, port=port, workers=WORKERS), "--access-logfile=-"],
            cwd=directory / "pretix",
            environment=environment,
            ready_url=base + pretix.EVENT,
            log=directory / "pretix.log",
        ) as process:
            warm_up(base, [pretix.EVENT], seconds=15)  # pretix's workers start slowly
            return [
                wrk("pretix event page", base + pretix.EVENT, process.pid, seconds=options.seconds),
                round_trips(
                    "pretix order", base, process.pid, pretix.order(items), seconds=options.seconds
                ),
            ]
    finally:
        mail.stop()


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    return f"{cpu.group(1) if cpu else platform.processor()}, {os.cpu_count()} cores"


def print_table(figures: list[Figures]) -> None:
    smallest = figures[0].cpu_ms
    print(
        f"{'':<28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'CPU ms':>9}"
        f"{'× smallest':>12}"
    )
    for row in figures:
        name = row.name
        if row.requests_per_round > 1:
            name = f"{name} ({row.requests_per_round} req.)"
        print(
            f"{name:<28}{row.per_second:>9.1f}{row.p50_ms:>9.1f}{row.p99_ms:>9.1f}"
            f"{row.errors:>8}{row.cpu_ms:>9.2f}{row.cpu_ms / smallest:>11.1f}×"
        )
    print("(round trips: rounds per second; latency, errors and CPU per round)")


def print_comparison(ours: dict, theirs: dict) -> None:
    programme, event = ours["programme FR"], theirs["pretix event page"]
    trip, order = ours["registration round trip"], theirs["pretix order"]
    if not event.requests or not order.requests:
        print("\npretix answered nothing in time: no comparison.")
        return
    print("\nAgainst pretix on this machine:")
    print(
        f"  programme page vs event page: {programme.per_second / event.per_second:.1f}× the "
        f"requests/s, {event.cpu_ms / programme.cpu_ms:.1f}× less CPU per request"
    )
    print(
        f"  registration round trip vs order: {order.p50_ms / trip.p50_ms:.1f}× faster (median "
        f"{trip.p50_ms:.0f} vs {order.p50_ms:.0f} ms), {trip.per_second / order.per_second:.1f}× "
        f"the rounds/s, {order.cpu_ms / trip.cpu_ms:.1f}× less CPU per round"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="per measurement (10)")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--no-pretix", action="store_true", help="measure our site only")
    parser.add_argument("--pretix-venv", default=str(ROOT / "var" / "pretix-venv"))
    options = parser.parse_args()
    print(
        f"Machine: {machine()}; gunicorn {WORKERS} workers, PostgreSQL, 10 connections, "
        f"{options.seconds} s a measurement",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="kiss-bench-") as directory:
        ours = measure_our_site(options, Path(directory))
        print_table(ours)
        if options.no_pretix:
            return
        theirs = measure_pretix(options, Path(directory))
        print("\npretix 2026.8 (same machine, same run):")
        print_table([ours[0], *theirs])
        print_comparison({f.name: f for f in ours}, {f.name: f for f in theirs})
        for row in ours + theirs:
            for note in row.notes:
                print("Note:", note)


if __name__ == "__main__":
    main()
