"""Benchmark (not a test): what one sign-up costs in process, without a server or a network.

Posts the public registration form through Django's test client (production settings) for new
visitors, each choosing five sessions with places, and prints for one such POST: the CPU
milliseconds in this process (median over the posts), the SQL statements it sends and the
transactions it commits. With --profile, the functions that cost most (cProfile, cumulative).

Usage: .venv/bin/python bench/one_signup.py [--posts 40] [--profile]
       [--database-url postgres://postgres@127.0.0.1:5432/kiss_one_signup]  (emptied and filled;
       without it, a throwaway SQLite database)
bench/rush.py runs it for its in-process figures.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_site import configure_django  # noqa: E402

REGISTER = "/fr/saint-etienne-2018/register/"
SESSIONS_EACH = 5


@dataclass
class OneSignup:
    cpu_ms: float  # median CPU per POST, in this process (the database's own work apart)
    statements: int  # SQL statements the POST sends
    transactions: int  # transactions it commits (atomic blocks; statements outside one apart)
    outside: int  # statements sent outside any transaction (each one its own, autocommit)


def form_data(n: int, sessions: list[int]) -> dict:
    return {
        "first_name": "Camille",
        "last_name": f"Rush{n}",
        "email": f"rush{n}@example.org",
        "organisation": "",
        "country": "FR",
        "sessions": sessions,
        "join_waiting_list": "on",
        "dietary_requirement": "",
        "dietary_notes": "",
        "accessibility_needs": "",
        "consent": "on",
        "website": "",
    }


def open_every_session_widely() -> list[int]:
    """Every sign-up session open with room for everyone: each POST confirms its five places
    (the costlier path: counters move), whatever the number of posts."""
    from programme.models import Session

    sessions = Session.objects.filter(is_open_for_signup=True)
    sessions.update(capacity=100000, capacity_is_provisional=False)
    return list(sessions.order_by("pk").values_list("pk", flat=True))


@contextmanager
def counting_transactions(connection):
    """Counts the commits of the connection, and keeps the statements it sends (whether each was
    inside a transaction). Not CaptureQueriesContext: each request empties the query log."""
    counts = {"commits": 0, "statements": []}
    commit = connection.commit

    def counted_commit():
        counts["commits"] += 1
        commit()

    def watch(execute, sql, params, many, context):
        counts["statements"].append((connection.in_atomic_block, sql))
        return execute(sql, params, many, context)

    connection.commit = counted_commit
    try:
        with connection.execute_wrapper(watch):
            yield counts
    finally:
        del connection.commit


def post(client, n: int, sessions: list[int]) -> None:
    chosen = [sessions[(n + k) % len(sessions)] for k in range(SESSIONS_EACH)]
    # Encoded as a browser sends a form (not the test client's multipart).
    body = urllib.parse.urlencode(form_data(n, chosen), doseq=True)
    response = client.post(REGISTER, body, content_type="application/x-www-form-urlencoded")
    if response.status_code != 302:
        raise RuntimeError(f"sign-up {n} answered {response.status_code}, not a redirect")


def measure(posts: int, profile: bool, show_sql: bool = False) -> tuple[OneSignup, str]:
    from django.db import connection
    from django.test import Client

    sessions = open_every_session_widely()
    client = Client()
    client.get(REGISTER)  # templates compiled, the form page cached
    for n in range(3):  # warm up
        post(client, n, sessions)
    with counting_transactions(connection) as counts:
        post(client, 3, sessions)
    times = []
    for n in range(4, 4 + posts):
        started = time.process_time()
        post(client, n, sessions)
        times.append((time.process_time() - started) * 1000)
    report = ""
    if profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for n in range(4 + posts, 4 + 2 * posts):
            post(client, n, sessions)
        profiler.disable()
        output = io.StringIO()
        stats = pstats.Stats(profiler, stream=output)
        stats.sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
        stats.print_stats(os.environ.get("PROFILE_FILTER", ""), 60)
        report = output.getvalue()
    statements = counts["statements"]
    outside = sum(not inside for inside, _ in statements)
    figures = OneSignup(statistics.median(times), len(statements), counts["commits"], outside)
    if show_sql:
        report = "\n".join(("  " if inside else "* ") + sql for inside, sql in statements) + report
    return figures, report


def prepare(database_url: str, var_dir: str) -> None:
    environment = {"KISS_RATE_LIMIT": "1000000/m"}
    if database_url:
        environment["DATABASE_URL"] = database_url
    configure_django(var_dir, **environment)
    from django.core.management import call_command

    if database_url:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_programme", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=40, help="posts measured (40)")
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--sql", action="store_true", help="print the statements (* outside)")
    parser.add_argument("--json", action="store_true", help="the figures only, as JSON")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-signup-") as var_dir:
        prepare(options.database_url, var_dir)
        figures, report = measure(options.posts, options.profile, options.sql)
    if options.json:
        print(json.dumps(asdict(figures)))
        return
    engine = "PostgreSQL" if options.database_url else "SQLite"
    print(f"One sign-up POST for {SESSIONS_EACH} sessions, in process, {engine}:")
    print(
        f"  CPU {figures.cpu_ms:.1f} ms (median of {options.posts}), {figures.statements} SQL "
        f"statements, {figures.transactions} transactions "
        f"(+ {figures.outside} statements outside any)"
    )
    if report:
        print(report)


if __name__ == "__main__":
    main()
