"""Benchmark of erasure (not a test): what it costs to erase one person, and to purge a whole
visit, now that erasure looks through every table that may hold them (organisers' messages and
notes, the admin's history, the e-mail queue, the sessions, the sign-in attempts).

Builds a visit of N participants (default 500) with, per participant, a few history notes
naming someone, an admin history entry, an e-mail task and a browser session, plus 50
organisers' messages, in a throwaway SQLite database. Then prints the seconds and queries of one
erasure through the service, and of the retention purge of the whole visit.

Usage: .venv/bin/python bench/erasure.py [--participants N]
"""

import argparse
import datetime
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_site import configure_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=500, help="default: 500")
    count = parser.parse_args().participants
    with tempfile.TemporaryDirectory(prefix="bench-erasure-") as var_dir:
        configure_django(var_dir)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        visit, people = build_visit(count)
        print(f"{count:,} participants, SQLite, {sys.version.split()[0]}")
        print(f"rows looked through: {rows_looked_through()}\n")
        measure("one erasure (private link)", lambda: erase_one(people[0]))
        measure(f"purge of the visit ({count - 1:,} people)", lambda: purge(visit))


def build_visit(count: int):
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.auth.models import User
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from programme.models import StudyVisit
    from registrations.domain.addresses import email_key
    from registrations.models import Change, OutgoingEmail, Participant
    from registrations.models.mailing import Mailing

    end = datetime.date.today() - datetime.timedelta(days=200)
    visit = StudyVisit.objects.create(
        slug="bench", title_fr="Banc", title_en="Bench", city="Saint-Etienne",
        start_date=end - datetime.timedelta(days=3), end_date=end, is_published=True,
    )  # fmt: skip
    now = timezone.now()
    people = Participant.objects.bulk_create(
        Participant(
            visit=visit, first_name=f"Prénom{n}", last_name=f"Nom{n}",
            email=f"personne{n}@example.org", email_key=email_key(f"personne{n}@example.org"),
            consented_at=now, privacy_notice_version="bench", manage_token=f"token-{n}",
        )
        for n in range(count)
    )  # fmt: skip
    user = User.objects.create_user("orga")
    kind = ContentType.objects.get_for_model(Participant)
    Change.objects.bulk_create(
        Change(actor="organiser", action="line", participant=p, note=f"Avant Nom{(i + 1) % count}")
        for i, p in enumerate(people)
        for _ in range(3)
    )
    LogEntry.objects.bulk_create(
        LogEntry(user=user, content_type=kind, object_id=str(p.pk), object_repr=str(p),
                 action_flag=ADDITION, change_message="[]")
        for p in people
    )  # fmt: skip
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(kind="confirmation", participant=p, state="sent", sent_at=now,
                      subject="Votre inscription")
        for p in people
    )  # fmt: skip
    for p in people:
        session = SessionStore()
        session["seen"] = p.pk
        session.create()
    Mailing.objects.bulk_create(
        Mailing(visit=visit, audience="confirmed", subject_fr=f"Pour Nom{n}", body_fr="Texte",
                subject_en=f"For Nom{n}", body_en="Text", created_by=user)
        for n in range(50)
    )  # fmt: skip
    return visit, people


def rows_looked_through() -> str:
    from django.contrib.admin.models import LogEntry
    from django.contrib.sessions.models import Session

    from registrations.models import Change, OutgoingEmail
    from registrations.models.mailing import Mailing

    counts = {
        "history": Change.objects.count(),
        "admin log": LogEntry.objects.count(),
        "e-mails": OutgoingEmail.objects.count(),
        "sessions": Session.objects.count(),
        "messages": Mailing.objects.count(),
    }
    return ", ".join(f"{name} {n:,}" for name, n in counts.items())


def erase_one(participant) -> None:
    from registrations import services

    services.erase_participant(participant=participant)


def purge(visit) -> None:
    from registrations.domain.erasure import purge_personal_data

    purge_personal_data(older_than_days=90, recent_days=0)


def measure(label: str, action) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        action()
        seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.2f} s, {len(queries):,} queries")


if __name__ == "__main__":
    main()
