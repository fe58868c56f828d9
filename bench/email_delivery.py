"""E-mail delivery measured from outside: the site under gunicorn (production settings) on a
PostgreSQL cluster of its own, an organiser sending a message to 200 people through the admin,
the real worker (`manage.py send_emails`) sending it over SMTP to a mail server on loopback.

1. Three SIGKILLs of the worker while it sends, each followed by a restart (as systemd's
   Restart=always does): how many people got the message, how many got it twice.
2. The database stopped for 12 s while the worker sends: does the worker survive, and does
   everything arrive?

    .venv/bin/python bench/email_delivery.py [--people 200] [--outage 12] [--smtp-delay 0.02]

Needs PostgreSQL's server programs (apt-get install -y postgresql). Prints figures; asserts
nothing.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg2  # noqa: E402

from tests.registrations.emails.mail_server import MailServer  # noqa: E402
from tests.servers import (  # noqa: E402
    PYTHON,
    Visitor,
    gunicorn,
    manage,
    postgres_bin_dir,
    private_postgres,
    site_environment,
)

ORGANISER = {"username": "organiser", "password": "a-long-bench-password-42"}


def query(url: str, sql: str):
    with psycopg2.connect(url) as db, db.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    db.close()
    return rows


def states(url: str, mailing: int) -> dict[str, int]:
    rows = query(
        url,
        "SELECT state, count(*) FROM registrations_outgoingemail"
        f" WHERE mailing_id = {int(mailing)} GROUP BY state",
    )
    return dict(rows)


def send_message(site_url: str, database_url: str, session: int, subject: str) -> int:
    """Sign in, write to the session's people, preview, send: as an organiser does."""
    organiser = Visitor(site_url)
    form = organiser.get("/en/admin/login/")
    organiser.post("/en/admin/login/?next=/en/admin/", ORGANISER, token=form.form_token())
    write = f"/en/admin/registrations/mailing/write/session/{session}/"
    form = organiser.get(write)
    texts = {"audience": "confirmed", "subject_fr": subject, "body_fr": "Salle B."}
    texts |= {"subject_en": subject, "body_en": "Room B."}
    organiser.post(write, texts, token=form.form_token())
    [(mailing,)] = query(database_url, "SELECT max(id) FROM registrations_mailing")
    preview = f"/en/admin/registrations/mailing/{mailing}/preview/"
    page = organiser.get(preview)
    sent = organiser.post(
        f"/en/admin/registrations/mailing/{mailing}/send/", {}, token=page.form_token()
    )
    print(f"  admin: {sent.page.select_one('.messagelist li').get_text(strip=True)}")
    return mailing


class Worker:
    def __init__(self, environment: dict, log: Path):
        with open(log, "ab") as output:
            self.process = subprocess.Popen(
                [PYTHON, "manage.py", "send_emails", "--interval", "0.2"],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


def wait_until(condition, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def delivered(server: MailServer, subject: str) -> list[str]:
    return [a for rcpt, m in server.messages if m["Subject"].strip() == subject for a in rcpt]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--outage", type=float, default=12, help="seconds the database is down")
    parser.add_argument("--smtp-delay", type=float, default=0.02, help="seconds per message")
    parser.add_argument("--lease", type=int, default=10, help="KISS_EMAIL_LEASE_SECONDS")
    options = parser.parse_args()
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        sys.exit("PostgreSQL's server programs are missing (apt-get install -y postgresql).")
    with (
        tempfile.TemporaryDirectory() as directory,
        private_postgres(bin_dir) as postgres,
        MailServer(delay=options.smtp_delay) as server,
    ):
        environment = site_environment(
            postgres.url,
            **server.environment(),
            DJANGO_SUPERUSER_PASSWORD=ORGANISER["password"],
            KISS_EMAIL_LEASE_SECONDS=str(options.lease),
            DJANGO_LOG_LEVEL="WARNING",
        )
        manage("migrate", environment=environment)
        manage("setup_organisers", environment=environment)
        manage("createsuperuser", "--noinput", "--username", ORGANISER["username"],
               "--email", "organiser@example.org", environment=environment)  # fmt: skip
        code = (
            "from tests.registrations.outbox_data import people_with_a_place; "
            f"people_with_a_place({options.people})"
        )
        manage("shell", "-c", code, environment=environment)
        [(session,)] = query(postgres.url, "SELECT id FROM programme_session")
        log = Path(directory, "worker.log")
        print(f"{options.people} people; SMTP server answering in {options.smtp_delay} s per "
              f"message; lease {options.lease} s")  # fmt: skip
        with gunicorn(environment, workers=2, log_dir=Path(directory)) as site:
            kills(site.url, session, postgres, server, environment, log, options)
            outage(site.url, session, postgres, server, environment, log, options)


def kills(site_url, session, postgres, server, environment, log, options) -> None:
    print("\n1. Three kill -9 of the worker while it sends, each followed by a restart")
    subject = "Room change"
    started = time.monotonic()
    mailing = send_message(site_url, postgres.url, session, subject)
    worker = Worker(environment, log)
    for kill in range(1, 4):
        target = kill * options.people // 4
        wait_until(lambda t=target: len(delivered(server, subject)) >= t, within=300)
        held = states(postgres.url, mailing).get("sending", 0)
        worker.kill()
        print(f"  kill -9 #{kill} after {len(delivered(server, subject))} received "
              f"({held} marked sending)")  # fmt: skip
        worker = Worker(environment, log)
    everything = wait_until(
        lambda: states(postgres.url, mailing).get("sent", 0) == options.people, within=600
    )
    stopped = worker.stop()
    report(server, subject, options.people, time.monotonic() - started, everything)
    print(f"  worker stopped by SIGTERM with exit status {stopped}")


def outage(site_url, session, postgres, server, environment, log, options) -> None:
    print(f"\n2. The database stopped for {options.outage:g} s while the worker sends")
    subject = "Bus at 9"
    started = time.monotonic()
    mailing = send_message(site_url, postgres.url, session, subject)
    worker = Worker(environment, log)
    wait_until(lambda: len(delivered(server, subject)) >= options.people // 4, within=300)
    postgres.stop()
    down = time.monotonic()
    print(f"  database stopped after {len(delivered(server, subject))} received")
    time.sleep(max(0.0, options.outage - (time.monotonic() - down)))
    alive = worker.process.poll() is None
    postgres.start()
    print(f"  database back after {time.monotonic() - down:.1f} s; worker alive: {alive}")
    everything = wait_until(
        lambda: states(postgres.url, mailing).get("sent", 0) == options.people, within=600
    )
    alive_after = worker.process.poll() is None
    stopped = worker.stop()
    report(server, subject, options.people, time.monotonic() - started, everything)
    print(f"  worker still running afterwards: {alive_after}; SIGTERM exit status {stopped}")


def report(server, subject, people, seconds, everything) -> None:
    received = delivered(server, subject)
    distinct = len(set(received))
    print(f"  delivered: {distinct} of {people} people; duplicates: {len(received) - distinct}; "
          f"all marked sent: {everything}; {seconds:.1f} s from Send to the last mark")  # fmt: skip


if __name__ == "__main__":
    main()
