"""Run by pretix's own Python (never ours): creates the organiser `kiss` (if missing) and a fresh
event with what our visit has, read as JSON on standard input (bench/pretix_shop.py builds it
from our programme fixture): one product per session of the programme, in a category per day,
with its French title and description, and for each session open for sign-up a quota of its own
with the session's capacity (the others have none: shown, not for sale, as on our site). A new
event each run (its slug is the first argument), so that no quota starts sold out and pretix
counts no order of an earlier run.

Prints the ids of the products for sale, in the programme's order.

Usage (bench/pretix_shop.py does it):
  PRETIX_CONFIG_FILE=... <pretix venv>/bin/python bench/pretix_event.py <slug> < programme.json
"""

import datetime
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretix.settings")

import django

django.setup()

from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from pretix.base.models import Event, Item, ItemCategory, Organizer, Quota  # noqa: E402


def create_event(slug: str, days: list[dict]) -> list[int]:
    organizer, _ = Organizer.objects.get_or_create(slug="kiss", defaults={"name": "KISS"})
    now = timezone.now()
    event = Event.objects.create(
        organizer=organizer,
        name="KISS study visit — Saint-Etienne",
        slug=slug,
        currency="EUR",
        date_from=now + datetime.timedelta(days=60),
        date_to=now + datetime.timedelta(days=65),
        presale_start=now - datetime.timedelta(days=1),
        live=True,
        plugins="pretix.plugins.sendmail,pretix.plugins.statistics",
    )
    event.set_defaults()
    for_sale, position = [], 0
    for number, day in enumerate(days, start=1):
        category = ItemCategory.objects.create(event=event, name=day["name"], position=number)
        for session in day["sessions"]:
            position += 1
            item = Item.objects.create(
                event=event,
                category=category,
                name=session["title"],
                description=session["description"],
                default_price=0,
                admission=True,
                position=position,
            )
            if session["capacity"] is not None:
                quota = Quota.objects.create(
                    event=event, name=session["title"][:190], size=session["capacity"]
                )
                quota.items.add(item)
                for_sale.append(item.pk)
    return for_sale


with scopes_disabled():
    print(" ".join(str(pk) for pk in create_event(sys.argv[1], json.load(sys.stdin))))
