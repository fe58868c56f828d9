"""What happens where and when: study visits, their days, venues and programme sessions."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programme.place_rule import PLACES_TAKEN_IN_SQL, PlaceRule
from programme.querysets import (
    PLACE_COUNTERS,
    DayQuerySet,
    SessionQuerySet,
    StudyVisitQuerySet,
    VenueQuerySet,
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value})


class StudyVisit(models.Model):
    """One study visit of the KISS project (the project plans four, one per partner country)."""

    slug = models.SlugField(_("slug"), unique=True, help_text=_("Used in the visit's addresses."))
    # Texts read by visitors have a column per language (programme/translation.py).
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Paris",
        validators=[validate_time_zone],
        help_text=_("The city's time zone, e.g. Europe/Paris or Europe/Athens."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    hashtags = models.CharField(_("hashtags"), max_length=300, blank=True)
    project_url = models.URLField(_("project website"), blank=True)
    project_intro = models.TextField(_("about the project"), blank=True)
    objective = models.TextField(_("objective"), blank=True)
    questions = models.TextField(
        _("questions treated"), blank=True, help_text=_("One question per line.")
    )
    conditions = models.TextField(_("conditions of participation"), blank=True)
    registration_opens_at = models.DateTimeField(
        _("registration opens at"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True, help_text=_("Empty: no closing date.")
    )
    is_published = models.BooleanField(_("published"), default=False)

    objects = StudyVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("study visit")
        verbose_name_plural = _("study visits")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="visit_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="visit_registration_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.city}, {self.start_date:%Y})"

    def get_absolute_url(self):
        return reverse("programme:visit", kwargs={"visit": self.slug})

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def is_registration_open(self, at=None) -> bool:
        at = at or timezone.now()
        opened = self.registration_opens_at is None or self.registration_opens_at <= at
        not_closed = self.registration_closes_at is None or at < self.registration_closes_at
        return opened and not_closed


class Day(models.Model):
    visit = models.ForeignKey(
        StudyVisit, on_delete=models.CASCADE, related_name="days", verbose_name=_("study visit")
    )
    date = models.DateField(_("date"))
    theme = models.CharField(_("theme"), max_length=200, blank=True)

    objects = DayQuerySet.as_manager()

    class Meta:
        verbose_name = _("day")
        verbose_name_plural = _("days")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["visit", "date"], name="one_day_per_date")]

    def __str__(self):
        return date_format(self.date, "D j M Y")

    def clean(self):
        visit = getattr(self, "visit", None)
        if visit and self.date and not visit.start_date <= self.date <= visit.end_date:
            raise ValidationError({"date": _("This date is outside the study visit's dates.")})

    @property
    def anchor(self) -> str:
        return f"day-{self.date:%Y-%m-%d}"


class Venue(models.Model):
    """A place where sessions happen. Only what the programme says is filled in; the rest stays
    empty and the pages say it is to be confirmed."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    address = models.TextField(_("address"), blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return self.name


# What a participant's calendar holds of a session: when one changes, so does its version.
SCHEDULE_FIELDS = ("day_id", "part_of_day", "start_time", "end_time", "venue_id")


class Session(PlaceRule, models.Model):
    """One item of the programme: a visit, a talk, a meal, free time, an arrival..."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        PRESENTATION = "presentation", _("Presentation")
        MEETING = "meeting", _("Meeting")
        MEAL = "meal", _("Meal")
        SCREENING = "screening", _("Screening")
        FREE_TIME = "free_time", _("Free time")
        ARRIVAL_DEPARTURE = "arrival_departure", _("Arrival or departure")

    class PartOfDay(models.TextChoices):
        MORNING = "morning", _("Morning")
        MIDDAY = "midday", _("Midday")
        AFTERNOON = "afternoon", _("Afternoon")
        EVENING = "evening", _("Evening")

    day = models.ForeignKey(
        Day, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("day")
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("venue"),
        help_text=_("Empty: venue to be confirmed."),
    )
    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    part_of_day = models.CharField(
        _("part of day"), max_length=10, choices=PartOfDay.choices, blank=True
    )
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Empty: time to be confirmed.")
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(
        _("order in the day"),
        default=0,
        help_text=_("Sessions of a day are listed by this number."),
    )
    is_open_for_signup = models.BooleanField(_("open for sign-up"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Total number of places, partner delegation included. Empty: unlimited."),
    )
    reserved_places = models.PositiveIntegerField(
        _("places reserved for the partner delegation"), default=0
    )
    # Capacities are not in the seed: the fixture's are a default. While this is ticked, public
    # pages state no number of places (only that places are limited, and when a session is full).
    capacity_is_provisional = models.BooleanField(
        _("capacity provisional"),
        default=False,
        help_text=_(
            "Ticked: the capacity is a default, not yet decided, and the public pages do not "
            "state it. Untick it once the organisers have set the capacity."
        ),
    )
    # Bumped by save() whenever the day, time or venue changes: calendars (the SEQUENCE of the
    # session's event) then replace the copy they hold.
    schedule_version = models.PositiveIntegerField(_("schedule version"), default=0, editable=False)
    # Places taken, kept by registrations.services under the session's row lock. Counters (not
    # counts of rows) so that the database itself can refuse an overbooking: see the constraint.
    confirmed_local = models.PositiveIntegerField(
        _("confirmed local participants"), default=0, editable=False
    )
    confirmed_delegation = models.PositiveIntegerField(
        _("confirmed delegation members"), default=0, editable=False
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["day__date", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(reserved_places__lte=F("capacity")),
                name="session_reserved_places_within_capacity",
            ),
            # The place rule (place_rule.py), kept by the database: delegation members use the
            # reserved places first; local participants the rest.
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=PLACES_TAKEN_IN_SQL),
                name="session_never_overbooked",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__gt=F("start_time")),
                name="session_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        # With its day: a programme has several "Dinner"s. Lists should select_related("day").
        # Translators: the day of a session, in Django's date format (D: Mon, j: 19, M: Feb).
        day = date_format(self.day.date, gettext("D j M"))
        return f"{day} — {self.title}"

    def save(self, *args, **kwargs):
        # The place counters belong to registrations.services, which change them with F() under
        # the session's row lock. Saving a session read earlier (an admin form, say) must not
        # write back the counts it read then.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname not in PLACE_COUNTERS
            ]
        if not self._state.adding:
            saved = {name for field in kwargs["update_fields"] for name in (field, f"{field}_id")}
            watched = [name for name in SCHEDULE_FIELDS if name in saved]
            if watched and self.follow_schedule_changes(watched):
                kwargs["update_fields"] = {*kwargs["update_fields"], "schedule_version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "programme:session", kwargs={"visit": self.day.visit.slug, "session": self.slug}
        )

    def clean(self):
        errors = {}
        if self.capacity is not None and self.reserved_places > self.capacity:
            errors["reserved_places"] = _("There cannot be more reserved places than the capacity.")
        elif self.capacity is not None and self.capacity < self.places_taken:
            errors["capacity"] = _(
                "%(taken)s places are already taken (confirmed sign-ups and places reserved for "
                "the partner delegation): the capacity cannot be lower."
            ) % {"taken": self.places_taken}
        if self.end_time and not self.start_time:
            errors["start_time"] = _("An end time needs a start time.")
        elif self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end time must be after the start time.")
        if errors:
            raise ValidationError(errors)

    def follow_schedule_changes(self, fields=SCHEDULE_FIELDS) -> bool:
        """Take the stored schedule version, one higher if any of `fields` differs from what is
        stored; say whether one does. (A fixture reload goes through here too: see apps.py.)"""
        rows = Session.objects.filter(pk=self.pk).values(*SCHEDULE_FIELDS, "schedule_version")
        stored = rows.first()
        if stored is None:
            return False
        changed = any(stored[name] != getattr(self, name) for name in fields)
        self.schedule_version = stored["schedule_version"] + changed
        return changed

    @property
    def expects_venue(self) -> bool:
        """Free time and arrivals or departures happen nowhere in particular: no venue is to be
        confirmed for them."""
        return self.kind not in {self.Kind.FREE_TIME, self.Kind.ARRIVAL_DEPARTURE}


class PagesVersion(models.Model):
    """The version of the cached public pages (programme/page_cache.py): one row, given a new
    token in the same transaction as each change of places or programme content. Kept in the
    database, beside the data it stands for, so that no cache that loses or rolls back its data
    (a Redis restarted from an old snapshot) can bring back pages older than the last commit."""

    token = models.CharField(max_length=16)
    # Changes with programme content only (not with places): what this process keeps of the
    # programme between requests is kept under it (programme/kept.py).
    programme_token = models.CharField(max_length=16, default="")

    def __str__(self):
        return self.token
