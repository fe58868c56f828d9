import pytest
from django.urls import reverse
from django.utils import translation

from programme.models import Session
from tests.html import Page

pytestmark = pytest.mark.django_db


def admin_url(language, name, *args):
    with translation.override(language):
        return reverse(f"admin:programme_{name}", args=args)


@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "Choisir un élément à modifier (séance)"), ("en", "Select session to change")],
)
def test_session_changelist_speaks_the_admin_language(
    admin_client, seed_programme, language, heading
):
    page = Page.get(admin_client, admin_url(language, "session_changelist"))

    assert (page.lang, page.text("#content h1")) == (language, heading)
    assert len(page.texts("#result_list tbody tr")) == 26


def test_session_changelist_filters_by_kind(admin_client, seed_programme):
    page = Page.get(admin_client, admin_url("en", "session_changelist") + "?kind__exact=meal")

    assert len(page.texts("#result_list tbody tr")) == 8


@pytest.mark.parametrize("sessions_per_day", [2, 12])
def test_session_changelist_query_count_does_not_grow(
    admin_client, django_assert_max_num_queries, sessions_per_day
):
    from tests.factories import programme_of_size

    programme_of_size(sessions_per_day)
    with django_assert_max_num_queries(12):
        admin_client.get(admin_url("en", "session_changelist"))


def test_session_change_form_shows_the_five_languages_of_each_text(admin_client, seed_programme):
    page = Page.get(admin_client, admin_url("en", "session_change", 4))

    labels = page.texts("label[for^=id_title_], label[for^=id_description_]")
    assert labels == [
        "Title (French):",
        "Title (English):",
        "Title (Spanish):",
        "Title (Italian):",
        "Title (Greek):",
        "Description (French):",
        "Description (English):",
        "Description (Spanish):",
        "Description (Italian):",
        "Description (Greek):",
    ]


def test_session_change_form_loads_nothing_from_other_hosts(admin_client, seed_programme):
    page = Page.get(admin_client, admin_url("en", "session_change", 4))

    assets = [el.get("src") or el.get("href") for el in page.soup.select("script[src], link")]
    assert [url for url in assets if not url.startswith("/")] == []


def test_session_changelist_shows_provisional_capacities(admin_client, seed_programme):
    Session.objects.filter(pk=5).update(capacity_is_provisional=False)
    page = Page.get(admin_client, admin_url("en", "session_changelist") + "?day__id__exact=2")

    assert page.texts("#result_list td.field-capacity_shown") == [
        "25 (provisional)",
        "25",
        "25 (provisional)",
        "25 (provisional)",
        "25 (provisional)",
    ]


def test_session_change_form_refuses_more_reserved_places_than_capacity(
    admin_client, seed_programme
):
    url = admin_url("en", "session_change", 4)
    session = Session.objects.get(pk=4)
    data = {
        "day": session.day_id,
        "order": 10,
        "kind": "meeting",
        "venue": session.venue_id,
        "slug": session.slug,
        "title_fr": session.title_fr,
        "title_en": session.title_en,
        "description_fr": "",
        "description_en": "",
        "part_of_day": "morning",
        "start_time": "09:00",
        "end_time": "",
        "is_open_for_signup": "on",
        "capacity": "5",
        "reserved_places": "9",
    }

    page = Page(admin_client.post(url, data))

    assert page.texts(".errorlist li") == [
        "There cannot be more reserved places than the capacity."
    ]
    assert Session.objects.get(pk=4).capacity == 25


def change_form_data(session, **changes):
    data = {
        "day": session.day_id,
        "order": session.order,
        "kind": session.kind,
        "venue": session.venue_id or "",
        "slug": session.slug,
        "title_fr": session.title_fr,
        "title_en": session.title_en,
        "description_fr": "",
        "description_en": "",
        "part_of_day": session.part_of_day,
        "start_time": session.start_time or "",
        "end_time": "",
        "is_open_for_signup": "on",
        "capacity": "25",
        "reserved_places": "9",
        "capacity_is_provisional": "on",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def test_organiser_confirms_a_capacity_by_unticking_provisional(admin_client, seed_programme):
    session = Session.objects.get(pk=6)

    response = admin_client.post(
        admin_url("en", "session_change", 6),
        change_form_data(session, capacity="30", capacity_is_provisional=None),
    )

    session.refresh_from_db()
    assert (response.status_code, session.capacity, session.capacity_is_provisional) == (
        302,
        30,
        False,
    )


def test_organiser_setting_a_time_raises_the_schedule_version(admin_client, seed_programme):
    session = Session.objects.get(pk=6)

    admin_client.post(
        admin_url("en", "session_change", 6), change_form_data(session, title_es="Comida")
    )
    after_text = Session.objects.values_list("title_es", "schedule_version").get(pk=6)
    admin_client.post(
        admin_url("en", "session_change", 6),
        change_form_data(session, title_es="Comida", start_time="12:30"),
    )

    session.refresh_from_db()
    assert (after_text, session.schedule_version) == (("Comida", 0), 1)
    assert session.start_time.isoformat() == "12:30:00"


@pytest.mark.parametrize(
    ("name", "pk", "field"),
    [("studyvisit", 1, "tagline"), ("day", 2, "theme"), ("venue", 2, "description")],
)
def test_programme_change_forms_offer_greek_texts(admin_client, seed_programme, name, pk, field):
    page = Page.get(admin_client, admin_url("el", f"{name}_change", pk))

    assert page.soup.select_one(f"[name={field}_el]") is not None
    assert page.lang == "el"
