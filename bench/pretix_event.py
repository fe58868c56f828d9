"""Run by pretix's own Python (never ours): creates, if missing, the organiser `kiss` and the event
`saint-etienne-2018` with the same shape as our visit: 25 sessions, each a free admission
product with its own quota. Quotas are unlimited so that a long benchmark never sells out (our
site puts extra people on waiting lists, which costs it as much as a confirmation).

Usage (bench/pretix_shop.py does it):
  PRETIX_CONFIG_FILE=... <pretix venv>/bin/python bench/pretix_event.py
"""

import datetime
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretix.settings")

import django

django.setup()

from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from pretix.base.models import Event, Item, Organizer, Quota  # noqa: E402

SESSIONS = 25


def create_event() -> Event:
    organizer, _ = Organizer.objects.get_or_create(slug="kiss", defaults={"name": "KISS"})
    event = Event.objects.filter(organizer=organizer, slug="saint-etienne-2018").first()
    if event:
        return event
    now = timezone.now()
    event = Event.objects.create(
        organizer=organizer,
        name="KISS study visit — Saint-Etienne",
        slug="saint-etienne-2018",
        currency="EUR",
        date_from=now + datetime.timedelta(days=60),
        date_to=now + datetime.timedelta(days=65),
        presale_start=now - datetime.timedelta(days=1),
        live=True,
        plugins="pretix.plugins.sendmail,pretix.plugins.statistics",
    )
    event.set_defaults()
    for number in range(1, SESSIONS + 1):
        item = Item.objects.create(
            event=event,
            name=f"Session {number}: a visit of the programme",
            default_price=0,
            admission=True,
            position=number,
        )
        quota = Quota.objects.create(event=event, name=f"Session {number}", size=None)
        quota.items.add(item)
    return event


with scopes_disabled():
    event = create_event()
    items = list(event.items.order_by("position").values_list("pk", flat=True))
    print(" ".join(str(pk) for pk in items))
