"""Load the committed programme on first set-up, and leave it alone afterwards."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from programme.models import StudyVisit

FIXTURE = "saint_etienne_2018"


class Command(BaseCommand):
    help = (
        "Load the programme fixture if the database has no study visit yet. An existing programme "
        "is kept as organisers left it; --reset loads the fixture over it (places already taken "
        "are kept, texts, times and capacities go back to the committed version)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Load the fixture anyway.")

    def handle(self, *args, reset, **options):
        if StudyVisit.objects.exists() and not reset:
            self.stdout.write(
                "The programme is already loaded; kept as it is (--reset reloads it)."
            )
            return
        call_command("loaddata", FIXTURE, verbosity=options["verbosity"])
