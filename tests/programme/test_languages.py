"""The public site in the partners' languages: pages, dates, times, fallbacks and e-mails."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from programme.models import Session
from tests.factories import DayFactory, SessionFactory, StudyVisitFactory, VenueFactory
from tests.html import Page
from tests.mail_queue import deliver_queued_mail

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "en", "es", "it", "el"]


def url_in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def visit():
    visit = StudyVisitFactory(slug="saint-etienne-2018", title_fr="Tissez", title_en="Weave")
    tuesday = DayFactory(visit=visit, date=datetime.date(2018, 2, 20))
    SessionFactory(
        day=tuesday,
        slug="petit-dejeuner-ess",
        title_fr="Petit déjeuner ESS avec acteurs locaux",
        title_en="SSE breakfast with local actors",
        venue=VenueFactory(name="Maison de l'Emploi", slug="maison-de-l-emploi"),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(14, 15),
    )
    return visit


@pytest.mark.parametrize(
    ("language", "heading", "day", "when"),
    [
        ("fr", "Programme", "Mardi 20 février 2018", "09:00 – 14:15"),
        ("en", "Programme", "Tuesday 20 February 2018", "9 a.m. – 2:15 p.m."),
        ("es", "Programa", "Martes, 20 de febrero de 2018", "09:00 – 14:15"),
        ("it", "Programma", "Martedì 20 febbraio 2018", "09:00 – 14:15"),
        ("el", "Πρόγραμμα", "Τρίτη 20 Φεβρουαρίου 2018", "09:00 – 14:15"),
    ],
)
def test_programme_speaks_each_language_with_its_dates_and_times(
    client, visit, language, heading, day, when
):
    page = Page.get(client, url_in(language, "programme:programme", visit=visit.slug))

    assert (page.lang, page.h1, page.texts(".programme-day h2"), page.text(".session__when")) == (
        language,
        heading,
        [day],
        when,
    )


@pytest.mark.parametrize(
    ("language", "dates"),
    [
        ("es", "19 de febrero – 24 de febrero de 2018"),
        ("el", "19 Φεβρουαρίου – 24 Φεβρουαρίου 2018"),
        ("it", "19 febbraio – 24 febbraio 2018"),
    ],
)
def test_visit_dates_are_written_as_each_language_writes_them(client, visit, language, dates):
    page = Page.get(client, url_in(language, "programme:visit", visit=visit.slug))

    assert page.text(".hero__kicker") == f"{dates} · Saint-Etienne"


@pytest.mark.parametrize("language", ["es", "it", "el"])
def test_missing_translation_shows_english_marked_as_english(client, visit, language):
    page = Page.get(client, url_in(language, "programme:programme", visit=visit.slug))
    link = page.soup.select_one(".session__title a")

    assert (link.get_text(), link.get("lang")) == ("SSE breakfast with local actors", "en")


def test_organisers_translation_is_shown_without_a_language_mark(client, visit):
    Session.objects.update(title_el="Πρωινό ΚΑΛΟ με τοπικούς φορείς")

    page = Page.get(client, url_in("el", "programme:programme", visit=visit.slug))
    link = page.soup.select_one(".session__title a")

    assert (link.get_text(), link.get("lang")) == ("Πρωινό ΚΑΛΟ με τοπικούς φορείς", None)


def test_missing_english_text_shows_french_marked_as_french(client, visit):
    Session.objects.update(title_en="")

    page = Page.get(
        client, url_in("en", "programme:session", visit=visit.slug, session="petit-dejeuner-ess")
    )

    assert (page.h1, page.soup.h1.get("lang")) == ("Petit déjeuner ESS avec acteurs locaux", "fr")


def test_language_switcher_offers_all_five_and_keeps_the_page(client, visit):
    path = url_in("it", "programme:session", visit=visit.slug, session="petit-dejeuner-ess")
    page = Page.get(client, path)

    offered = [
        (el.get("lang"), el.get("href"), el.get("aria-current"))
        for el in page.soup.select(".language-switcher li > *")
    ]
    assert offered == [
        (
            code,
            None if code == "it" else path.replace("/it/", f"/{code}/"),
            "true" if code == "it" else None,
        )
        for code in LANGUAGES
    ]
    assert page.texts(".language-switcher li") == [
        "Français",
        "English",
        "Español",
        "Italiano",
        "Ελληνικά",
    ]


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("es", "Tu inscripción — Visita de estudio KISS, Saint-Etienne"),
        ("it", "La tua iscrizione — Visita di studio KISS, Saint-Etienne"),
        ("el", "Η εγγραφή σας — Επίσκεψη μελέτης KISS, Saint-Etienne"),
    ],
)
def test_registering_in_a_language_gets_the_emails_in_it(client, visit, language, subject):
    session = Session.objects.get()
    Session.objects.update(is_open_for_signup=True, capacity=5)
    data = {
        "first_name": "Eleni",
        "last_name": "Papadopoulou",
        "email": "eleni@example.org",
        "country": "GR",
        "sessions": [session.pk],
        "join_waiting_list": "on",
        "consent": "on",
    }

    client.post(url_in(language, "registrations:register", visit=visit.slug), data)
    deliver_queued_mail()

    assert [m.subject for m in mail.outbox] == [subject]
    assert 'lang="en"' in mail.outbox[0].alternatives[0][0]  # the English title, marked


@pytest.mark.parametrize(
    ("language", "notice"),
    [
        (
            "es",
            "Algunos textos de esta página aún no están traducidos a tu idioma: "
            "se muestran en inglés.",
        ),
        (
            "it",
            "Alcuni testi di questa pagina non sono ancora tradotti nella tua lingua: "
            "sono mostrati in inglese.",
        ),
        (
            "el",
            "Ορισμένα κείμενα αυτής της σελίδας δεν έχουν μεταφραστεί ακόμη στη γλώσσα σας: "
            "εμφανίζονται στα αγγλικά.",
        ),
    ],
)
def test_a_page_with_fallback_texts_says_so_once_in_the_readers_language(
    client, visit, language, notice
):
    page = Page.get(client, url_in(language, "programme:week", visit=visit.slug))

    assert page.texts(".fallback-notice") == [notice]


def test_a_page_with_english_and_french_fallbacks_names_both(client, visit):
    Session.objects.update(title_en="")

    page = Page.get(client, url_in("it", "programme:programme", visit=visit.slug))

    assert page.texts(".fallback-notice") == [
        "Alcuni testi di questa pagina non sono ancora tradotti nella tua lingua: "
        "sono mostrati in inglese o in francese."
    ]


def test_a_fully_translated_page_has_no_fallback_notice(client, visit):
    from programme.models import StudyVisit

    Session.objects.update(title_el="Πρωινό ΚΑΛΟ με τοπικούς φορείς")
    StudyVisit.objects.update(title_el="Υφάνετε")

    page = Page.get(client, url_in("el", "programme:programme", visit=visit.slug))

    assert page.texts(".fallback-notice") == []


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("fr", "Les horaires sont donnés en heure locale de Saint-Etienne (Europe/Paris)."),
        ("en", "Times are local time in Saint-Etienne (Europe/Paris)."),
        ("es", "Las horas se indican en hora local de Saint-Etienne (Europe/Paris)."),
        ("it", "Gli orari sono espressi nell'ora locale di Saint-Etienne (Europe/Paris)."),
        ("el", "Οι ώρες δίνονται σε τοπική ώρα (Saint-Etienne, Europe/Paris)."),
    ],
)
def test_programme_says_in_which_time_zone_the_times_are(client, visit, language, note):
    page = Page.get(client, url_in(language, "programme:programme", visit=visit.slug))

    assert page.texts(".local-time-note") == [note]


def seed_pages(language: str) -> list[str]:
    from programme.models import Venue

    visit = {"visit": "saint-etienne-2018"}
    names = ["programme:visit", "programme:programme", "programme:week", "programme:venues"]
    pages = [url_in(language, name, **visit) for name in names]
    pages += [
        url_in(language, "programme:session", session=slug, **visit)
        for slug in Session.objects.values_list("slug", flat=True)
    ]
    pages += [
        url_in(language, "programme:venue", venue=slug, **visit)
        for slug in Venue.objects.values_list("slug", flat=True)
    ]
    return [*pages, url_in(language, "registrations:register", **visit)]


@pytest.mark.parametrize("language", ["es", "it", "el"])
def test_seed_programme_pages_show_every_text_in_the_readers_language(
    client, seed_programme, language
):
    """No text of the programme falls back to English or French: nothing is marked with
    another language but the language switcher's own names, and no page says it falls back."""
    fallbacks = {}
    for path in seed_pages(language):
        page = Page.get(client, path)
        marked = page.soup.select("main [lang]")
        fallbacks[path] = ([el.get_text() for el in marked], page.texts(".fallback-notice"))

    assert len(fallbacks) == 42
    assert {path: found for path, found in fallbacks.items() if found != ([], [])} == {}
