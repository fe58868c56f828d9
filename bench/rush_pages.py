"""Benchmark (not a test): the two pages around each sign-up of a rush, in process.

In a rush (bench/rush.py) each visitor gets the form, posts it, and reads the received page. Each
confirmed sign-up changes the pages version, so the next visitor's form is rebuilt from its kept
shell with a fresh session list (registrations/public/form_page.py). This prints, in one process
through Django's test client (production settings, the committed programme), the CPU
milliseconds (median) of: the form right after a sign-up (rebuilt), the form served from the
cache, the form rendered whole (no shell kept), and the received page. With --profile, the
functions that cost most in the rebuilt form and the received page (cProfile).

Usage: .venv/bin/python bench/rush_pages.py [--rounds 40] [--profile]
       [--database-url postgres://postgres@127.0.0.1:5432/kiss_rush_pages]  (emptied and filled;
       without it, a throwaway SQLite database)
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.one_signup import form_data, open_every_session_widely, prepare  # noqa: E402

REGISTER = "/fr/saint-etienne-2018/register/"
RECEIVED = REGISTER + "received/"


class Timings:
    """CPU per page, and a profiler that runs only around the pages profiled."""

    def __init__(self, profile: bool):
        self.cpu = {}
        self.profilers = {}
        self.profile = profile

    def time(self, name: str, request):
        profiler = None
        if self.profile:
            profiler = self.profilers.setdefault(name, cProfile.Profile(time.process_time))
            profiler.enable()
        started = time.process_time()
        response = request()
        self.cpu.setdefault(name, []).append((time.process_time() - started) * 1000)
        if profiler:
            profiler.disable()
        if response.status_code != 200:
            raise RuntimeError(f"{name} answered {response.status_code}")
        return response

    def report(self, name: str) -> str:
        output = io.StringIO()
        stats = pstats.Stats(self.profilers[name], stream=output)
        stats.sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
        stats.print_stats(os.environ.get("PROFILE_FILTER", ""), 40)
        return output.getvalue()


def one_round(timings: Timings, n: int, sessions: list[int]) -> None:
    """A sign-up and its received page, then a new visitor's form (rebuilt), then the form
    again (served from the cache); every other round, the whole form (no shell kept)."""
    from django.core.cache import cache
    from django.test import Client

    visitor = Client()
    chosen = [sessions[(n * 3 + k) % len(sessions)] for k in range(5)]
    body = urllib.parse.urlencode(form_data(n, chosen), doseq=True)
    response = visitor.post(REGISTER, body, content_type="application/x-www-form-urlencoded")
    if response.status_code != 302:
        raise RuntimeError(f"sign-up {n} answered {response.status_code}")
    timings.time("received page", lambda: visitor.get(RECEIVED))
    timings.time("form, rebuilt after a sign-up", lambda: Client().get(REGISTER))
    timings.time("form, from the cache", lambda: Client().get(REGISTER))
    if n % 2:
        cache.clear()
        timings.time("form, rendered whole", lambda: Client().get(REGISTER))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40, help="sign-ups measured (40)")
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-rush-pages-") as var_dir:
        prepare(options.database_url, var_dir)
        sessions = open_every_session_widely()
        warm_up = Timings(profile=False)
        for n in range(4):
            one_round(warm_up, n, sessions)
        timings = Timings(options.profile)
        for n in range(4, 4 + options.rounds):
            one_round(timings, n, sessions)
    engine = "PostgreSQL" if options.database_url else "SQLite"
    print(f"Pages around a sign-up, CPU in process, {engine} (median of {options.rounds}):")
    for name, values in timings.cpu.items():
        print(f"  {name:<34}{statistics.median(values):7.2f} ms")
    if options.profile:
        for name in ("form, rebuilt after a sign-up", "received page"):
            print(f"--- {name}\n{timings.report(name)}")


if __name__ == "__main__":
    main()
