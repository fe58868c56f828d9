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
    [("fr", "Sélectionnez l’objet séance à changer"), ("en", "Select session to change")],
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


def test_session_change_form_shows_both_languages(admin_client, seed_programme):
    page = Page.get(admin_client, admin_url("en", "session_change", 4))

    labels = page.texts("label[for=id_title_fr], label[for=id_title_en]")
    assert labels == ["Title (French):", "Title (English):"]


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
