"""Benchmark (not a test): the organisers' pages and exports on a big visit.

Builds the committed programme with N participants (default 5,000), each signed up for five
sessions (~25,000 registrations; two sessions with a capacity and a waiting list, nine
delegation members), in a throwaway SQLite database with production settings. Participants and
registrations are written in bulk, the place counters set as the services would have counted
them, then checked against the rows. Then it times, in this process through Django's test client
as an organiser, each page of issue 16 ("Organisers on a big visit"): the admin page of the
biggest session, the dashboard, the participants list, the CSV, XLSX, PDF sign-in sheets and
badges of the whole visit. For each: CPU ms (time.process_time) and wall ms of the request with its
whole body read (median of 3), statements, size, the goal and OK/OVER. The verdict reads the CPU
figure (SQLite runs in this process, so it holds the queries too): on a machine shared with other
work, wall time measures the neighbours as much as the page.

Usage: .venv/bin/python bench/organisers_at_scale.py [--people N] [--save DIR] [--only NAME]
  --save DIR writes each page and export to DIR (to compare the output before and after a change).
  --database-url URL: an empty PostgreSQL database to use instead of SQLite (it is filled).
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_site import configure_django  # noqa: E402
from bench.exports import organiser_client  # noqa: E402

SESSIONS_EACH = 5
COUNTRIES = ["FR", "GR", "IT", "ES", "DE", "BE", "PT", "CY", "MA", "SN", "GB", "NL", "PL", "RO"]
NAMES = [("Camille", "Martin"), ("Δημήτρης", "Παπαδόπουλος"), ("Zoé", "Bernard"), ("Ana", "Pérez")]
DIETS = ["", "", "", "vegetarian", "vegan", "no_pork", "halal", "allergy"]
# (page, goal in ms of wall time, as issue 16 sets it)
GOALS = {
    "session admin page": 200,
    "dashboard": 100,
    "participants list": 50,
    "CSV, whole visit": 1000,
    "XLSX, whole visit": 2000,
    "sign-in sheets PDF, visit": 3000,
    "badges PDF, visit": 2000,
}


def build_visit(people: int):
    """The programme, every session but arrivals and departures open for sign-up, and `people`
    participants with five sessions each. Returns the visit."""
    from django.core.management import call_command

    from programme.models import Session, StudyVisit

    call_command("load_programme", verbosity=0)
    Session.objects.exclude(kind=Session.Kind.ARRIVAL_DEPARTURE).update(
        is_open_for_signup=True, capacity=None, reserved_places=0
    )
    sessions = list(Session.objects.filter(is_open_for_signup=True).order_by("pk"))
    # Two sessions with places limited: a waiting list of about 5 % of their people.
    limited = {sessions[1].pk, sessions[7].pk}
    expected = people * SESSIONS_EACH // len(sessions)
    Session.objects.filter(pk__in=limited).update(capacity=expected * 95 // 100, reserved_places=9)
    visit = StudyVisit.objects.get()
    participants = bulk_participants(visit, people)
    bulk_registrations(participants, Session.objects.filter(pk__in=[s.pk for s in sessions]))
    check_counters()
    return visit


def bulk_participants(visit, people: int):
    from django.utils import timezone

    from registrations.domain.addresses import email_key
    from registrations.domain.search import searchable
    from registrations.models import Participant

    now = timezone.now()
    rows = []
    for n in range(people):
        first, last = NAMES[n % len(NAMES)]
        first, email, organisation = (
            f"{first}{n}",
            f"person{n}@example.org",
            f"Organisation {n % 97}",
        )
        diet = DIETS[n % len(DIETS)]
        rows.append(
            Participant(
                visit=visit,
                first_name=first,
                last_name=last,
                email=email,
                email_key=email_key(email),  # what save() computes; bulk_create does not
                search_text=searchable(first, last, email, organisation),
                organisation=organisation,
                country=COUNTRIES[n % len(COUNTRIES)] if n % 50 else "",
                language=["fr", "en", "es", "it", "el"][n % 5],
                is_delegation=n < 9,
                dietary_requirement=diet,
                dietary_notes="Peanuts" if diet == "allergy" and n % 5 == 0 else "",
                accessibility_needs="Wheelchair" if n % 101 == 0 else "",
                consented_at=now,
                privacy_notice_version="bench",
                manage_token=f"bench-token-{n}",
            )
        )
    return Participant.objects.bulk_create(rows, batch_size=2000)


def bulk_registrations(participants, sessions) -> None:
    """Five sessions each, spread evenly; in a limited session the people past its capacity wait,
    ranked in the order they came, as register_for_sessions would have put them."""
    from django.utils import timezone

    from registrations.models import Registration

    sessions = list(sessions)
    taken = {s.pk: 0 for s in sessions}
    waiting = {s.pk: 0 for s in sessions}
    now = timezone.now()
    rows = []
    for n, participant in enumerate(participants):
        for j in range(SESSIONS_EACH):
            session = sessions[(n + j * 5 + n // 7) % len(sessions)]
            registration = Registration(participant=participant, session=session)
            place = "delegation" if participant.is_delegation else "local"
            # local people take the places not kept for the delegation (its nine come first)
            room = None if session.capacity is None else session.capacity - session.reserved_places
            if place == "delegation" or room is None or taken[session.pk] < room:
                taken[session.pk] += place == "local"
                registration.status, registration.place = "confirmed", place
            else:
                waiting[session.pk] += 1
                registration.status, registration.place = "waiting", "local"
                registration.waiting_rank, registration.waiting_since = waiting[session.pk], now
            rows.append(registration)
    Registration.objects.bulk_create(rows, batch_size=2000)
    for session in sessions:
        count_places(session)


def count_places(session) -> None:
    """The counters as the services keep them: one per kind of confirmed place."""
    from registrations.domain.place_steps import recount_places

    recount_places(session)


def check_counters() -> None:
    """The counters equal the confirmed rows, session by session (what the services promise)."""
    from django.db.models import Count, Q

    from programme.models import Session

    counted = Session.objects.annotate(
        local=Count(
            "registrations",
            filter=Q(registrations__status="confirmed", registrations__place="local"),
        ),
        delegation=Count(
            "registrations",
            filter=Q(registrations__status="confirmed", registrations__place="delegation"),
        ),
    )
    for session in counted:
        assert (session.confirmed_local, session.confirmed_delegation) == (
            session.local,
            session.delegation,
        ), session


def pages(visit) -> dict[str, str]:
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from programme.models import Session

    biggest = Session.objects.annotate(people=Count("registrations")).order_by("-people").first()
    with translation.override("fr"):
        return {
            "session admin page": reverse("admin:programme_session_change", args=[biggest.pk]),
            "dashboard": reverse("admin:registrations_dashboard") + f"?visit={visit.pk}",
            "participants list": reverse("admin:registrations_participant_changelist"),
            "CSV, whole visit": reverse(
                "admin:registrations_export", args=["visit", visit.pk, "csv"]
            ),
            "XLSX, whole visit": reverse(
                "admin:registrations_export", args=["visit", visit.pk, "xlsx"]
            ),
            "sign-in sheets PDF, visit": reverse(
                "admin:registrations_export", args=["visit", visit.pk, "pdf"]
            ),
            "badges PDF, visit": reverse(
                "admin:registrations_export", args=["visit", visit.pk, "badges"]
            ),
        }


def request(client, url: str) -> tuple[float, float, int, int, bytes]:
    """(CPU ms, wall ms, statements, bytes, body) of one request, its body read to the end."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        cpu, wall = time.process_time(), time.perf_counter()
        response = client.get(url, secure=True)  # DEBUG off: the site redirects plain HTTP
        body = b"".join(response.streaming_content) if response.streaming else response.content
        response.close()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    assert response.status_code == 200, (url, response.status_code)
    return cpu * 1000, wall * 1000, len(queries), len(body), body


def measure(client, url: str, rounds: int = 3) -> dict:
    runs = [request(client, url) for _ in range(rounds)]
    return {
        "cpu": statistics.median(r[0] for r in runs),
        "wall": statistics.median(r[1] for r in runs),
        "queries": runs[-1][2],
        "size": runs[-1][3],
        "body": runs[-1][4],
    }


def print_row(name: str, figures: dict) -> None:
    goal = GOALS[name]
    verdict = "OK" if figures["cpu"] <= goal else "OVER"
    size = f"{figures['size'] / 1_000_000:.2f} MB"
    print(
        f"{name:<28}{figures['cpu']:>9.0f}{figures['wall']:>9.0f}{figures['queries']:>8}"
        f"{size:>11}{goal:>9}  {verdict}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5_000, help="participants (5,000)")
    parser.add_argument("--save", type=Path, help="write each output to this directory")
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite")
    parser.add_argument("--only", default="", help="time only the pages whose name holds this")
    parser.add_argument("--rounds", type=int, default=3, help="requests per page (3)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-organisers-") as var_dir:
        database = {"DATABASE_URL": options.database_url} if options.database_url else {}
        configure_django(var_dir, **database)
        from django.core.management import call_command

        from registrations.models import Registration

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        started = time.perf_counter()
        visit = build_visit(options.people)
        built = time.perf_counter() - started
        engine = "PostgreSQL" if options.database_url else "SQLite"
        print(
            f"{options.people:,} participants, {Registration.objects.count():,} registrations "
            f"(built in {built:.0f} s, counters checked), {engine}, production settings"
        )
        client = organiser_client()
        print(f"{'page':<28}{'CPU ms':>9}{'wall ms':>9}{'stmts':>8}{'size':>11}{'goal ms':>9}")
        for name, url in pages(visit).items():
            if options.only.lower() not in name.lower():
                continue
            figures = measure(client, url, options.rounds)
            print_row(name, figures)
            if options.save:
                options.save.mkdir(parents=True, exist_ok=True)
                (options.save / name.replace(" ", "_").replace(",", "")).write_bytes(
                    figures["body"]
                )


if __name__ == "__main__":
    main()
