"""Benchmark (not a test): the site under load as in production, and pretix beside it.

Starts the site with gunicorn (gunicorn.conf.py, 5 workers) and production settings on a fresh
PostgreSQL database holding the committed programme and, unless --no-pretix, pretix 2026.8 on
the same machine (bench/pretix_shop.py: a fresh event with what ours has, a product per session
and a quota of its capacity for each one open for sign-up; installed on first use into
var/pretix-venv, outside our code, never committed). Both run at once; then, in rounds, A
(our site) then B (pretix), A, B..., 10 connections at a time:
- A, with wrk, each page: the smallest (privacy), the programme in French and in English, a
  session's page, the registration form; then, with a small HTTP client (bench/load.py), the
  registration round trip: the form, the post, the confirmation page, each time by a new visitor
  signing up for 3 sessions (spread over all sessions; once full, people join waiting lists);
- B, pretix's event page, then an order of 3 products (bench/pretix_shop.py).
For each: requests (or rounds) per second, median and 99th percentile latency, errors, and the
server's CPU per request from /proc (gunicorn's master and workers, before and after). Printed:
the median over the rounds of each figure (errors: the sum), each page's CPU as a multiple of
the smallest page's, the comparison with pretix (median, and lowest and highest round), the
date, the machine and its load average before and after.

Usage: .venv/bin/python bench/site_under_load.py [--seconds 10] [--rounds 3] [--no-pretix]
       [--postgres postgres://postgres@127.0.0.1:5432]  (a server where databases can be made)
Needs wrk (apt-get install -y wrk) and PostgreSQL. Takes about 1.5 minutes a round, plus a minute
to start (plus pretix's install and migrations the first time).
"""

import argparse
import datetime
import os
import platform
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg2  # noqa: E402

from bench import pretix_shop as pretix  # noqa: E402
from bench.load import Browser, Figures, form_token, round_trips, wrk  # noqa: E402

WORKERS = 5
SESSIONS_PER_ROUND = 3  # in a sign-up and in a pretix order
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
            "sessions": [sessions[(n + k) % len(sessions)] for k in range(SESSIONS_PER_ROUND)],
            "join_waiting_list": "on",
            "consent": "on",
            "csrfmiddlewaretoken": form_token(page),
        }
        status, path, page = browser.request("POST", REGISTER, data)
        return status == 200 and path.endswith("/register/received/")

    return one_round


def start_our_site(options, directory: Path, stack: ExitStack):
    """Our site under gunicorn; its measurements of one round."""
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
    process = stack.enter_context(
        server(
            [*command, "--no-control-socket"],
            cwd=ROOT,
            environment=environment,
            ready_url=base + "/healthz",
            log=directory / "site.log",
        )
    )
    warm_up(base, PAGES.values())
    form = urllib.request.urlopen(base + REGISTER).read().decode()
    sessions = re.findall(r'name="sessions" value="(\d+)"', form)

    def one_round(seconds: int) -> list[Figures]:
        pages = [wrk(name, base + url, process.pid, seconds=seconds) for name, url in PAGES.items()]
        trips = round_trips(
            "registration round trip", base, process.pid, sign_up(sessions), seconds=seconds
        )
        return [*pages, trips]

    return one_round


def start_pretix(options, directory: Path, stack: ExitStack):
    """pretix under gunicorn, with a fresh event; its measurements of one round."""
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
    slug = f"visit-{int(time.time())}"
    items = pretix.prepare(venv, config, directory / "pretix", slug)
    environment = {"PRETIX_CONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"}
    base, event = f"http://127.0.0.1:{port}", pretix.event_path(slug)
    mail.start()
    stack.callback(mail.stop)
    process = stack.enter_context(
        server(
            [*pretix.gunicorn_command(venv, port=port, workers=WORKERS), "--access-logfile=-"],
            cwd=directory / "pretix",
            environment=environment,
            ready_url=base + event,
            log=directory / "pretix.log",
        )
    )
    warm_up(base, [event], seconds=15)  # pretix's workers start slowly
    order = pretix.order(items, slug, SESSIONS_PER_ROUND)

    def one_round(seconds: int) -> list[Figures]:
        return [
            wrk("pretix event page", base + event, process.pid, seconds=seconds),
            round_trips("pretix order", base, process.pid, order, seconds=seconds),
        ]

    return one_round


def median_figures(rounds: list[list[Figures]]) -> list[Figures]:
    """Each measurement's median over the rounds (errors: their sum), as Figures over one
    second: requests = the median requests per second, CPU such that cpu_ms is the median."""
    medians = []
    for same in zip(*rounds, strict=True):
        per_second = statistics.median(f.per_second for f in same)
        cpu_ms = statistics.median(f.cpu_ms for f in same)
        medians.append(
            Figures(
                same[0].name,
                per_second,
                1.0,
                statistics.median(f.p50_ms for f in same),
                statistics.median(f.p99_ms for f in same),
                sum(f.errors for f in same),
                cpu_ms * max(1, per_second) / 1000,
                requests_per_round=same[0].requests_per_round,
                notes=[note for f in same for note in f.notes],
            )
        )
    return medians


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    return f"{cpu.group(1) if cpu else platform.processor()}, {os.cpu_count()} cores"


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


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


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.1f}× (rounds: {min(values):.1f}–{max(values):.1f}×)"


def print_comparison(ours: list[list[Figures]], theirs: list[list[Figures]]) -> None:
    pairs = []
    for our_round, their_round in zip(ours, theirs, strict=True):
        mine, other = {f.name: f for f in our_round}, {f.name: f for f in their_round}
        if not other["pretix event page"].requests or not other["pretix order"].requests:
            print("\npretix answered nothing in a round: no comparison for it.")
            continue
        pairs.append((mine, other))
    if not pairs:
        return

    def ratios(function) -> str:
        return spread([function(mine, other) for mine, other in pairs])

    print(f"\nAgainst pretix on this machine ({len(pairs)} rounds; median, lowest and highest):")
    print(
        "  programme page vs event page: "
        + ratios(lambda m, o: m["programme FR"].per_second / o["pretix event page"].per_second)
        + " the requests/s; "
        + ratios(lambda m, o: o["pretix event page"].cpu_ms / m["programme FR"].cpu_ms)
        + " less CPU per request"
    )
    print(
        "  registration round trip vs order: "
        + ratios(lambda m, o: o["pretix order"].p50_ms / m["registration round trip"].p50_ms)
        + " faster (median latency); "
        + ratios(
            lambda m, o: m["registration round trip"].per_second / o["pretix order"].per_second
        )
        + " the rounds/s; "
        + ratios(lambda m, o: o["pretix order"].cpu_ms / m["registration round trip"].cpu_ms)
        + " less CPU per round"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="per measurement (10)")
    parser.add_argument("--rounds", type=int, default=3, help="A/B rounds (3)")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--no-pretix", action="store_true", help="measure our site only")
    parser.add_argument("--pretix-venv", default=str(ROOT / "var" / "pretix-venv"))
    options = parser.parse_args()
    started = datetime.datetime.now(datetime.UTC)
    print(
        f"{started:%Y-%m-%d %H:%M} UTC. Machine: {machine()}; load average {load_average()} "
        f"(1, 5, 15 min). gunicorn {WORKERS} workers each, PostgreSQL, 10 connections, "
        f"{options.seconds} s a measurement, {options.rounds} rounds",
        flush=True,
    )
    ours, theirs = [], []
    with tempfile.TemporaryDirectory(prefix="kiss-bench-") as directory, ExitStack() as stack:
        our_round = start_our_site(options, Path(directory), stack)
        their_round = None if options.no_pretix else start_pretix(options, Path(directory), stack)
        for number in range(1, options.rounds + 1):
            print(f"Round {number}: our site...", end="", flush=True)
            ours.append(our_round(options.seconds))
            if their_round:
                print(" pretix...", end="", flush=True)
                theirs.append(their_round(options.seconds))
            print(f" done (load average {load_average()})", flush=True)
    print(f"\nOur site, median of {options.rounds} rounds:")
    print_table(median_figures(ours))
    if theirs:
        print(f"\npretix 2026.8 (same machine, same rounds), median of {options.rounds} rounds:")
        print_table([median_figures(ours)[0], *median_figures(theirs)])
        print_comparison(ours, theirs)
    for row in median_figures(ours) + (median_figures(theirs) if theirs else []):
        for note in row.notes:
            print("Note:", note)
    print(f"Load average at the end: {load_average()}")


if __name__ == "__main__":
    main()
