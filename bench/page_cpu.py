"""Benchmark (not a test): CPU per request of each public page, in one process.

Serves the pages through Django's test client (no network, no server) on a throwaway SQLite
database holding the committed programme, with production settings, and prints for each page the
CPU milliseconds per request (process time, median of five rounds), the queries it runs, its size,
and its ratio to the smallest page (privacy). Pages that the site caches are shown twice: the
first request after a change of places (a miss: the page is built) and the next ones (hits).

Usage: .venv/bin/python bench/page_cpu.py [--requests N] [--sessions N] [--database-url URL]
  --sessions N adds sessions to the programme (26 in the fixture) to see how pages grow.
  --database-url: an empty PostgreSQL database to use instead of SQLite (it is filled).
Last, the CPU of reading the pages version, the one query a cached page runs, and of a static
file served by the site's WSGI application (kiss_visit/wsgi.py: answered before Django).
"""

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_site import configure_django  # noqa: E402

VISIT = "/{language}/saint-etienne-2018"
PAGES = {
    "privacy (smallest)": "/fr/privacy/",
    "visit": VISIT.format(language="fr") + "/",
    "programme FR": VISIT.format(language="fr") + "/programme/",
    "programme EN": VISIT.format(language="en") + "/programme/",
    "session": VISIT.format(language="fr") + "/sessions/{session}/",
    "venue": VISIT.format(language="fr") + "/venues/{venue}/",
    "registration form": VISIT.format(language="fr") + "/register/",
}


def add_sessions(count: int) -> None:
    """Copies of the fixture's sessions, open for sign-up, spread over its days."""
    from programme.models import Session

    originals = list(Session.objects.order_by("pk"))
    copies = []
    for n in range(count):
        session = copy.copy(originals[n % len(originals)])
        session.pk, session.slug = None, f"{session.slug}-copy-{n}"
        session.is_open_for_signup = True
        copies.append(session)
    Session.objects.bulk_create(copies)


def cpu_ms(client, path: str, requests: int) -> float:
    """Median over five rounds of the process time per request, in milliseconds."""
    rounds = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(requests):
            client.get(path)
        rounds.append((time.process_time() - started) * 1000 / requests)
    return statistics.median(rounds)


def page_facts(client, path: str) -> tuple[int, int, int]:
    """(status, queries, bytes) of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries), len(response.content)


def miss_ms(client, path: str, requests: int) -> float:
    """CPU of a request right after a change of places: the cached page must be built again."""
    from programme import page_cache

    total = 0.0
    for _ in range(requests):
        page_cache.bump_version()
        started = time.process_time()
        client.get(path)
        total += time.process_time() - started
    return total * 1000 / requests


def version_read_ms(reads: int = 5000) -> float:
    """CPU per read of the pages version (kiss_visit/page_cache.py), median of five rounds."""
    from programme.page_cache import current_version

    rounds = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(reads):
            current_version()
        rounds.append((time.process_time() - started) * 1000 / reads)
    return statistics.median(rounds)


def static_file_ms(requests: int) -> float:
    """CPU per request of a static file through the site's WSGI application, median of five
    rounds (the stylesheet every page links to)."""
    from wsgiref.util import setup_testing_defaults

    from django.contrib.staticfiles.storage import staticfiles_storage

    from kiss_visit.wsgi import application

    environ = {"PATH_INFO": staticfiles_storage.url("css/site.css"), "SERVER_NAME": "testserver"}
    setup_testing_defaults(environ)

    def start_response(status, headers, exc_info=None):
        assert status.startswith("200"), status

    rounds = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(requests):
            for _chunk in application(dict(environ), start_response):
                pass
        rounds.append((time.process_time() - started) * 1000 / requests)
    return statistics.median(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per round (100)")
    parser.add_argument("--sessions", type=int, default=0, help="sessions to add (0)")
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as var_dir:
        database = {"DATABASE_URL": options.database_url} if options.database_url else {}
        configure_django(var_dir, **database)
        from django.core.management import call_command
        from django.test import Client

        from programme.models import Session, Venue

        call_command("migrate", verbosity=0)
        call_command("load_programme", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        add_sessions(options.sessions)
        slugs = {
            "session": Session.objects.order_by("pk").first().slug,
            "venue": Venue.objects.order_by("pk").first().slug,
        }
        client = Client()
        sessions = Session.objects.count()
        engine = "PostgreSQL" if options.database_url else "SQLite"
        print(f"CPU per request in one process, {sessions} sessions, {engine}, production settings")
        print(f"{'page':<26}{'status':>7}{'queries':>8}{'bytes':>9}{'CPU ms':>9}{'× smallest':>12}")
        smallest = None
        for name, template in PAGES.items():
            path = template.format(**slugs)
            cpu_ms(client, path, 5)  # warm up: templates compiled, page cached
            status, queries, size = page_facts(client, path)
            ms = cpu_ms(client, path, options.requests)
            smallest = smallest or ms
            print(f"{name:<26}{status:>7}{queries:>8}{size:>9}{ms:>9.2f}{ms / smallest:>11.1f}×")
            if has_page_cache() and name != "privacy (smallest)":
                miss = miss_ms(client, path, max(10, options.requests // 5))
                print(
                    f"{'  first after a change':<26}{'':>24}{miss:>9.2f}{miss / smallest:>11.1f}×"
                )
        if has_page_cache():
            print(f"{'pages version read':<26}{'':>7}{1:>8}{'':>9}{version_read_ms():>9.3f}")
        print(f"{'static file (WSGI)':<26}{'':>24}{static_file_ms(options.requests):>9.3f}")


def has_page_cache() -> bool:
    try:
        from programme import page_cache  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
