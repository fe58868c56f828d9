"""Erase participants' personal data some days after their visit ends, keeping anonymous counts;
forget old rate-limit counters and the private links asked for unknown addresses."""

from django.conf import settings
from django.core.management.base import BaseCommand

from registrations.erasure import purge_personal_data
from registrations.models import OutgoingEmail, Participant
from registrations.throttle import forget_old_counters


class Command(BaseCommand):
    help = (
        "Anonymise the participants of every study visit that ended more than DAYS days ago "
        "(default: the retention period in the privacy notice). Statuses, countries, languages "
        "and delegation membership stay, so the counts remain. Also deletes rate-limit counters "
        "older than a day, and the "
        "requests for a private link for an unknown address made more than a week ago."
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
        counters = forget_old_counters()
        emails, _ = OutgoingEmail.objects.for_nobody(older_than_days=7).delete()
        self.stdout.write(
            f"{counters} rate-limit counter(s) and {emails} e-mail(s) to nobody deleted."
        )
