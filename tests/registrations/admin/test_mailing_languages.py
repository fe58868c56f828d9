"""Organisers' messages in five languages: each reader gets the text of their language where it
was written, else English, else French, else the first written, the whole e-mail (greeting,
footer) in the language of that text; the preview says who gets which."""

import pytest
from django.core import mail
from django.test import Client

from registrations.models.mailing import Mailing
from tests.factories import DayFactory, signup_session
from tests.html import Page
from tests.mail_queue import deliver_queued_mail
from tests.registrations.admin.test_mailings import admin_url, send
from tests.registrations.public.test_views import form_data, url_in

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "en", "es", "it", "el"]
TEXTS = {
    "fr": ("Changement de salle", "Rendez-vous salle B."),
    "en": ("Room change", "Meet in room B."),
    "es": ("Cambio de sala", "Nos vemos en la sala B."),
    "it": ("Cambio di sala", "Ci vediamo nella sala B."),
    "el": ("Αλλαγή αίθουσας", "Συναντιόμαστε στην αίθουσα B."),
}
GREETINGS = {
    "fr": "Bonjour Anna,",
    "en": "Hello Anna,",
    "es": "Hola, Anna:",
    "it": "Ciao Anna,",
    "el": "Γεια σας,",
}


@pytest.fixture
def talk():
    day = DayFactory(visit__slug="saint-etienne-2018")
    return signup_session(day=day, slug="talk", title_en="Talk", capacity=20)


@pytest.fixture
def everyone(talk):
    """One person registered through the public form in each language (anna-<lang>@)."""
    for language in LANGUAGES:
        data = form_data(talk, first_name="Anna", email=f"anna-{language}@example.org")
        Client().post(url_in(language, "register", visit="saint-etienne-2018"), data)
    deliver_queued_mail()
    mail.outbox.clear()


def texts_in(*languages) -> dict:
    fields = {}
    for code in languages:
        fields[f"subject_{code}"], fields[f"body_{code}"] = TEXTS[code]
    return fields


def write(client, talk, **fields):
    url = admin_url("registrations_mailing_write", "session", talk.pk)
    return client.post(url, {"audience": "confirmed", **fields})


def received() -> dict[str, tuple[str, list[str]]]:
    """Address → (subject, first three lines of the text) of every e-mail sent."""
    return {m.to[0]: (m.subject, m.body.split("\n")[:3]) for m in deliver_queued_mail()}


def test_mailing_in_five_languages_reaches_each_reader_in_theirs(client, organiser, talk, everyone):
    write(client, talk, **texts_in(*LANGUAGES))
    send(client, Mailing.objects.get())

    assert received() == {
        f"anna-{code}@example.org": (TEXTS[code][0], [GREETINGS[code], "", TEXTS[code][1]])
        for code in LANGUAGES
    }


def test_mailing_without_a_reader_language_falls_back_to_english_then_french(
    client, organiser, talk, everyone
):
    write(client, talk, **texts_in("fr", "el"))
    send(client, Mailing.objects.get())

    french = (TEXTS["fr"][0], [GREETINGS["fr"], "", TEXTS["fr"][1]])
    assert received() == {
        "anna-fr@example.org": french,
        "anna-en@example.org": french,
        "anna-es@example.org": french,
        "anna-it@example.org": french,
        "anna-el@example.org": (TEXTS["el"][0], [GREETINGS["el"], "", TEXTS["el"][1]]),
    }


def test_mailing_in_italian_only_reaches_everyone_in_italian(client, organiser, talk, everyone):
    write(client, talk, **texts_in("it"))
    send(client, Mailing.objects.get())

    italian = (TEXTS["it"][0], [GREETINGS["it"], "", TEXTS["it"][1]])
    assert received() == {f"anna-{code}@example.org": italian for code in LANGUAGES}


def test_preview_says_who_gets_which_language_and_who_falls_back(client, organiser, talk, everyone):
    write(client, talk, **texts_in("en", "es"))
    page = Page.get(client, admin_url("registrations_mailing_preview", Mailing.objects.get().pk))

    assert page.texts(".mailing__sample h2") == [
        "French, for 1 person",
        "English, for 1 person",
        "Spanish, for 1 person",
        "Italian, for 1 person",
        "Greek, for 1 person",
    ]
    assert page.texts(".mailing__sample .mailing__read, .mailing__sample .mailing__fallback") == [
        "Text they get: English (none written in their language).",
        "Text they get: English.",
        "Text they get: Spanish.",
        "Text they get: English (none written in their language).",
        "Text they get: English (none written in their language).",
    ]
    assert page.texts(".mailing__readers") == ["Anna Martin"] * 5
    assert [" ".join(body.split()[:2]) for body in page.texts(".mailing__body")] == [
        "Hello Anna,",
        "Hello Anna,",
        "Hola, Anna:",
        "Hello Anna,",
        "Hello Anna,",
    ]


NOTHING_WRITTEN = "Write the subject and the text in at least one language."


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"subject_es": "Cambio de sala"},
            {".field-body_es .errorlist": "Write the text, or leave out the subject."},
        ),
        (
            {"body_it": "Sala B."},
            {".field-subject_it .errorlist": "Give the subject of this text."},
        ),
        ({}, {".errorlist.nonfield": NOTHING_WRITTEN}),
    ],
)
def test_mailing_with_a_subject_or_text_alone_is_refused(client, organiser, talk, fields, errors):
    response = write(client, talk, **fields)

    page = Page(response)
    assert (response.status_code, Mailing.objects.count()) == (200, 0)
    assert {selector: page.text(selector) for selector in errors} == errors
