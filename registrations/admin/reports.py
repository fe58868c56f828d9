"""Figures for the organisers' dashboard. Each function is one query, whatever the data size."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django_countries import countries

from kiss_visit.typed_text import printable
from programme.models import Session, StudyVisit
from registrations.models import DietaryRequirement, Participant, Registration


def sessions_with_fill(visit: StudyVisit):
    """The visit's sign-up sessions with `waiting_count`, `present_count` and `no_show_count`,
    in programme order."""
    waiting = Count("registrations", filter=Q(registrations__status="waiting"))
    confirmed = Q(registrations__status="confirmed")
    present = Count("registrations", filter=confirmed & Q(registrations__attended=True))
    absent = Count("registrations", filter=confirmed & Q(registrations__attended=False))
    return (
        Session.objects.filter(day__visit=visit)
        .open_for_signup()
        .annotate(waiting_count=waiting, present_count=present, no_show_count=absent)
        .for_listing()
    )


def claims_waiting(visit: StudyVisit) -> int:
    """Delegation claims ticked on the public form that no organiser has settled yet."""
    return Participant.objects.filter(
        visit=visit, delegation_claimed=True, is_delegation=False, erased_at__isnull=True
    ).count()


def fill_percent(session) -> int | None:
    """Confirmed sign-ups against the capacity. Places kept for the delegation and not taken
    are not counted as filled: they are shown apart (`unused_reserved`)."""
    if not session.capacity:
        return None
    return round(100 * session.confirmed_count / session.capacity)


@dataclass
class DayFill:
    day: object
    sessions: list = field(default_factory=list)

    @property
    def limited(self) -> list:
        return [s for s in self.sessions if s.capacity is not None]

    @property
    def confirmed(self) -> int:
        return sum(s.confirmed_count for s in self.limited)

    @property
    def capacity(self) -> int:
        return sum(s.capacity for s in self.limited)

    @property
    def unused_reserved(self) -> int:
        return sum(s.unused_reserved for s in self.limited)

    @property
    def percent(self) -> int | None:
        return round(100 * self.confirmed / self.capacity) if self.capacity else None


def fill_by_day(visit: StudyVisit) -> list[DayFill]:
    """Sign-up sessions day by day, each with `fill_percent`, `unused_reserved` and its
    `waiting_list`."""
    waiting = waiting_lists(visit)
    days = {}
    for session in sessions_with_fill(visit):
        session.fill_percent = fill_percent(session)
        session.unused_reserved = (
            session.unused_reserved_places if session.capacity is not None else 0
        )
        session.waiting_list = waiting.get(session.pk, [])
        days.setdefault(session.day_id, DayFill(session.day)).sessions.append(session)
    return list(days.values())


def waiting_lists(visit: StudyVisit) -> dict[int, list[Registration]]:
    """People waiting, per session id, in the order they will be served."""
    registrations = (
        Registration.objects.filter(session__day__visit=visit)
        .in_waiting_order()
        .select_related("participant")
    )
    lists = defaultdict(list)
    for registration in registrations:
        shown_without_invisible_characters(registration.participant)
        lists[registration.session_id].append(registration)
    return dict(lists)


def shown_without_invisible_characters(participant: Participant) -> None:
    """Names stored before the forms refused control and invisible characters (or written
    around them) are shown without them. The dashboard only reads: these copies are never saved."""
    participant.first_name = printable(participant.first_name)
    participant.last_name = printable(participant.last_name)


def attendees(visit: StudyVisit):
    """Participants with at least one confirmed place (erased ones still count, anonymously)."""
    confirmed = Registration.objects.filter(session__day__visit=visit, status="confirmed")
    return Participant.objects.filter(pk__in=confirmed.values("participant"))


def totals_by_country(visit: StudyVisit) -> list[tuple[str, int]]:
    """(country name in the active language, or "" if not given; attendees), largest first."""
    rows = (
        attendees(visit).values("country").annotate(count=Count("pk")).order_by("-count", "country")
    )
    return [
        (countries.name(row["country"]) if row["country"] else "", row["count"]) for row in rows
    ]


def totals_by_group(visit: StudyVisit) -> dict[str, int]:
    counts = Counter(attendees(visit).values_list("is_delegation", flat=True))
    return {"delegation": counts[True], "local": counts[False]}


@dataclass
class MealNeeds:
    session: Session
    counts: Counter = field(default_factory=Counter)
    details: list[tuple[Participant, str]] = field(default_factory=list)  # whose, what

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self):
        """(label, count) for each requirement present, 'no particular requirement' first."""
        labels = dict(DietaryRequirement.choices)
        return [(str(labels[key]), self.counts[key]) for key in labels if self.counts[key]]


def meal_needs(visit: StudyVisit) -> list[MealNeeds]:
    """For each meal, how many confirmed guests per dietary requirement, and the details given
    (allergies...) with whose they are: what the caterer asks for."""
    registrations = (
        Registration.objects.filter(
            session__day__visit=visit, session__kind=Session.Kind.MEAL, status="confirmed"
        )
        .select_related("session__day", "participant")
        .in_programme_order()
    )
    meals = {}
    for registration in registrations:
        needs = meals.setdefault(registration.session_id, MealNeeds(registration.session))
        participant = registration.participant
        needs.counts[participant.dietary_requirement] += 1
        if participant.dietary_notes:
            shown_without_invisible_characters(participant)
            needs.details.append((participant, printable(participant.dietary_notes)))
    return list(meals.values())
