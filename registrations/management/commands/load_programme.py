"""Load the committed programme on first set-up, and leave it alone afterwards.

It lives with the registrations because reloading over sign-ups is a matter of places: the
fixture's capacities go through the same rules as an organiser's change (people waiting get the
new places; a capacity below the places already taken is refused, and nothing is loaded).
"""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from programme.models import Session, StudyVisit
from programme.place_rule import places_taken
from registrations import services

FIXTURE = "saint_etienne_2018"


class Command(BaseCommand):
    help = (
        "Load the programme fixture if the database has no study visit yet. An existing programme "
        "is kept as organisers left it; --reset loads the fixture over it (places already taken "
        "are kept, texts, times and capacities go back to the committed version; people waiting "
        "get any new places; a capacity below the places taken stops the reload)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Load the fixture anyway.")

    def handle(self, *args, reset, **options):
        if StudyVisit.objects.exists() and not reset:
            self.stdout.write(
                "The programme is already loaded; kept as it is (--reset reloads it)."
            )
            return
        with transaction.atomic():
            # Lock every session first, so that no sign-up slips in between check and load.
            before = services.capacities_locked(Session.objects.values_list("pk", flat=True))
            refuse_capacities_below_places_taken(fixture_sessions())
            call_command("loaddata", FIXTURE, verbosity=options["verbosity"])
            # The history gets each capacity the fixture changed, as an organiser's change.
            promoted = services.offer_free_places(capacities_before=before)
        if promoted:
            self.stdout.write(f"{len(promoted)} people waiting got a place.")


def fixture_sessions() -> list[Session]:
    path = Path(settings.FIXTURE_DIRS[0]) / f"{FIXTURE}.yaml"
    with open(path, encoding="utf-8") as fixture:
        objects = serializers.deserialize("yaml", fixture)
        return [item.object for item in objects if isinstance(item.object, Session)]


def refuse_capacities_below_places_taken(sessions) -> None:
    current = Session.objects.in_bulk([session.pk for session in sessions])
    refused = []
    for session in sessions:
        if session.pk not in current or session.capacity is None:
            continue
        now = current[session.pk]
        taken = places_taken(
            confirmed_local=now.confirmed_local,
            confirmed_delegation=now.confirmed_delegation,
            reserved_places=session.reserved_places,
        )
        if session.capacity < taken:
            refused.append(
                _("“%(title)s” (%(day)s): capacity %(capacity)s, but %(taken)s places are taken")
                % {"title": now.title, "day": now.day, "capacity": session.capacity, "taken": taken}
            )
    if refused:
        raise CommandError(
            _("Nothing was loaded: the fixture's capacity is below the places taken for %(list)s.")
            % {"list": "; ".join(refused)}
        )
