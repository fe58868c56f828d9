"""Building the whole-visit files organisers ask for on the dashboard, one at a time, outside
any request: claim a waiting file under a lease, as the outbox does
(registrations/domain/leases.py), build it from the same writers as the downloads, store it.
The e-mail worker (`manage.py send_emails`) does it in a thread of its own (FileBuilder), so that
a file that takes half a minute does not hold back the e-mails queued meanwhile.

A worker killed while building leaves the row `building` until its lease runs out; then another
takes it up again. Files are kept a day: they hold personal data."""

import datetime
import logging
import threading
import traceback

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone, translation

from programme.models import Session
from registrations.domain.leases import claim_under_lease
from registrations.exports.badges import badge_rows, badges_pdf
from registrations.exports.people import people_for_export
from registrations.exports.rows import registrations_for_export
from registrations.exports.signin import signin_pdf, signin_sheets
from registrations.exports.spreadsheets import xlsx_file
from registrations.models import ExportFile

logger = logging.getLogger(__name__)
State = ExportFile.State
LEASE = datetime.timedelta(minutes=10)  # far longer than the biggest file takes
EXTENSIONS = {"xlsx": "xlsx", "pdf": "pdf", "badges": "pdf"}


def request_export(*, visit, kind: str, language: str, filename: str, badge_language="", user):
    """The file of that kind, visit and languages: the one already being prepared, or a new
    one, waiting for the worker (asking twice does not build twice)."""
    with transaction.atomic():
        asked = {"visit": visit, "kind": kind, "language": language}
        asked["badge_language"] = badge_language
        waiting = ExportFile.objects.filter(**asked, state__in=[State.WAITING, State.BUILDING])
        existing = waiting.first()
        if existing is not None:
            return existing
        extension = EXTENSIONS[kind]
        return ExportFile.objects.create(
            **asked, filename=f"{filename}.{extension}", requested_by=user
        )


def claim_next() -> ExportFile | None:
    """Take the oldest file due, for LEASE."""
    return claim_under_lease(
        ExportFile.objects,
        order_by=("created_at", "pk"),
        lease=LEASE,
        changes={"state": State.BUILDING},
        related=("visit",),
    )


def build(export_file: ExportFile) -> str:
    """Build a claimed file and store it; a failure is recorded on the row (the organiser sees
    it and may ask again), never raised: the next file still gets built."""
    try:
        with translation.override(export_file.language or settings.LANGUAGE_CODE):
            content = CONTENT[export_file.kind](export_file)
    except Exception:  # any bug in a writer: recorded, and the worker goes on
        logger.exception("Building export file %s failed", export_file.pk)
        state, content, error = State.FAILED, b"", traceback.format_exc(limit=3)
    else:
        state, error = State.READY, ""
    ExportFile.objects.filter(pk=export_file.pk, state=State.BUILDING).update(
        state=state, content=content, error=error, finished_at=timezone.now(), lease_until=None
    )
    return state


def visit_sessions(export_file: ExportFile):
    return Session.objects.filter(day__visit=export_file.visit_id)


def xlsx_content(export_file: ExportFile) -> bytes:
    with xlsx_file(registrations_for_export(visit_sessions(export_file))) as file:
        return file.read()


def signin_content(export_file: ExportFile) -> bytes:
    return signin_pdf(signin_sheets(visit_sessions(export_file)))


def badges_content(export_file: ExportFile) -> bytes:
    people = people_for_export(visit_sessions(export_file), confirmed_only=True)
    return badges_pdf(badge_rows(people, language=export_file.badge_language or None))


CONTENT = {"xlsx": xlsx_content, "pdf": signin_content, "badges": badges_content}


def build_next_export() -> bool:
    """Build the next file due, if any, after deleting those older than a day; True if one was
    built."""
    ExportFile.objects.expired().delete()
    export_file = claim_next()
    if export_file is None:
        return False
    build(export_file)
    return True


class FileBuilder(threading.Thread):
    """Builds the files due, one after the other, beside the e-mail worker's loop; then looks
    again every `interval` seconds, until stopped. Its own database connection, closed when it
    ends. An outage is waited out, as the worker does."""

    def __init__(self, *, interval: float, database_retry: float):
        super().__init__(name="kiss-file-builder", daemon=True)
        self.interval, self.database_retry = interval, database_retry
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                try:
                    if build_next_export():
                        continue
                except DatabaseError as error:
                    logger.warning("Database unavailable, files wait: %s", error)
                    connections.close_all()
                    self.stopping.wait(self.database_retry)
                    continue
                self.stopping.wait(self.interval)
        finally:
            connections.close_all()

    def stop(self, *, within: float) -> None:
        """Stop looking; a file being built is finished if it takes less than `within` seconds
        (else its lease runs out and another worker builds it again)."""
        self.stopping.set()
        self.join(within)
