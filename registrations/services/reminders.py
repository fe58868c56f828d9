"""Reminders: the day before each day of a visit, at the hour organisers chose (local time in
the visit's city), one e-mail to each person confirmed in a session that day, in their language,
with that day's sessions and their check-in code. Queued in the outbox like every e-mail; the
worker renders it when it leaves, from the registrations of that moment.

Run by `manage.py queue_reminders` (a timer) and by the e-mail worker between e-mails. Whoever
runs it, and however often, a person gets one reminder per day: each is queued with a row of
ReminderSent, unique per person and day, in the same transaction."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from programme.models import Day
from registrations.models import OutgoingEmail, Participant, ReminderSent, VisitOptions


def due_days(now: datetime.datetime) -> list[Day]:
    """Tomorrow's day of every visit whose reminders are on and whose hour has come today."""
    days = []
    for options in VisitOptions.objects.filter(reminders_on=True).select_related("visit"):
        local = timezone.localtime(now, options.visit.tzinfo)
        if local.hour >= options.reminder_hour:
            tomorrow = local.date() + datetime.timedelta(days=1)
            days.extend(Day.objects.filter(visit=options.visit, date=tomorrow))
    return days


def queue_reminders(*, now: datetime.datetime | None = None) -> int:
    """Queue the reminders that are due and not queued yet; returns how many. Idempotent."""
    now = now or timezone.now()
    return sum(queue_day_reminders(day) for day in due_days(now))


def queue_day_reminders(day: Day) -> int:
    """One transaction per day: the ReminderSent rows and their e-mails go together. A run at
    the same time as this one makes the unique key refuse the second: it queues nothing."""
    try:
        with transaction.atomic():
            already = ReminderSent.objects.filter(day=day).values("participant")
            people = list(
                Participant.objects.active()
                .filter(registrations__session__day=day, registrations__status="confirmed")
                .exclude(pk__in=already)
                .order_by("pk")
                .values_list("pk", flat=True)
                .distinct()
            )
            ReminderSent.objects.bulk_create(
                ReminderSent(participant_id=pk, day=day) for pk in people
            )
            OutgoingEmail.objects.bulk_create(
                OutgoingEmail(
                    kind=OutgoingEmail.Kind.REMINDER, participant_id=pk, arguments={"day": day.pk}
                )
                for pk in people
            )
    except IntegrityError:
        return 0
    return len(people)
