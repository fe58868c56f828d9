"""A participant's private link gives change, cancel and erase: no admin route may reveal it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from registrations.models import Participant
from tests.factories import sign_up, signup_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def participants():
    session = signup_session(capacity=40)
    for n in range(5):
        sign_up(session, email=f"person{n}@example.org")
    return list(Participant.objects.all())


def view_on_site(participant, language="fr") -> str:
    content_type = ContentType.objects.get_for_model(Participant)
    return f"/{language}/admin/r/{content_type.pk}/{participant.pk}/"


@pytest.mark.parametrize("role", ["other_staff", "organiser", "superuser"])
def test_view_on_site_of_a_participant_reveals_no_private_link(client, participants, role, request):
    request.getfixturevalue(role)

    answers = [client.get(view_on_site(p)) for p in participants]

    assert [answer.status_code for answer in answers] == [404] * len(participants)
    assert not any(
        p.manage_token in answer.content.decode() for p in participants for answer in answers
    )


def test_participant_change_page_offers_no_view_on_site_link(client, participants, superuser):
    participant = participants[0]

    page = client.get(reverse("admin:registrations_participant_change", args=[participant.pk]))

    assert page.status_code == 200
    assert participant.manage_token not in page.content.decode()
    assert "viewsitelink" not in page.content.decode()
