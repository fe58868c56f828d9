"""A participant's private link gives change, cancel and erase: no admin route may reveal it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from registrations.models import Participant
from tests.factories import sign_up, signup_session
from tests.html import Page

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


@pytest.mark.parametrize(
    ("language", "heading", "text"),
    [
        (
            "es",
            "Tu código de acceso",
            "Muestra este código a la entrada de cada actividad: los organizadores lo escanean "
            "para registrar tu presencia. Solo funciona para ellos y no abre esta página.",
        ),
        (
            "it",
            "Il tuo codice d'ingresso",
            "Mostra questo codice all'ingresso di ogni attività: gli organizzatori lo scansionano "
            "per registrare la tua presenza. Funziona solo per loro e non apre questa pagina.",
        ),
        (
            "el",
            "Ο κωδικός εισόδου σας",
            "Δείξτε αυτόν τον κωδικό στην είσοδο κάθε δραστηριότητας: οι διοργανωτές τον σαρώνουν "
            "για να καταγράψουν την παρουσία σας. Λειτουργεί μόνο για αυτούς και δεν ανοίγει "
            "αυτή τη σελίδα.",
        ),
    ],
)
def test_private_page_check_in_code_in_partner_language(client, language, heading, text):
    participant = sign_up(signup_session(capacity=40), language=language).participant
    with translation.override(language):
        page = Page.get(client, participant.manage_path())

    assert (page.text("#checkin-title"), page.text(".checkin-code p")) == (heading, text)
