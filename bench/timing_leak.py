"""Benchmark (not a test): can the time a form takes to answer tell whether an address is
registered? Measured from outside, as an onlooker would: over HTTP, through gunicorn.

Starts the site under gunicorn (gunicorn.conf.py, production settings) on a throwaway SQLite
database holding the programme (or on a fresh PostgreSQL database: --postgres), then posts each
form many times, a known address and an unknown one in random order within each round, so that
drift on the machine hits both alike:
- the registration form: an address already registered for the visit, against a new one;
- the lost-link form: a registered address, against one that is not.
Each post is timed from sending the request to the last byte of the answer (the redirect, not
followed). For each form it prints the answer times of both kinds (median, 10th and 90th
percentiles) and how often the best single threshold on the time tells them apart (50 %: no
better than a coin; 100 %: always). The e-mail worker is not running: a request only queues.

Usage: .venv/bin/python bench/timing_leak.py [--rounds 300] [--workers 2]
       [--postgres postgres://postgres@127.0.0.1:5432]  (a server where databases can be made)
"""

import argparse
import http.client
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import gunicorn, manage, site_environment  # noqa: E402

VISIT = "/fr/saint-etienne-2018"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SESSION = re.compile(r'name="sessions" value="(\d+)"')


class Client:
    """One keep-alive connection with its CSRF cookie; redirects are not followed."""

    def __init__(self, url: str):
        parsed = urllib.parse.urlsplit(url)
        self.connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict | None = None):
        body = urllib.parse.urlencode(fields, doseq=True) if fields is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    def form(self, path: str) -> str:
        """The page's CSRF token (and, kept, its cookie)."""
        status, text = self.request("GET", path)
        assert status == 200, (path, status)
        return TOKEN.search(text)[1]

    def timed_post(self, path: str, fields: dict) -> float:
        token = self.form(path)
        started = time.perf_counter()
        status, _ = self.request("POST", path, {**fields, "csrfmiddlewaretoken": token})
        elapsed = (time.perf_counter() - started) * 1000
        assert status == 302, (path, status)
        return elapsed


def registration(session: str, email: str) -> dict:
    return {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": email,
        "country": "FR",
        "sessions": [session],
        "join_waiting_list": "on",
        "consent": "on",
    }


def measure(client: Client, rounds: int) -> dict[str, dict[str, list[float]]]:
    register, lost_link = f"{VISIT}/register/", f"{VISIT}/lost-link/"
    _, page = client.request("GET", register)
    session = SESSION.search(page)[1]
    known = f"known-{secrets.token_hex(4)}@example.org"
    client.timed_post(register, registration(session, known))
    forms = {
        "registration": lambda email: client.timed_post(register, registration(session, email)),
        "lost link": lambda email: client.timed_post(lost_link, {"email": email}),
    }
    times = {form: {"known": [], "unknown": []} for form in forms}
    for n in range(rounds):
        for form, post in forms.items():
            kinds = [("known", known), ("unknown", f"new-{n}-{secrets.token_hex(3)}@example.org")]
            random.shuffle(kinds)
            for kind, email in kinds:
                times[form][kind].append(post(email))
    return times


def best_threshold_accuracy(known: list[float], unknown: list[float]) -> float:
    """The share of answers a single time threshold classifies right, at its best."""
    labelled = sorted([(t, 1) for t in known] + [(t, 0) for t in unknown])
    total, best = len(labelled), 0.5
    known_below = 0
    for index, (_, is_known) in enumerate(labelled, start=1):
        known_below += is_known
        unknown_below = index - known_below
        # "known if slower than this": unknown below + known above; or the other way round.
        right = unknown_below + (len(known) - known_below)
        best = max(best, right / total, (total - right) / total)
    return best


def report(form: str, times: dict[str, list[float]]) -> None:
    accuracy = best_threshold_accuracy(times["known"], times["unknown"])
    for kind in ("known", "unknown"):
        values = times[kind]
        deciles = statistics.quantiles(values, n=10)
        print(
            f"{form:<16}{kind:<12}{statistics.median(values):>7.2f}ms"
            f"{deciles[0]:>7.2f}ms{deciles[-1]:>7.2f}ms"
            + (f"{accuracy:>11.0%}" if kind == "known" else "")
        )


def database(arguments, var_dir: str) -> str:
    if not arguments.postgres:
        return f"sqlite:///{var_dir}/db.sqlite3"
    import psycopg2

    name = f"kiss_timing_{secrets.token_hex(4)}"
    connection = psycopg2.connect(f"{arguments.postgres}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return f"{arguments.postgres}/{name}"


def drop_database(arguments, url: str) -> None:
    if not arguments.postgres:
        return
    import psycopg2

    connection = psycopg2.connect(f"{arguments.postgres}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300, help="posts of each kind (300)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--postgres", help="a PostgreSQL server URL; SQLite if not given")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-timing-") as var_dir:
        url = database(arguments, var_dir)
        try:
            environment = site_environment(
                url,
                DJANGO_VAR_DIR=var_dir,
                DJANGO_LOG_LEVEL="WARNING",
                KISS_RATE_LIMIT="1000000/m",
                KISS_MAILS_PER_HOUR="1000000/h",
            )
            Path(var_dir, "staticfiles").mkdir()
            manage("migrate", environment=environment)
            manage("load_programme", environment=environment)
            manage("collectstatic", "--noinput", environment=environment)
            with gunicorn(environment, workers=arguments.workers, log_dir=Path(var_dir)) as site:
                times = measure(Client(site.url), arguments.rounds)
        finally:
            drop_database(arguments, url)
    engine = "PostgreSQL" if arguments.postgres else "SQLite"
    print(
        f"{arguments.rounds} posts of each kind, over HTTP through gunicorn "
        f"({arguments.workers} workers), {engine}, production settings\n"
    )
    print(f"{'Form':<16}{'Address':<12}{'median':>9}{'p10':>9}{'p90':>9}{'threshold':>12}")
    for form, kinds in times.items():
        report(form, kinds)


if __name__ == "__main__":
    main()
