"""Read logic for participants and registrations."""

import datetime

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone


class ParticipantQuerySet(models.QuerySet):
    def active(self):
        """Participants whose personal data has not been erased."""
        return self.filter(erased_at__isnull=True)

    def matching(self, words: str):
        """Participants whose names, address or organisation hold every word typed, with or
        without accents, in any case (see registrations/domain/search.py)."""
        from registrations.domain.search import fold

        found = self
        for word in fold(words).split():
            found = found.filter(search_text__contains=word)
        return found

    def with_email(self, email: str):
        """Active participants with this mailbox, however the address is spelt."""
        from registrations.domain.addresses import email_key

        return self.active().filter(email_key=email_key(email))

    def of_visits_ended_before(self, *, older_than_days: int, today=None):
        """Participants not yet anonymised whose visit ended more than `older_than_days` ago."""
        today = today or timezone.localdate()
        limit = today - datetime.timedelta(days=older_than_days)
        return self.active().filter(visit__end_date__lt=limit)

    def touched_within(self, days: int):
        """Participants who signed up, or whose details or sessions changed, in the last
        `days` days (a registration's updated_at moves with every change of its status)."""
        since = timezone.now() - datetime.timedelta(days=days)
        registrations = self.model._meta.get_field("registrations").related_model.objects
        recent = registrations.filter(participant=OuterRef("pk"), updated_at__gte=since)
        return self.filter(Q(created_at__gte=since) | Q(updated_at__gte=since) | Exists(recent))

    def due_for_purge(self, *, older_than_days: int, recent_days: int, today=None):
        """Participants whose personal data the retention policy erases: their visit ended more
        than `older_than_days` ago, and nothing of theirs was entered or changed in the last
        `recent_days` days, whatever the visit's dates (someone signing up for a past visit,
        by mistake or for a trial, is not erased the next night)."""
        ended = self.of_visits_ended_before(older_than_days=older_than_days, today=today)
        return ended.exclude(pk__in=self.touched_within(recent_days).values("pk"))


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status="cancelled")

    def confirmed(self):
        return self.filter(status="confirmed")

    def waiting(self):
        return self.filter(status="waiting")

    def in_waiting_order(self):
        """First come, first served, unless an organiser moved someone. Ranks are given under
        the session's lock, so they follow the order people joined; unlike a timestamp, that
        does not depend on the clocks of several app servers agreeing."""
        return self.waiting().order_by("waiting_rank", "pk")

    def in_programme_order(self):
        return self.order_by("session__day__date", "session__order", "session__start_time", "pk")

    def confirmed_then_waiting(self):
        """A session's people as organisers read them: confirmed (by name), then the waiting
        list in the order it will be served, then cancellations."""
        group = models.Case(
            models.When(status="confirmed", then=0),
            models.When(status="waiting", then=1),
            default=2,
        )
        return self.order_by(
            group, "waiting_rank", "participant__last_name", "participant__first_name", "pk"
        )

    def with_session_details(self):
        return self.select_related("session__day__visit", "session__venue")

    def with_waiting_position(self):
        """Annotate `waiting_position`: 1 for the first in line, None when not waiting."""
        ahead = (
            self.model.objects.waiting()
            .filter(session=OuterRef("session"))
            .filter(waiting_rank__lt=OuterRef("waiting_rank"))
            .order_by()
            .values("session")
            .annotate(count=Count("pk"))
            .values("count")
        )
        position = models.Case(
            models.When(status="waiting", then=Coalesce(Subquery(ahead), 0) + 1),
            default=None,
            output_field=models.IntegerField(),
        )
        return self.annotate(waiting_position=position)
