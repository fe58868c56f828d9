"""A participant downloads their certificate of attendance from their private page once the
visit is over (from the day after its last day, in the visit's city); before, and without any
attendance recorded, the page says so."""

import pytest
from django.urls import reverse
from django.utils import translation

from registrations.models import Registration
from tests.factories import DayFactory, sign_up, signup_session
from tests.html import Page
from tests.registrations.exports.test_paper import pdf_pages

pytestmark = pytest.mark.django_db

# The factories' visit: 19–24 February 2018, in Europe/Paris.
LAST_EVENING = "2018-02-24 23:30+01:00"
DAY_AFTER = "2018-02-25 00:05+01:00"


@pytest.fixture
def participant():
    session = signup_session(day=DayFactory(), title_en="Urban farm")
    participant = sign_up(session, language="en", first_name="Ana", last_name="Núñez").participant
    Registration.objects.filter(participant=participant).update(attended=True)
    return participant


def certificate_url(participant) -> str:
    with translation.override("en"):
        return reverse(
            "registrations:certificate",
            kwargs={"visit": participant.visit.slug, "token": participant.manage_token},
        )


def manage_url(participant) -> str:
    with translation.override("en"):
        return participant.manage_path()


def test_participant_downloads_their_certificate_after_the_visit(client, participant, time_machine):
    time_machine.move_to(DAY_AFTER, tick=False)

    page = Page.get(client, manage_url(participant))
    response = client.get(page.link_named("Download my certificate of attendance (PDF)"))

    assert response["Content-Disposition"] == 'attachment; filename="kiss-certificate.pdf"'
    lines = pdf_pages(response.content)[0].splitlines()
    assert lines[:3] == ["Certificate of attendance", "This is to certify that", "Ana Núñez"]


def test_participant_before_the_visit_ends_is_told_from_when(client, participant, time_machine):
    time_machine.move_to(LAST_EVENING, tick=False)

    page = Page.get(client, manage_url(participant))
    response = client.get(certificate_url(participant), follow=True)

    assert page.text("#certificate-title + p") == (
        "Your certificate of attendance will be here once the visit is over, "
        "from Sunday 25 February 2018."
    )
    assert response.redirect_chain == [(manage_url(participant), 302)]
    assert Page(response).texts(".messages .alert") == [
        "Your certificate of attendance will be here once the visit is over, "
        "from Sunday 25 February 2018."
    ]


def test_participant_without_attendance_is_told_there_is_none(client, participant, time_machine):
    Registration.objects.filter(participant=participant).update(attended=None)
    time_machine.move_to(DAY_AFTER, tick=False)

    page = Page.get(client, manage_url(participant))
    response = client.get(certificate_url(participant), follow=True)

    no_certificate = (
        "No attendance is recorded for you, so there is no certificate. If you came, please "
        "write to the organisers."
    )
    assert page.text("#certificate-title + p") == no_certificate
    assert response.status_code == 200
    assert Page(response).texts(".messages .alert") == [no_certificate]
