"""After a change of places the registration form is rebuilt from its kept shell and a fresh
session list: the same page as a full rendering."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import translation

from programme.models import Session
from registrations.public.form_page import session_list
from registrations.public.forms import SessionList
from registrations.templatetags import session_choices
from tests.factories import DayFactory, StudyVisitFactory, VenueFactory, sign_up, signup_session
from tests.html import Page

pytestmark = pytest.mark.django_db
REGISTER = "/{}/saint-etienne-2018/register/"


@pytest.fixture
def breakfast():
    day = DayFactory(visit__slug="saint-etienne-2018")
    signup_session(day=day, slug="repas", title_fr="Repas", kind="meal")
    return signup_session(day=day, slug="petit-dejeuner", title_fr="Petit déjeuner", capacity=3)


def without_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", response.content.decode())


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("query", ["", "?session=repas"])
def test_form_rebuilt_after_a_sign_up_is_the_page_a_full_rendering_gives(
    breakfast, language, query
):
    path = REGISTER.format(language) + query
    Client().get(path)  # rendered whole; its shell kept
    sign_up(breakfast)

    rebuilt = Client().get(path)
    cache.clear()
    full = Client().get(path)

    assert without_token(rebuilt) == without_token(full)
    places = {
        "fr": ["5 places restantes", "2 places restantes"],
        "en": ["5 places left", "2 places left"],
    }
    assert Page(rebuilt).texts(".session-choice__places") == places[language]


def test_rebuilt_form_carries_the_visitors_own_token(breakfast):
    Client().get(REGISTER.format("fr"))
    sign_up(breakfast)
    visitor = Client(enforce_csrf_checks=True)

    page = Page.get(visitor, REGISTER.format("fr"))

    token = page.soup.select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert len(token) == 64
    assert visitor.cookies["csrftoken"].value != ""


def saved_as_the_admin_saves(thing) -> None:
    """In a transaction of its own (a savepoint within the test's): the pages version changes
    with it, as it does for each save in the admin."""
    with transaction.atomic():
        thing.save()


def full_rendering(path: str):
    """The page rendered whole, nothing kept: no page, no shell, no session row."""
    cache.clear()
    session_choices.forget_all()
    return Client().get(path)


@pytest.fixture
def three_sessions():
    """Two days; a session of 2 places, one of 4 (one kept for the delegation), and a meal whose
    capacity (5) is provisional."""
    visit = StudyVisitFactory(slug="saint-etienne-2018", title_es="Visita de estudio")
    monday = DayFactory(visit=visit)
    tuesday = DayFactory(visit=visit, date=visit.start_date + datetime.timedelta(days=1))
    return [
        signup_session(day=monday, slug="atelier", title_fr="Atelier", capacity=2),
        signup_session(
            day=monday,
            slug="visite",
            title_fr="Visite",
            description_fr="Rendez-vous\ndevant l'entrée",
            capacity=4,
            reserved_places=1,
            venue=VenueFactory(name="La Cité du design"),
        ),
        signup_session(
            day=tuesday, slug="repas", title_fr="Repas", kind="meal", capacity_is_provisional=True
        ),
    ]


@pytest.mark.parametrize("language", ["fr", "en", "es", "it", "el"])
def test_form_rebuilt_after_each_of_several_sign_ups_is_the_page_a_full_rendering_gives(
    three_sessions, language
):
    atelier, visite, repas = three_sessions
    path = REGISTER.format(language)
    full_ones, places = [], []
    for n in range(4):  # the atelier fills at the second sign-up, the visit at the third
        Client().get(path)  # kept: the shell, and the rows (rebuilt from the second round on)
        sign_up([atelier, visite, repas], email=f"person{n}@example.org")

        rebuilt = Page(Client().get(path))
        full = full_rendering(path)

        assert without_token(rebuilt.response) == without_token(full)
        boxes = rebuilt.soup.select(".session-choice--full input[name=sessions]")
        full_ones.append([int(box["value"]) for box in boxes])
        places.append(rebuilt.texts(".session-choice__places"))
    assert full_ones == [[], [atelier.pk], [atelier.pk, visite.pk], [atelier.pk, visite.pk]]
    one, two, full, limited = PLACES_SHOWN[language]
    assert places == [
        [one, two, limited],
        [full, one, limited],
        [full, full, limited],
        [full, full, limited],
    ]


# One place left, two places left, full, provisional capacity.
PLACES_SHOWN = {
    "fr": [
        "1 place restante",
        "2 places restantes",
        "Complet · liste d'attente ouverte",
        "Inscription ouverte, places limitées",
    ],
    "en": [
        "1 place left",
        "2 places left",
        "Full · waiting list open",
        "Sign-up open, places limited",
    ],
    "es": [
        "Queda 1 plaza",
        "Quedan 2 plazas",
        "Completa · lista de espera abierta",
        "Inscripción abierta, plazas limitadas",
    ],
    "it": [
        "Resta 1 posto",
        "Restano 2 posti",
        "Al completo · lista d'attesa aperta",
        "Iscrizioni aperte, posti limitati",
    ],
    "el": [
        "Απομένει 1 θέση",
        "Απομένουν 2 θέσεις",
        "Πλήρης · ανοιχτή λίστα αναμονής",
        "Ανοιχτές εγγραφές, περιορισμένες θέσεις",
    ],
}


def test_form_rebuilt_after_a_sign_up_keeps_the_ticked_session(three_sessions):
    atelier, visite, _ = three_sessions
    path = REGISTER.format("fr") + "?session=visite"
    Client().get(path)
    sign_up([atelier, visite])

    page = Page(Client().get(path))

    ticked = [box["value"] for box in page.soup.select("input[name=sessions][checked]")]
    assert ticked == [str(visite.pk)]
    assert page.texts(".session-choice__places") == [
        "1 place restante",
        "2 places restantes",
        "Inscription ouverte, places limitées",
    ]


def test_form_rebuilt_after_the_visit_is_edited_shows_the_new_title(three_sessions):
    Client().get(REGISTER.format("fr"))
    visit = three_sessions[0].day.visit
    visit.title_fr = "Visite d'étude à Saint-Étienne"
    saved_as_the_admin_saves(visit)

    page = Page(Client().get(REGISTER.format("fr")))

    assert page.text(".lead span") == "Visite d'étude à Saint-Étienne"


def test_form_rebuilt_after_a_session_is_translated_drops_the_fallback_notice(three_sessions):
    path = REGISTER.format("es")
    for session in three_sessions[1:]:
        session.title_es = f"{session.title_fr} (es)"
        session.description_es = session.description_fr and "Cita delante de la entrada"
        saved_as_the_admin_saves(session)
    before = Page(Client().get(path))
    atelier = three_sessions[0]
    atelier.title_es = "Taller"
    saved_as_the_admin_saves(atelier)

    after = Page(Client().get(path))

    assert before.text(".fallback-notice") == (
        "Algunos textos de esta página aún no están traducidos a tu idioma: se muestran en inglés."
    )
    assert after.text(".fallback-notice") == ""
    assert after.texts(".session-choice__title") == ["Taller", "Visite (es)", "Repas (es)"]


def test_session_list_of_sessions_with_a_column_not_loaded_is_rendered_all_the_same(
    three_sessions,
):
    loaded = list(Session.objects.for_listing())
    deferred = list(Session.objects.for_listing().defer("description_fr"))
    session_choices.forget_all()

    with translation.override("fr"):
        assert session_list(SessionList(sessions=deferred)) == session_list(
            SessionList(sessions=loaded)
        )
