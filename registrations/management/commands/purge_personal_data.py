"""Erase participants' personal data some days after their visit ends, keeping anonymous counts;
forget expired sessions, old rate-limit counters and the e-mail queue's finished tasks."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session as BrowserSession
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from registrations.erasure import purge_personal_data
from registrations.models import Participant
from registrations.throttle import forget_old_counters

FINISHED_TASKS_KEPT = datetime.timedelta(days=7)


class Command(BaseCommand):
    help = (
        "Anonymise the participants of every study visit that ended more than DAYS days ago "
        "(default: the retention period in the privacy notice). Statuses, countries, languages "
        "and delegation membership stay, so the counts remain. Also deletes expired sessions, "
        "rate-limit counters older than a day and e-mail tasks finished more than a week ago."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.PERSONAL_DATA_RETENTION_DAYS)
        parser.add_argument("--dry-run", action="store_true", help="Only say how many.")

    def handle(self, *args, days, dry_run, **options):
        if dry_run:
            count = Participant.objects.due_for_purge(older_than_days=days).count()
            self.stdout.write(f"{count} participant(s) would be anonymised.")
            return
        count = purge_personal_data(older_than_days=days)
        self.stdout.write(f"{count} participant(s) anonymised.")
        self.stdout.write(f"{clear_expired_sessions()} expired session(s) deleted.")
        counters = forget_old_counters()
        tasks, _ = (
            DBTaskResult.objects.finished()
            .filter(finished_at__lt=timezone.now() - FINISHED_TASKS_KEPT)
            .delete()
        )
        self.stdout.write(
            f"{counters} rate-limit counter(s) and {tasks} finished e-mail task(s) deleted."
        )


def clear_expired_sessions() -> int:
    """Django never deletes an expired session by itself (`clearsessions` does): without this,
    the session of a visitor who never came back would stay in the database for good."""
    expired = BrowserSession.objects.filter(expire_date__lt=timezone.now()).count()
    call_command("clearsessions")
    return expired
