"""Benchmark of the attendee exports (not a test): how long they take and how much memory they
use for a large list.

Builds N attendees (default 10,000) of one session in a throwaway SQLite database, then exports
them through the admin, as an organiser would: CSV (the streamed response consumed chunk by
chunk), XLSX, and the PDF sign-in sheet of that session. For each it prints the seconds, the rows
written, the size of the output and the peak Python memory during the export (tracemalloc; each
export is run twice, once for the time and once for the memory, since tracing slows it down).

Usage: .venv/bin/python bench/exports.py [--attendees N]
(a few minutes for 10,000: tracing memory slows the PDF's drawing down a lot)
"""

import argparse
import csv
import datetime
import io
import os
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_site import configure_django  # noqa: E402

COUNTRIES = ["FR", "GR", "IT", "ES", "DE", "BE"]
NAMES = [("Camille", "Martin"), ("Δημήτρης", "Παπαδόπουλος"), ("Zoé", "Bernard"), ("Ana", "Pérez")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attendees", type=int, default=10_000, help="default: 10,000")
    attendees = parser.parse_args().attendees
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as var_dir:
        configure_django(var_dir)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        session = build_session(attendees)
        print(f"{attendees:,} attendees of one session, SQLite, {sys.version.split()[0]}\n")
        confirmed = session.registrations.confirmed().count()
        client = organiser_client()
        results = [
            measure(client, name, url, Path(var_dir) / name, confirmed)
            for name, url in exports(session)
        ]
        print_table(results)


def build_session(attendees: int):
    """A dinner with `attendees` confirmed registrations, made with bulk_create for speed."""
    from django.utils import timezone

    from programme.models import Day, Session, StudyVisit, Venue
    from registrations.models import Participant, Registration

    visit = StudyVisit.objects.create(
        slug="bench",
        title_fr="Visite d'étude",
        title_en="Study visit",
        city="Athènes",
        start_date=datetime.date(2019, 5, 13),
        end_date=datetime.date(2019, 5, 17),
        is_published=True,
    )
    day = Day.objects.create(visit=visit, date=visit.start_date)
    session = Session.objects.create(
        day=day,
        slug="dinner",
        title_fr="Dîner d'accueil",
        title_en="Welcome dinner",
        kind=Session.Kind.MEAL,
        start_time=datetime.time(19, 30),
        venue=Venue.objects.create(name="Technopolis", slug="technopolis"),
        is_open_for_signup=True,
        capacity=None,
    )
    now = timezone.now()
    participants = Participant.objects.bulk_create(
        Participant(
            visit=visit,
            first_name=f"{NAMES[n % 4][0]}{n}",
            last_name=NAMES[n % 4][1],
            email=f"attendee{n}@example.org",
            email_key=f"attendee{n}@example.org",  # what save() computes; bulk_create does not
            organisation=f"Organisation {n % 97}",
            country=COUNTRIES[n % len(COUNTRIES)],
            language="en" if n % 3 else "fr",
            is_delegation=n % 10 == 0,
            dietary_requirement="vegetarian" if n % 7 == 0 else "",
            consented_at=now,
            privacy_notice_version="bench",
        )
        for n in range(attendees)
    )
    Registration.objects.bulk_create(
        Registration(
            participant=p,
            session=session,
            status=Registration.Status.CONFIRMED,
            place="delegation" if p.is_delegation else "local",
        )
        for p in participants
    )
    # What registrations.services would have counted for these sign-ups: counters stay truthful.
    delegation = sum(p.is_delegation for p in participants)
    Session.objects.filter(pk=session.pk).update(
        confirmed_local=attendees - delegation, confirmed_delegation=delegation
    )
    return session


def exports(session):
    from django.urls import reverse
    from django.utils import translation

    def url(scope, pk, fmt):
        with translation.override("fr"):
            return reverse("admin:registrations_export", args=[scope, pk, fmt])

    visit = session.day.visit
    return [
        ("CSV (visit, streamed)", url("visit", visit.pk, "csv")),
        ("XLSX (visit)", url("visit", visit.pk, "xlsx")),
        ("PDF (one session)", url("session", session.pk, "pdf")),
    ]


def measure(client, name: str, url: str, output: Path, confirmed: int) -> dict:
    started = time.perf_counter()
    size = download(client, url, output)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    download(client, url, Path(os.devnull))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "export": name,
        "seconds": seconds,
        "rows": rows_in(output, confirmed),
        "size": size,
        "peak": peak,
    }


def organiser_client():
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client

    call_command("setup_organisers", stdout=io.StringIO())
    user = User.objects.create_user("organiser", is_staff=True)
    user.groups.add(Group.objects.get(name="Organisers"))
    client = Client()
    client.force_login(user)
    return client


def download(client, url: str, output: Path) -> int:
    """Write the response to `output` chunk by chunk, as a browser would; return its size."""
    response = client.get(url, secure=True)  # DEBUG off: the site redirects plain HTTP
    assert response.status_code == 200, (url, response.status_code)
    chunks = response.streaming_content if response.streaming else [response.content]
    size = 0
    with output.open("wb") as file:
        for chunk in chunks:
            file.write(chunk)
            size += len(chunk)
    response.close()
    return size


def rows_in(output: Path, confirmed: int) -> str:
    """Attendee rows in the file, read back (for the PDF: the confirmed attendees, and pages)."""
    content = output.read_bytes()
    if content.startswith(b"%PDF"):
        pages = len(re.findall(rb"/Type\s*/Page\b", content))
        return f"{confirmed:,} ({pages:,} pages)"
    if content.startswith(b"PK"):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        rows = sum(1 for sheet in book.worksheets for _ in sheet.iter_rows(min_row=2))
        sheets = len(book.worksheets)
        return f"{rows:,} ({sheets} sheet{'s' * (sheets > 1)})"
    text = io.StringIO(content.decode("utf-8-sig"), newline="")
    return f"{sum(1 for _ in csv.reader(text, delimiter=';')) - 1:,}"


def print_table(results: list[dict]) -> None:
    print(f"{'Export':<24}{'Seconds':>9}{'Rows':>20}{'Size':>12}{'Peak memory':>14}")
    for r in results:
        size, peak = megabytes(r["size"]), megabytes(r["peak"])
        print(f"{r['export']:<24}{r['seconds']:>9.2f}{r['rows']:>20}{size:>12}{peak:>14}")


def megabytes(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB"


if __name__ == "__main__":
    main()
