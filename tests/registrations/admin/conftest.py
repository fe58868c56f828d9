"""A visit and one person who attended it: what the certificates and the downloads need."""

import pytest

from tests.factories import (
    DayFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    StudyVisitFactory,
)


@pytest.fixture
def visit():
    return StudyVisitFactory(title_en="KISS study visit", slug="kiss")


@pytest.fixture
def attendee(visit):
    session = SessionFactory(day=DayFactory(visit=visit), title_en="Urban farm")
    person = ParticipantFactory(visit=visit, first_name="Ana", last_name="Núñez", language="en")
    RegistrationFactory(participant=person, session=session, attended=True)
    return person
