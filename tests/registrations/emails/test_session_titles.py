"""A participant registering in Spanish, Italian or Greek reads every e-mail in that language,
each session named with its title in that language (the seed's programme, as committed)."""

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import translation

from programme.models import Session, StudyVisit
from registrations import services
from registrations.models import Participant, Registration
from tests.factories import sign_up
from tests.mail_queue import deliver_queued_mail

pytestmark = pytest.mark.django_db

SUBJECTS = {
    "es": {
        "confirmation": "Tu inscripción — Visita de estudio KISS, Saint-Etienne",
        "promotion": "Tienes plaza: Almuerzo con la asociación Les Voisines",
    },
    "it": {
        "confirmation": "La tua iscrizione — Visita di studio KISS, Saint-Etienne",
        "promotion": "Hai ottenuto un posto: Pranzo con l'associazione Les Voisines",
    },
    "el": {
        "confirmation": "Η εγγραφή σας — Επίσκεψη μελέτης KISS, Saint-Etienne",
        "promotion": "Εξασφαλίσατε θέση: Γεύμα με τον σύλλογο Les Voisines",
    },
}

LOCAL_TIME = {
    "es": "Las horas se indican en hora local de Saint-Etienne (Europe/Paris).",
    "it": "Gli orari sono espressi nell'ora locale di Saint-Etienne (Europe/Paris).",
    "el": "Οι ώρες δίνονται σε τοπική ώρα (Saint-Etienne, Europe/Paris).",
}
GREETINGS = {"es": "Hola, Eleni:", "it": "Ciao Eleni,", "el": "Γεια σας,"}


def titles_in(language: str, sessions) -> list[str]:
    return [getattr(session, f"title_{language}") for session in sessions]


def html_text(message) -> str:
    return " ".join(BeautifulSoup(message.alternatives[0][0], "html.parser").get_text().split())


def agenda_titles(message) -> list[str]:
    [agenda] = [a for a in message.attachments if isinstance(a, tuple) and a[0] == "agenda.ics"]
    calendar = icalendar.Calendar.from_ical(agenda[1])
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


@pytest.fixture
def les_voisines_full(seed_programme):
    """One place at the Les Voisines lunch, taken: a newcomer waits for it."""
    lunch = Session.objects.get(slug="repas-les-voisines")
    Session.objects.filter(pk=lunch.pk).update(capacity=1, reserved_places=0)
    sign_up(Session.objects.get(pk=lunch.pk), email="holder@example.org")
    deliver_queued_mail()
    mail.outbox.clear()
    return lunch


def register_in(client, language: str) -> Participant:
    sessions = Session.objects.filter(is_open_for_signup=True)
    data = {
        "first_name": "Eleni",
        "last_name": "Papadopoulou",
        "email": "eleni@example.org",
        "country": "GR",
        "sessions": [session.pk for session in sessions],
        "join_waiting_list": "on",
        "consent": "on",
    }
    with translation.override(language):
        url = reverse("registrations:register", kwargs={"visit": "saint-etienne-2018"})
    client.post(url, data)
    return Participant.objects.get(email="eleni@example.org")


@pytest.mark.parametrize("language", ["es", "it", "el"])
def test_confirmation_names_every_session_in_the_participants_language(
    client, les_voisines_full, language
):
    register_in(client, language)
    [message] = deliver_queued_mail()
    chosen = Session.objects.filter(is_open_for_signup=True).in_programme_order()
    confirmed = chosen.exclude(pk=les_voisines_full.pk)

    assert message.subject == SUBJECTS[language]["confirmation"]
    assert [t for t in titles_in(language, chosen) if t not in message.body] == []
    assert [t for t in titles_in(language, chosen) if t not in html_text(message)] == []
    assert [t for t in titles_in("en", chosen) if t in message.body] == []
    assert message.body.count(LOCAL_TIME[language]) == 1
    assert [t.split(" (")[0] for t in agenda_titles(message)] == [
        t.split(" (")[0] for t in titles_in(language, confirmed)
    ]


@pytest.mark.parametrize("language", ["es", "it", "el"])
def test_every_later_email_speaks_the_participants_language(client, les_voisines_full, language):
    participant = register_in(client, language)
    deliver_queued_mail()
    mail.outbox.clear()
    visit = StudyVisit.objects.get()
    lunch_title = getattr(les_voisines_full, f"title_{language}")

    # Each e-mail is written when it is sent, from the data of that moment.
    services.cancel_registration(
        registration=Registration.objects.get(participant__email="holder@example.org")
    )
    [promotion] = deliver_queued_mail()
    services.send_manage_link(visit=visit, email=participant.email)
    services.cancel_all_registrations(participant=participant)
    promotion, manage_link, cancellation = deliver_queued_mail()

    assert promotion.subject == SUBJECTS[language]["promotion"]
    assert (lunch_title in promotion.body, lunch_title in html_text(promotion)) == (True, True)
    assert len([t for t in agenda_titles(promotion) if t.startswith(f"{lunch_title} (")]) == 1
    assert [m.body.splitlines()[0] for m in (promotion, manage_link, cancellation)] == [
        GREETINGS[language]
    ] * 3
    with translation.override(language):
        assert [manage_link.subject, cancellation.subject] == [
            render_subject("manage_link", visit),
            render_subject("cancellation", visit),
        ]


def render_subject(template: str, visit) -> str:
    from django.template.loader import render_to_string

    text = render_to_string(f"registrations/email/{template}.subject.txt", {"visit": visit})
    return " ".join(text.split())
