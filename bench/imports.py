"""Benchmark of the participants' import (not a test): how long a partner's list of N people
(default 2,000) takes to preview and then to import, through the admin, as an organiser would.

Loads the Saint-Etienne programme into a throwaway SQLite database, writes a CSV file of N people
(each with three sessions, a third of them from the partner delegation, capacities raised so that
everyone gets a place, as a real list would), uploads it (the preview: every line checked, then
the whole import run and rolled back), confirms it (the import, written), and uploads it again
(the rerun: nobody added twice). Prints wall-clock and CPU seconds of each step.

Usage: .venv/bin/python bench/imports.py [--people N] [--xlsx]
The target: 2,000 people in under a minute for the whole upload -> preview -> confirm.
"""

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_site import configure_django  # noqa: E402

SESSIONS = ["petit-dejeuner-ess", "repas-mardi-soir", "visite-o-pluriel"]
NAMES = [("Camille", "Martin"), ("Δημήτρης", "Παπαδόπουλος"), ("Zoé", "Bernard"), ("Ana", "Pérez")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2000, help="default: 2,000")
    parser.add_argument("--xlsx", action="store_true", help="upload an XLSX file, not CSV")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as var_dir:
        configure_django(var_dir)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)  # the pages' styles
        call_command("loaddata", "saint_etienne_2018", verbosity=0)
        from programme.models import Session

        Session.objects.filter(slug__in=SESSIONS).update(capacity=arguments.people * 2)
        name, content = people_file(arguments.people, xlsx=arguments.xlsx)
        print(f"{arguments.people:,} people, {name}, {len(content) / 1024:.0f} kB, SQLite\n")
        client = organiser_client()
        print(f"{'step':<28}{'wall s':>8}{'CPU s':>8}")
        for step, url, data in steps(name, content):
            wall, cpu, response = timed(client, url, data)
            assert response.status_code in (200, 302), (step, response.status_code)
            print(f"{step:<28}{wall:>8.1f}{cpu:>8.1f}")
        from registrations.models import Participant, Registration

        print(
            f"\nParticipants: {Participant.objects.count():,}; "
            f"registrations: {Registration.objects.count():,}"
        )


def steps(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from programme.models import StudyVisit

    upload = reverse("admin:registrations_participant_import")
    confirm = reverse("admin:registrations_participant_import_confirm")

    def form():
        return {
            "visit": StudyVisit.objects.get().pk,
            "file": SimpleUploadedFile(name, content),
            "default_language": "fr",
            "join_waiting_list": "on",
            "notify": "on",
            "consent_given": "on",
        }

    yield "upload + preview", upload, form
    yield "confirm (import)", confirm, dict
    yield "upload again (nobody new)", upload, form


def timed(client, url, data):
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.post(url, data(), secure=True)  # DEBUG off: plain HTTP is redirected
    return time.perf_counter() - wall, time.process_time() - cpu, response


def people_file(count: int, *, xlsx: bool) -> tuple[str, bytes]:
    header = ["Last name", "First name", "E-mail", "Country", "Delegation or local", "Sessions"]
    rows = [
        [
            NAMES[n % 4][1],
            f"{NAMES[n % 4][0]} {n}",
            f"person{n}@example.org",
            ["FR", "Greece", "Italia", "España"][n % 4],
            "Partner delegation" if n % 3 == 0 else "Local",
            "; ".join(SESSIONS),
        ]
        for n in range(count)
    ]
    if xlsx:
        from openpyxl import Workbook

        workbook = Workbook()
        for row in [header, *rows]:
            workbook.active.append(row)
        output = io.BytesIO()
        workbook.save(output)
        return "people.xlsx", output.getvalue()
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows([header, *rows])
    return "people.csv", text.getvalue().encode()


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


if __name__ == "__main__":
    main()
