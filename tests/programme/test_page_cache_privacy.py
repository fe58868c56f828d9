"""The privacy notice, which shows nothing of the database, is cached without a pages version:
no query at all, the same page, and never stale (language, settings shown, release)."""

import pytest

from programme import page_cache
from tests.html import Page

PRIVACY = "/fr/privacy/"


@pytest.mark.django_db
def test_cached_privacy_page_runs_no_query_and_is_the_same_page(client, django_assert_num_queries):
    first = client.get(PRIVACY)

    with django_assert_num_queries(0):
        second = client.get(PRIVACY)

    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.templates[0].name, second.templates) == (
        "registrations/privacy.html",
        [],
    )
    assert second.content == first.content


@pytest.mark.django_db
def test_privacy_page_in_each_language_is_cached_apart(client):
    assert Page.get(client, PRIVACY).h1 == "Notice de confidentialité"
    assert Page.get(client, "/en/privacy/").h1 == "Privacy notice"
    assert Page.get(client, PRIVACY).lang == "fr"


@pytest.mark.django_db
def test_cached_privacy_page_shows_a_new_organisers_address_at_once(client, settings):
    settings.ORGANISERS_EMAIL = "kiss@example.org"
    Page.get(client, PRIVACY)

    settings.ORGANISERS_EMAIL = "visite@example.org"
    page = Page.get(client, PRIVACY)

    assert page.links(".site-footer a[href^=mailto]") == ["mailto:visite@example.org"]


@pytest.mark.django_db
def test_cached_privacy_page_is_rendered_again_after_a_release(client, monkeypatch):
    client.get(PRIVACY)
    monkeypatch.setattr(page_cache, "release", lambda: "next-release")

    response = client.get(PRIVACY)

    assert response.templates[0].name == "registrations/privacy.html"


@pytest.mark.django_db
def test_privacy_page_is_the_same_after_a_change_of_places(client, django_assert_num_queries):
    first = client.get(PRIVACY)
    page_cache.bump_version()

    with django_assert_num_queries(0):
        second = client.get(PRIVACY)

    assert second.content == first.content
