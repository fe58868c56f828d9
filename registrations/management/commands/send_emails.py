"""The e-mail worker: sends what the site queues in the outbox, one e-mail at a time, for as long
as it runs; beside it, in a thread, it builds the whole-visit files organisers asked for
(registrations/exports/background.py). Run it beside the site (`make run`; a systemd service
in production).

It outlives the database: an outage is waited out (connections closed, then retried every few
seconds) and what it held comes back when its lease runs out. SIGTERM and Ctrl+C let the e-mail
in hand finish, then stop. With --pidfile it writes its process id there while it runs, so that
any shell can stop it (`kill $(cat var/worker.pid)`), not only the one that started it."""

import logging
import os
import signal
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from registrations.emails.delivery import claim_next, close_connections, deliver
from registrations.exports.background import FileBuilder, build_next_export
from registrations.services.reminders import queue_reminders

logger = logging.getLogger("registrations.emails.delivery")
# Stopped (SIGTERM, Ctrl+C), the worker lets a file being built finish for this long: less than
# systemd's 90 s before it kills.
BUILD_FINISHING_SECONDS = 60


class Command(BaseCommand):
    help = "Send the queued e-mails, and keep sending as more are queued."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue."
        )
        parser.add_argument(
            "--database-retry",
            type=float,
            default=2.0,
            help="Seconds between attempts while the database is unreachable.",
        )
        parser.add_argument(
            "--reminders-every",
            type=float,
            default=300.0,
            help="Seconds between looks for reminders to queue (0: never).",
        )
        parser.add_argument("--until-empty", action="store_true", help="Stop once nothing is due.")
        parser.add_argument(
            "--pidfile", type=Path, help="Write the process id to this file while running."
        )

    def handle(self, *args, pidfile, **options):
        if pidfile is None:
            return self.send(**options)
        pidfile.write_text(f"{os.getpid()}\n")
        try:
            return self.send(**options)
        finally:
            pidfile.unlink(missing_ok=True)

    def send(self, *, interval, database_retry, until_empty, reminders_every=300.0, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        # Started in the background (make run), Ctrl+C is not for us: the shell stops us.
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, self.stop)
        sent = 0
        next_reminders = time.monotonic()
        # Files are built beside the e-mails, in a thread; once through (--until-empty), after
        # them, in this one.
        builder = None
        if not until_empty:
            builder = FileBuilder(interval=interval, database_retry=database_retry)
            builder.start()
        while not self.stopping:
            try:
                email = claim_next()
                if email is not None:
                    sent += deliver(email) == "sent"
                    continue
                # Between e-mails, now and then: the reminders whose hour has come (queued once).
                if reminders_every and time.monotonic() >= next_reminders:
                    next_reminders = time.monotonic() + reminders_every
                    if queue_reminders():
                        continue
                if until_empty and build_next_export():
                    continue
            except DatabaseError as error:
                logger.warning("Database unavailable, waiting: %s", error)
                close_connections()
                self.pause(database_retry)
                continue
            if until_empty:
                break
            self.pause(interval)
        if builder is not None:
            builder.stop(within=BUILD_FINISHING_SECONDS)
        self.stdout.write(f"{sent} e-mail(s) sent.")

    def stop(self, signum, frame):
        self.stopping = True

    def pause(self, seconds: float):
        """Sleep, but wake up at once to stop."""
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.1, seconds))
