"""Erase participants' personal data some days after their visit ends, keeping anonymous counts;
forget expired sessions, old rate-limit counters and the private links asked for unknown
addresses.

Nothing entered or changed in the last KISS_RETENTION_RECENT_DAYS days is erased, whatever the
visit's dates. `--dry-run` says, visit by visit, what a run would do and why; a run says what
it did, in the same words (the daily timer's journal keeps it)."""

from django.conf import settings
from django.contrib.sessions.models import Session as BrowserSession
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from registrations.domain.erasure import purge_personal_data, retention_plan
from registrations.domain.limits import forget_old_counters
from registrations.models import OutgoingEmail


class Command(BaseCommand):
    help = (
        "Anonymise the participants of every study visit that ended more than DAYS days ago "
        "(default: the retention period in the privacy notice), except those who signed up or "
        "changed their registration in the last KISS_RETENTION_RECENT_DAYS days. Statuses, "
        "countries, languages and delegation membership stay, so the counts remain. Also "
        "deletes expired sessions, rate-limit counters older than a day, and the requests for a "
        "private link for an unknown address made more than a week ago."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.PERSONAL_DATA_RETENTION_DAYS)
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done, visit by visit."
        )

    def handle(self, *args, days, dry_run, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        recent = settings.PERSONAL_DATA_RECENT_DAYS
        self.stdout.write(
            f"Policy: personal data is erased {days} day(s) after the end of its visit, and "
            f"never within {recent} day(s) of being entered or changed."
        )
        plan = retention_plan(older_than_days=days, recent_days=recent)
        done = None if dry_run else purge_personal_data(older_than_days=days, recent_days=recent)
        for line in plan:
            self.stdout.write(self.describe(line, done, recent=recent))
        if dry_run:
            due = sum(line.due for line in plan)
            self.stdout.write(f"{due} participant(s) would be anonymised. Nothing was changed.")
            return
        self.stdout.write(f"{sum(done.values())} participant(s) anonymised.")
        self.stdout.write(f"{clear_expired_sessions()} expired session(s) deleted.")
        counters = forget_old_counters()
        emails, _ = OutgoingEmail.objects.for_nobody(older_than_days=7).delete()
        self.stdout.write(
            f"{counters} rate-limit counter(s) and {emails} e-mail(s) to nobody deleted."
        )

    @staticmethod
    def describe(line, done, *, recent: int) -> str:
        """One visit: what was (or would be) anonymised, what is kept and why."""
        parts = [
            f"{line.due} would be anonymised"
            if done is None
            else f"{done[line.visit.pk]} anonymised"
        ]
        if line.recent:
            parts.append(f"{line.recent} kept: entered or changed in the last {recent} day(s)")
        if line.waiting:
            parts.append(f"{line.waiting} kept until {line.erased_from:%Y-%m-%d}")
        return f"{line.visit.slug} (ended {line.visit.end_date:%Y-%m-%d}): " + "; ".join(parts)


def clear_expired_sessions() -> int:
    """Django never deletes an expired session by itself (`clearsessions` does): without this,
    the session of a visitor who never came back would stay in the database for good."""
    expired = BrowserSession.objects.filter(expire_date__lt=timezone.now()).count()
    call_command("clearsessions")
    return expired
