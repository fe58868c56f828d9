"""Benchmark (not a test): can the time a form takes to answer tell whether an address is
registered?

Posts the lost-link form and the registration form many times, alternating an address that is
registered and one that is not, through Django's test client on a throwaway SQLite database with
production settings. For each form it prints the answer times of both kinds (median, 10th and
90th percentiles) and how often the best single threshold on the time tells them apart (50 %:
no better than a coin; 100 %: always). The e-mail worker is not running: a request only queues.

Usage: .venv/bin/python bench/timing_leak.py [--rounds N]
"""

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_site import configure_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300, help="posts of each kind (300)")
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory(prefix="bench-timing-") as var_dir:
        configure_django(var_dir, KISS_RATE_LIMIT="1000000/m")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_programme", verbosity=0)
        print(f"{rounds} posts of each kind, SQLite, production settings\n")
        print(f"{'Form':<16}{'Address':<12}{'median':>9}{'p10':>9}{'p90':>9}{'threshold':>12}")
        for form, post in (("lost link", post_lost_link), ("registration", post_registration)):
            times = measure(post, rounds)
            report(form, times)


def registration_form(email: str) -> dict:
    from programme.models import Session

    session = Session.objects.filter(is_open_for_signup=True).order_by("pk").first()
    return {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": email,
        "country": "FR",
        "sessions": [session.pk],
        "join_waiting_list": "on",
        "consent": "on",
    }


def post_registration(client, email: str):
    return client.post("/fr/saint-etienne-2018/register/", registration_form(email), secure=True)


def post_lost_link(client, email: str):
    return client.post("/fr/saint-etienne-2018/lost-link/", {"email": email}, secure=True)


def measure(post, rounds: int) -> dict[str, list[float]]:
    """Alternate known and unknown addresses, so that drift on the machine hits both alike."""
    from django.test import Client

    client = Client()
    known = f"known-{secrets.token_hex(4)}@example.org"
    assert post_registration(client, known).status_code == 302
    times = {"known": [], "unknown": []}
    for n in range(rounds):
        for kind, email in (("known", known), ("unknown", f"new-{n}-{post.__name__}@example.org")):
            started = time.perf_counter()
            response = post(client, email)
            times[kind].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 302, response.status_code
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


if __name__ == "__main__":
    main()
