"""Read logic for the programme: each page asks one of these for what it shows."""

from django.db import models, transaction
from django.dispatch import Signal


class StudyVisitQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def featured(self):
        """The visit the home page presents: the latest published one."""
        return self.published().order_by("-start_date").first()


class DayQuerySet(models.QuerySet):
    def with_sessions(self, sessions):
        """Days with their sessions loaded in one extra query, in programme order."""
        return self.prefetch_related(models.Prefetch("sessions", queryset=sessions))


class VenueQuerySet(models.QuerySet):
    def of_visit(self, visit):
        """The visit's venues, each with its sessions of the visit (in programme order, with
        their days) loaded in one extra query."""
        sessions = self.model._meta.get_field("sessions").related_model.objects
        sessions = sessions.filter(day__visit=visit)
        return (
            self.filter(sessions__day__visit=visit)
            .distinct()
            .prefetch_related(
                models.Prefetch(
                    "sessions", queryset=sessions.select_related("day").in_programme_order()
                )
            )
        )


# Sessions' rows were written with update() (places and capacities, by the place steps), in the
# current transaction of the `using` database; `places_only` when only the counters of places
# changed. The page cache (programme/page_cache.py) listens, so the querysets need not know it.
sessions_written = Signal()

# The columns a sign-up or a cancellation writes: only the places shown change with them.
PLACE_COUNTERS = frozenset({"confirmed_local", "confirmed_delegation"})


class SessionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Places and capacities are written with update() (registrations/domain/place_steps.py):
        whoever shows them hears of it (the page cache drops its pages)."""
        # One transaction, so that the new pages version commits with the rows it stands for.
        with transaction.atomic(using=self.db, savepoint=False):
            rows = super().update(**kwargs)
            if rows:
                places_only = set(kwargs) <= PLACE_COUNTERS
                sessions_written.send(sender=self.model, using=self.db, places_only=places_only)
        return rows

    def published(self):
        return self.filter(day__visit__is_published=True)

    def in_programme_order(self):
        return self.order_by("day__date", "order", "start_time", "pk")

    def open_for_signup(self):
        return self.filter(is_open_for_signup=True)

    def offered_in(self, visit):
        """The sessions of the visit open for sign-up, as a listing shows them."""
        return self.filter(day__visit=visit).open_for_signup().for_listing()

    def for_listing(self):
        """What a programme listing shows of each session: its day and venue, in programme
        order. Places left come from the session's own counters: no extra query."""
        return self.select_related("day", "venue").in_programme_order()

    def for_detail(self):
        return self.select_related("day__visit", "venue")
