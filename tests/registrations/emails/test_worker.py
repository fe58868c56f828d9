"""The e-mail worker as it runs: `manage.py send_emails`, another process, sending over SMTP to a
mail server on loopback. Killed with SIGKILL in the middle of a message to many people, then
started again: everybody gets it (a few twice at most: those in hand when it was killed).
The database away for a while: the worker waits, then sends everything. SIGTERM: it stops
cleanly."""

import os
import signal
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from registrations.models import OutgoingEmail
from tests.registrations.emails.mail_server import MailServer
from tests.registrations.emails.outbox_data import addresses, message_to_many
from tests.registrations.emails.test_over_smtp import database_url_of_this_test
from tests.servers import (
    PYTHON,
    ROOT,
    manage,
    postgres_bin_dir,
    private_postgres,
    site_environment,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Killed, a worker's e-mail in hand comes back after this: short, so that the test is.
SHORT_LEASE = 3


class Worker:
    """`manage.py send_emails` in a process of its own, its output in a file."""

    def __init__(self, database_url: str, server: MailServer, log_dir: Path, *, lease=30):
        environment = site_environment(
            database_url,
            **server.environment(),
            KISS_EMAIL_LEASE_SECONDS=str(lease),
            KISS_EMAIL_RETRY_SECONDS="1",
        )
        self.log_path = log_dir / f"worker-{time.monotonic_ns()}.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    PYTHON,
                    "manage.py",
                    "send_emails",
                    "--interval",
                    "0.2",
                    "--database-retry",
                    "0.5",
                ],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> int:
        """SIGTERM, as systemd sends it: the worker finishes the e-mail in hand and exits."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)

    def end(self) -> None:
        if self.process.poll() is None:
            self.kill()


def wait_until(condition, *, within: float, worker: Worker | None = None) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if worker is not None and worker.process.poll() is not None:
            raise AssertionError(f"The worker exited:\n{worker.log()[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(
                f"Not within {within} s" + (worker.log()[-3000:] if worker else "")
            )
        time.sleep(0.1)


@pytest.fixture
def log_dir():
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory)


def test_worker_killed_three_times_in_the_middle_of_a_message_loses_nobody(log_dir):
    count = 60
    mailing = message_to_many(count)
    with MailServer(delay=0.03) as server:
        for _kill in range(3):
            worker = Worker(database_url_of_this_test(), server, log_dir, lease=SHORT_LEASE)
            enough = len(server.messages) + 8
            wait_until(lambda n=enough: len(server.messages) >= n, within=90, worker=worker)
            worker.kill()
        held = OutgoingEmail.objects.filter(mailing=mailing, state="sending").count()

        worker = Worker(database_url_of_this_test(), server, log_dir, lease=SHORT_LEASE)
        try:
            sent = OutgoingEmail.objects.filter(mailing=mailing, state="sent")
            wait_until(lambda: sent.count() == count, within=120, worker=worker)
            stopped = worker.stop()
        finally:
            worker.end()

    # What the killed workers held (the last two kills within one lease) was taken up again.
    assert held <= 3
    assert (stopped, sorted(set(server.recipients))) == (0, addresses(count))
    # Sent twice only if killed between the mail server's answer and the mark: one per kill.
    assert server.duplicates() <= 3
    assert OutgoingEmail.objects.filter(mailing=mailing).counts()["sent"] == count


def hold_sqlite_write_lock(path: str, seconds: float) -> None:
    """Another program writing for `seconds`: nobody else can write meanwhile."""
    locker = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        time.sleep(seconds)
        locker.execute("COMMIT")
    finally:
        locker.close()


def test_worker_waits_out_a_locked_sqlite_database_then_sends_everything(log_dir):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's outage; PostgreSQL's is the test below.")
    count = 30
    message_to_many(count)
    path = connection.settings_dict["NAME"]
    with MailServer(delay=0.05) as server:
        # The worker waits 1 s for a lock, not 30: the outage shows as errors soon.
        worker = Worker(f"sqlite:///{path}?timeout=1", server, log_dir)
        try:
            wait_until(lambda: len(server.messages) >= 5, within=90, worker=worker)
            hold_sqlite_write_lock(path, seconds=6)
            alive_after_outage = worker.process.poll() is None
            sent = OutgoingEmail.objects.filter(state="sent")
            wait_until(lambda: sent.count() == count, within=90, worker=worker)
            stopped = worker.stop()
        finally:
            worker.end()

    assert (alive_after_outage, stopped) == (True, 0)
    assert "Database unavailable, waiting: database is locked" in worker.log()
    assert sorted(set(server.recipients)) == addresses(count)
    assert server.duplicates() == 0


def sent_on(postgres) -> int:
    with psycopg2.connect(postgres.url) as db, db.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registrations_outgoingemail WHERE state = 'sent'")
        [(count,)] = cursor.fetchall()
    db.close()
    return count


def test_worker_waits_out_a_postgresql_outage_then_sends_everything(log_dir):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's outage; SQLite's is the test above.")
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL's server binaries are missing (apt-get install -y postgresql).")
    count = 30
    with private_postgres(bin_dir) as postgres, MailServer(delay=0.05) as server:
        environment = site_environment(postgres.url)
        manage("migrate", environment=environment)
        code = (
            "from tests.registrations.emails.outbox_data import message_to_many; "
            f"message_to_many({count})"
        )
        manage("shell", "-c", code, environment=environment)
        worker = Worker(postgres.url, server, log_dir)
        try:
            wait_until(lambda: len(server.messages) >= 5, within=90, worker=worker)
            postgres.stop()
            time.sleep(6)
            alive_during_outage = worker.process.poll() is None
            postgres.start()
            wait_until(lambda: sent_on(postgres) == count, within=90, worker=worker)
            stopped = worker.stop()
        finally:
            worker.end()

    assert (alive_during_outage, stopped) == (True, 0)
    assert "Database unavailable, waiting" in worker.log()
    assert sorted(set(server.recipients)) == addresses(count)
    assert server.duplicates() == 0


def running(pid: int) -> bool:
    """Whether the process runs (a zombie nobody has reaped yet has stopped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_worker_started_from_one_shell_stops_from_another(log_dir):
    """The local production trial: started in the background from one shell, which then exits;
    stopped by its pidfile from another shell."""
    pidfile, log = log_dir / "worker.pid", log_dir / "mail.log"
    environment = site_environment(database_url_of_this_test())
    start = f"{PYTHON} manage.py send_emails --pidfile {pidfile} > {log} 2>&1 &"
    subprocess.run(["sh", "-c", start], cwd=ROOT, env=environment, check=True)
    wait_until(pidfile.exists, within=30)
    pid = int(pidfile.read_text())

    stopped = subprocess.run(
        ["sh", "-c", f"kill $(cat {pidfile})"], cwd=ROOT, capture_output=True, text=True
    )
    wait_until(lambda: not running(pid), within=30)

    assert (stopped.returncode, stopped.stderr) == (0, "")
    assert (pidfile.exists(), log.read_text()) == (False, "0 e-mail(s) sent.\n")


def export_state(export_file) -> str:
    export_file.refresh_from_db(fields=["state"])
    return export_file.state


def test_worker_sends_an_email_while_a_big_file_is_being_built(log_dir):
    """Files are built in a thread of the worker: one that takes seconds (the sign-in sheets of
    4,000 people) does not hold back an e-mail queued meanwhile."""
    from bench.organisers_at_scale import build_visit
    from registrations import services
    from registrations.exports.background import request_export

    visit = build_visit(4000)
    sheets = request_export(visit=visit, kind="pdf", language="fr", filename="sheets", user=None)
    with MailServer() as server:
        worker = Worker(database_url_of_this_test(), server, log_dir)
        try:
            wait_until(lambda: export_state(sheets) == "building", within=60, worker=worker)
            services.send_manage_link(visit=visit, email="person7@example.org")
            wait_until(lambda: len(server.messages) == 1, within=60, worker=worker)
            building_when_sent = export_state(sheets)
            wait_until(lambda: export_state(sheets) == "ready", within=120, worker=worker)
            stopped = worker.stop()
        finally:
            worker.end()

    assert (building_when_sent, stopped, server.recipients) == (
        "building",
        0,
        ["person7@example.org"],
    )
