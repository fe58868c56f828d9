"""Erase participants' personal data some days after their visit ends, keeping anonymous counts."""

from django.conf import settings
from django.core.management.base import BaseCommand

from registrations.models import Participant
from registrations.services import purge_personal_data


class Command(BaseCommand):
    help = (
        "Anonymise the participants of every study visit that ended more than DAYS days ago "
        "(default: the retention period in the privacy notice). Statuses, countries, languages "
        "and delegation membership stay, so the counts remain."
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
