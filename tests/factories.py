"""Factories for every model the tests build. One place, so a model change is one edit."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from programme.models import Day, Session, StudyVisit, Venue
from registrations.models import Participant, Registration


class StudyVisitFactory(DjangoModelFactory):
    class Meta:
        model = StudyVisit

    slug = factory.Sequence(lambda n: f"visit-{n}")
    title_fr = factory.Sequence(lambda n: f"Visite d'étude {n}")
    title_en = factory.Sequence(lambda n: f"Study visit {n}")
    city = "Saint-Etienne"
    start_date = datetime.date(2018, 2, 19)
    end_date = datetime.date(2018, 2, 24)
    is_published = True


class DayFactory(DjangoModelFactory):
    class Meta:
        model = Day

    visit = factory.SubFactory(StudyVisitFactory)
    date = factory.LazyAttribute(lambda day: day.visit.start_date)


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Lieu {n}")
    slug = factory.Sequence(lambda n: f"venue-{n}")


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    day = factory.SubFactory(DayFactory)
    slug = factory.Sequence(lambda n: f"session-{n}")
    title_fr = factory.Sequence(lambda n: f"Séance {n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    kind = Session.Kind.VISIT
    order = factory.Sequence(lambda n: n)


def programme_of_size(sessions_per_day: int, days: int = 3) -> StudyVisit:
    """A published visit with `days` days of `sessions_per_day` sessions, each at its own venue."""
    visit = StudyVisitFactory()
    for offset in range(days):
        day = DayFactory(visit=visit, date=visit.start_date + datetime.timedelta(days=offset))
        for _ in range(sessions_per_day):
            SessionFactory(day=day, venue=VenueFactory(), start_time=datetime.time(9, 30))
    return visit


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    visit = factory.SubFactory(StudyVisitFactory)
    first_name = factory.Sequence(lambda n: f"Camille{n}")
    last_name = "Martin"
    email = factory.Sequence(lambda n: f"camille{n}@example.org")
    country = "FR"
    language = "fr"
    consented_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "test"


class RegistrationFactory(DjangoModelFactory):
    """A confirmed registration; use services in tests about places (they keep the counters)."""

    class Meta:
        model = Registration

    participant = factory.SubFactory(ParticipantFactory)
    session = factory.SubFactory(SessionFactory)
    status = Registration.Status.CONFIRMED


def signup_session(**kwargs) -> Session:
    """A session open for sign-up, with 5 places by default and none reserved."""
    return SessionFactory(**{"is_open_for_signup": True, "capacity": 5, **kwargs})


def participant_details(**overrides) -> dict:
    """What the registration form hands to the service."""
    return {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": "camille@example.org",
        "organisation": "Coopérative",
        "country": "FR",
        "is_delegation": False,
        "dietary_requirement": "",
        "dietary_notes": "",
        "accessibility_needs": "",
        **overrides,
    }


def sign_up(sessions, *, join: bool = True, language: str = "fr", **details):
    """Sign a participant up through the services, which keep the sessions' places right.
    `sessions`: one session or a list, all of one visit."""
    from registrations import services

    sessions = sessions if isinstance(sessions, list | tuple) else [sessions]
    return services.register_participant(
        visit=sessions[0].day.visit,
        details=participant_details(**details),
        session_ids=[session.pk for session in sessions],
        join_waiting_list=join,
        language=language,
    )


def fill(session, count: int, **details) -> None:
    """`count` people signed up for the session (confirmed while places last, then waiting)."""
    for n in range(count):
        sign_up(session, email=f"filler{session.pk}-{n}@example.org", **details)
