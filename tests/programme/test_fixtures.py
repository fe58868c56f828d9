"""The committed fixture is the seed's programme, faithfully: every item, venue, time and name."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import translation

from programme.models import Day, Session, StudyVisit, Venue

T = datetime.time

# (date, French title, start, end), read off the seed's table, column by column, top to bottom.
SEED_ITEMS = [
    ("2018-02-19", "Arrivée européens", None, None),
    ("2018-02-19", "Accueil", None, None),
    ("2018-02-19", "Repas", None, None),
    ("2018-02-20", "Petit déjeuner ESS avec acteurs locaux", T(9, 0), None),
    ("2018-02-20", "Panorama de l'ESS à Saint-Etienne (PROCESS) et en France", None, None),
    ("2018-02-20", "Repas (Ethic Table)", None, None),
    ("2018-02-20", "L'ESS à l'échelle d'un quartier (Crêt de Roc)", T(15, 0), T(17, 30)),
    ("2018-02-20", "Repas", None, None),
    ("2018-02-21", "Visite de O Pluriel (pépinière d'entreprises)", T(9, 30), None),
    ("2018-02-21", "Rencontres avec des coopératives d'entrepreneurs", None, None),
    ("2018-02-21", "Repas syrien (Green Bae, membre de O Pluriel)", None, None),
    ("2018-02-21", "Présentation du projet « Rêve et Réalise »", T(14, 15), None),
    (
        "2018-02-21",
        "Visite d'un projet d'Aquaponie, en lien avec l'EHPAD Sarrazinière",
        T(16, 15),
        None,
    ),
    ("2018-02-21", "Repas libre", None, None),
    (
        "2018-02-21",
        "Projection du film Food Coop et débat autour du supermarché coopératif",
        T(20, 0),
        None,
    ),
    ("2018-02-22", "COGECOOP: SCOP dans le domaine de l'immobilier", T(9, 30), None),
    ("2018-02-22", "Licence professionnelle coordination de projets ESS", T(11, 0), None),
    ("2018-02-22", "Repas-débat avec étudiants ESS (ESS, compétences, formation,..)", None, None),
    ("2018-02-22", "Libre", None, None),
    ("2018-02-22", "Repas Chez Lulu (bar à vin associatif)", T(19, 30), None),
    ("2018-02-23", "Insertion par l'activité économique et éducation populaire", T(10, 0), None),
    ("2018-02-23", "Présentation du projet Les Voisines", None, None),
    ("2018-02-23", "Repas association Les Voisines", None, None),
    (
        "2018-02-23",
        "L'ESS en pays rural, financement participatif, visite de centre agro-écologique,...",
        T(15, 0),
        None,
    ),
    ("2018-02-23", "Repas Monto'Zar (Café-resto culturel)", None, None),
    ("2018-02-24", "Départ des européens", None, None),
]

SEED_VENUES = [
    "CIS Wogensky",
    "COGECOOP",
    "Chez Lulu",
    "Crêt de Roc",
    "Maison de l'Emploi",
    "Monto'Zar",
    "O Pluriel",
    "Parc de Montaud",
    "Parc du Pilat",
    "Unis-Cités",
    "Université Jean Monnet",
]

# Names the seed mentions inside cells; each must appear, spelled as in the seed, in each of the
# five languages (proper names are not translated).
SEED_NAMES = [
    "PROCESS",
    "Ethic Table",
    "Rue du Développement Durable",
    "Vrac en Vert",
    "Captain Ludd",
    "Talents Croisés",
    "Kaléido'Scop",
    "Cabestan",
    "Coopérative Jeunesse de Services",
    "Green Bae",
    "Rêve et Réalise",
    "Sarrazinière",
    "Food Coop",
    "Les Voisines",
    "Monto'Zar",
    "Chez Lulu",
    "Crêt de Roc",
]

LANGUAGES = ["fr", "en", "es", "it", "el"]

pytestmark = pytest.mark.django_db


def test_fixture_holds_every_seed_item_with_its_time(seed_programme):
    sessions = Session.objects.select_related("day").in_programme_order()

    assert [
        (f"{s.day.date:%Y-%m-%d}", s.title_fr, s.start_time, s.end_time) for s in sessions
    ] == SEED_ITEMS


def test_fixture_visit_spans_the_seed_days(seed_programme):
    visit = StudyVisit.objects.get()

    assert (visit.city, visit.start_date, visit.end_date, visit.is_published) == (
        "Saint-Etienne",
        datetime.date(2018, 2, 19),
        datetime.date(2018, 2, 24),
        True,
    )
    assert [f"{d.date:%d}" for d in Day.objects.all()] == ["19", "20", "21", "22", "23", "24"]


def test_fixture_holds_every_seed_venue(seed_programme):
    assert list(Venue.objects.order_by("name").values_list("name", flat=True)) == SEED_VENUES


def test_fixture_venues_have_no_invented_address_or_website(seed_programme):
    assert list(Venue.objects.exclude(address="", website="")) == []


@pytest.mark.parametrize("name", SEED_NAMES)
def test_fixture_spells_seed_names_as_given_in_every_language(seed_programme, name):
    def mentions(language):
        return sum(
            name in f"{getattr(s, f'title_{language}')} {getattr(s, f'description_{language}')}"
            for s in Session.objects.all()
        ) + sum(name == v.name for v in Venue.objects.all())

    assert [mentions(code) > 0 for code in LANGUAGES] == [True] * 5


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (
            StudyVisit,
            [
                "title",
                "subtitle",
                "tagline",
                "project_intro",
                "objective",
                "questions",
                "conditions",
            ],
        ),
        (Session, ["title", "description"]),
        (Venue, ["description"]),
    ],
)
def test_fixture_every_text_exists_in_all_five_languages(seed_programme, model, fields):
    missing = [
        (obj.pk, field, code)
        for obj in model.objects.all()
        for field in fields
        for code in LANGUAGES
        if bool(getattr(obj, f"{field}_fr")) != bool(getattr(obj, f"{field}_{code}"))
    ]
    assert missing == []


def test_fixture_visit_questions_are_the_five_of_the_seed(seed_programme):
    visit = StudyVisit.objects.get()

    assert [len(visit.questions_fr.splitlines()), len(visit.questions_en.splitlines())] == [5, 5]


# The English wordings the issue settled (shared/GLOSSARY.md), by session slug.
ENGLISH_WORDINGS = {
    "ess-quartier-cret-de-roc": "The SSE at neighbourhood level (Crêt de Roc)",
    "aquaponie": "Visit to an aquaponics project, run with the Sarrazinière care home (EHPAD)",
    "repas-libre": "Dinner on your own",
    "projection-food-coop": (
        'Screening of the film "Food Coop", followed by a discussion on cooperative supermarkets'
    ),
    "repas-les-voisines": "Lunch with the Les Voisines association",
}


def test_fixture_english_titles_follow_the_glossary(seed_programme):
    titles = dict(Session.objects.filter(slug__in=ENGLISH_WORDINGS).values_list("slug", "title_en"))

    assert titles == ENGLISH_WORDINGS


def test_fixture_english_texts_say_what_the_seed_says(seed_programme):
    visit = StudyVisit.objects.get()

    assert visit.questions_en.splitlines()[4] == (
        "To what extent does recognised, certified training support social sustainability, "
        "in particular by bringing in a new generation of SSE actors?"
    )
    assert visit.conditions_en.startswith(
        "9 European SSE actors (from Greece, Italy and Spain) will be present."
    )


def test_fixture_visit_questions_are_five_in_every_language(seed_programme):
    visit = StudyVisit.objects.get()

    assert [len(getattr(visit, f"questions_{code}").splitlines()) for code in LANGUAGES] == [5] * 5


# The glossary's terms in Spanish, Italian and Greek, by session slug: "repas libre" is a dinner
# on one's own, "accueil" a welcome, "à l'échelle d'un quartier" at neighbourhood level.
GLOSSARY_WORDINGS = {
    "es": {
        "accueil": "Bienvenida",
        "repas-libre": "Cena por tu cuenta",
        "ess-quartier-cret-de-roc": "La ESS a nivel de barrio (Crêt de Roc)",
        "repas-les-voisines": "Almuerzo con la asociación Les Voisines",
    },
    "it": {
        "accueil": "Accoglienza",
        "repas-libre": "Cena libera",
        "ess-quartier-cret-de-roc": "L'ESS a livello di quartiere (Crêt de Roc)",
        "repas-les-voisines": "Pranzo con l'associazione Les Voisines",
    },
    "el": {
        "accueil": "Υποδοχή",
        "repas-libre": "Δείπνο με δική σας επιλογή",
        "ess-quartier-cret-de-roc": "Η ΚΑΛΟ σε επίπεδο γειτονιάς (Crêt de Roc)",
        "repas-les-voisines": "Γεύμα με τον σύλλογο Les Voisines",
    },
}


@pytest.mark.parametrize("code", ["es", "it", "el"])
def test_fixture_translations_follow_the_glossary(seed_programme, code):
    slugs = GLOSSARY_WORDINGS[code]
    titles = dict(Session.objects.filter(slug__in=slugs).values_list("slug", f"title_{code}"))

    assert titles == slugs


@pytest.mark.parametrize("code", ["es", "it", "el"])
def test_fixture_translations_keep_the_venue_names(seed_programme, code):
    # A venue's name is a proper name: one column, the same in every language.
    with translation.override(code):
        names = sorted(Venue.objects.values_list("name", flat=True))

    assert names == SEED_VENUES


def test_fixture_capacities_are_provisional(seed_programme):
    assert set(Session.objects.values_list("capacity_is_provisional", flat=True)) == {True}


def test_fixture_sign_up_items_have_capacity_and_the_rest_none(seed_programme):
    open_items = Session.objects.filter(is_open_for_signup=True)
    closed_titles = Session.objects.filter(is_open_for_signup=False).values_list(
        "title_fr", flat=True
    )

    assert sorted(closed_titles) == [
        "Accueil",
        "Arrivée européens",
        "Départ des européens",
        "Libre",
        "Repas libre",
    ]
    assert {(s.capacity, s.reserved_places) for s in open_items} == {(25, 9)}


def test_fixture_objects_pass_model_validation(seed_programme):
    for model in (StudyVisit, Day, Venue, Session):
        for obj in model.objects.all():
            obj.full_clean()
    assert Session.objects.count() == 26


def test_fixture_loading_twice_changes_nothing(seed_programme):
    def dump():
        out = io.StringIO()
        # The pages version is meant to change (the cached pages are dropped); the content not.
        content = {"exclude": ["programme.PagesVersion"], "format": "json", "indent": 1}
        call_command("dumpdata", "programme", stdout=out, **content)
        return out.getvalue()

    first = dump()
    call_command("loaddata", "saint_etienne_2018", verbosity=0)

    assert dump() == first


def test_fixture_reload_keeps_the_places_already_taken(seed_programme):
    from tests.factories import sign_up
    from tests.registrations.places import counters_match

    session = Session.objects.get(slug="petit-dejeuner-ess")
    sign_up(session)

    call_command("loaddata", "saint_etienne_2018", verbosity=0)

    session.refresh_from_db()
    assert (session.confirmed_local, counters_match(session)) == (1, True)
