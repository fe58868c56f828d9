"""Starting the next study visit from an existing one (KISS runs four, one per partner country).

The copy is a new, unpublished visit: its days shifted to the new dates, its sessions, venues,
capacities and texts (in every language) copied, nobody's registration. Organisers then adapt it
and publish it when it is ready: until then the public never sees it."""

import datetime

from django.db import transaction
from django.utils.text import slugify
from modeltranslation.translator import translator

from programme.models import Day, Session, StudyVisit, Venue

# Filled in anew, not copied: who holds places, and what the calendars were sent.
NOT_COPIED = {"id", "confirmed_local", "confirmed_delegation", "schedule_version"}


def copy_visit(*, visit: StudyVisit, slug: str, city: str, start_date: datetime.date) -> StudyVisit:
    """Copy `visit` as a new unpublished visit starting on `start_date`, in one transaction.
    Every date moves by the same number of days (the registration window too); copied venues
    and sessions get slugs of their own, so that editing the copy never changes the original's
    pages. Places taken start at zero."""
    shift = start_date - visit.start_date
    with transaction.atomic():
        copy = copied(visit, slug=slug, city=city, is_published=False)
        copy.start_date, copy.end_date = visit.start_date + shift, visit.end_date + shift
        for name in ("registration_opens_at", "registration_closes_at"):
            moment = getattr(visit, name)
            setattr(copy, name, moment + shift if moment else None)
        copy.save()
        days = {
            day.pk: Day.objects.create(**fields_of(day, visit=copy, date=day.date + shift))
            for day in visit.days.all()
        }
        sessions = Session.objects.filter(day__visit=visit).select_related("venue")
        venues = {}
        for session in sessions.order_by("pk"):
            venue = session.venue
            if venue is not None and venue.pk not in venues:
                venues[venue.pk] = Venue.objects.create(
                    **fields_of(venue, slug=free_slug(Venue, venue.slug, slug))
                )
            Session.objects.create(
                **fields_of(
                    session,
                    day=days[session.day_id],
                    venue=venues[venue.pk] if venue else None,
                    slug=free_slug(Session, session.slug, slug),
                )
            )
    return copy


def copied(obj, **changes):
    return type(obj)(**fields_of(obj, **changes))


def fields_of(obj, **changes) -> dict:
    """The stored values of `obj` (each language's column of a translated text included), with
    `changes` instead of theirs; never its primary key or counters."""
    # A translated text is copied column by column (title_fr, title_en...): its untranslated
    # name would stand for the active language's column only.
    translated = translator.get_options_for_model(type(obj)).all_fields.keys()
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.attname not in NOT_COPIED and field.attname not in translated
    }
    for name, value in changes.items():
        values.pop(f"{name}_id", None)
        values[name] = value
    return values


def free_slug(model, slug: str, visit_slug: str) -> str:
    """`<slug>-<visit slug>`, cut to the field's length, numbered if already taken."""
    length = model._meta.get_field("slug").max_length
    base = slugify(f"{slug}-{visit_slug}")[:length].strip("-")
    candidate, n = base, 2
    while model.objects.filter(slug=candidate).exists():
        suffix = f"-{n}"
        candidate, n = f"{base[: length - len(suffix)]}{suffix}", n + 1
    return candidate
