"""Benchmark of certificates, the attendance report and reminders (not a test): CPU time for a
visit of N people (default 300), each marked present at 10 sessions over 5 days.

Prints the CPU milliseconds (process time) of: everyone's certificates as one PDF (and per
certificate), the attendance report per country as CSV, queuing the reminders of one day, and
queuing them again (nothing to do: the unique key per person and day), with the queries each ran.

Usage: .venv/bin/python bench/certificates.py [--people N]
"""

import argparse
import datetime
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_site import configure_django  # noqa: E402

NAMES = [("Camille", "Martin"), ("Δημήτρης", "Παπαδόπουλος"), ("Zoé", "Bernard"), ("Ana", "Pérez")]
LANGUAGES = ["fr", "en", "es", "it", "el"]


def build(people: int):
    from django.utils import timezone
    from PIL import Image

    from programme.models import Day, Session, StudyVisit
    from registrations.models import Participant, Registration, VisitOptions

    visit = StudyVisit.objects.create(
        slug="bench",
        title_fr="Visite",
        title_en="Visit",
        city="Saint-Étienne",
        start_date=datetime.date(2018, 2, 19),
        end_date=datetime.date(2018, 2, 23),
    )
    sessions = []
    for offset in range(5):
        day = Day.objects.create(visit=visit, date=visit.start_date + datetime.timedelta(offset))
        for n in range(2):
            sessions.append(
                Session.objects.create(
                    day=day,
                    slug=f"s{offset}-{n}",
                    title_fr=f"Activité {offset}-{n}",
                    title_en=f"Session {offset}-{n}",
                    kind=Session.Kind.VISIT,
                    order=n,
                    start_time=datetime.time(9 + 5 * n, 30) if n else None,
                )
            )
    persons = Participant.objects.bulk_create(
        Participant(
            visit=visit,
            first_name=NAMES[n % 4][0],
            last_name=f"{NAMES[n % 4][1]} {n}",
            email=f"p{n}@example.org",
            email_key=f"p{n}@example.org",
            country="ES",
            organisation=f"Coop {n % 7}",
            language=LANGUAGES[n % 5],
            consented_at=timezone.now(),
            privacy_notice_version="bench",
        )
        for n in range(people)
    )
    Registration.objects.bulk_create(
        Registration(participant=p, session=s, status="confirmed", attended=True)
        for p in persons
        for s in sessions
    )
    image = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(image, "PNG")
    VisitOptions.objects.create(
        visit=visit,
        signatory_name="Bench",
        signature_image=image.getvalue(),
        signature_format="PNG",
        reminders_on=True,
        reminder_hour=18,
    )
    return visit


def measure(label, work):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.process_time()
        result = work()
        cpu = (time.process_time() - start) * 1000
    print(f"{label:<48} {cpu:>9.0f} ms CPU {len(queries):>5} queries")
    return cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=300)
    people = parser.parse_args().people
    with tempfile.TemporaryDirectory(prefix="bench-certificates-") as var_dir:
        configure_django(var_dir)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        visit = build(people)
        from django.utils import timezone

        from registrations.exports.attendance_report import attendance_rows, report_columns
        from registrations.exports.certificates import (
            certificate_people,
            certificates_pdf,
            options_of,
        )
        from registrations.exports.spreadsheets import csv_lines
        from registrations.models import Participant
        from registrations.services.reminders import queue_reminders

        print(f"{people} people, 10 sessions attended each, SQLite, {sys.version.split()[0]}\n")
        everyone = certificate_people(Participant.objects.filter(visit=visit))
        cpu, pdf = measure(
            "certificates, one PDF", lambda: certificates_pdf(everyone, options_of(visit))
        )
        print(f"{'  per certificate':<48} {cpu / people:>9.1f} ms CPU, {len(pdf) / 1024:.0f} KB")
        measure(
            "attendance report by country (CSV)",
            lambda: list(
                csv_lines(attendance_rows(visit, by="country"), report_columns("country"))
            ),
        )
        evening = timezone.make_aware(datetime.datetime(2018, 2, 19, 18, 30), visit.tzinfo)
        _, queued = measure("reminders of one day, queued", lambda: queue_reminders(now=evening))
        _, again = measure("reminders again (none left)", lambda: queue_reminders(now=evening))
        print(f"\nqueued {queued}, then {again}")


if __name__ == "__main__":
    main()
