"""The organisers' contact address (KISS_ORGANISERS_EMAIL): while it is unset, organisers are
told so on the admin's home page; the public pages never show them the placeholder."""

import pytest
from django.test import override_settings

from tests.html import Page

pytestmark = pytest.mark.django_db

MISSING = (
    "Participants see no contact address for you yet: set KISS_ORGANISERS_EMAIL in the site's "
    "environment (then restart it). The address then appears at the foot of every public page "
    "and on the privacy notice."
)


@override_settings(ORGANISERS_EMAIL="")
def test_admin_home_tells_organisers_their_contact_is_not_set(client, organiser):
    page = Page.get(client, "/en/admin/")

    assert page.texts(".organisers-contact-missing") == [MISSING]


@override_settings(ORGANISERS_EMAIL="visit@example.org")
def test_admin_home_says_nothing_once_the_contact_is_set(client, organiser):
    page = Page.get(client, "/en/admin/")

    assert page.texts(".organisers-contact-missing") == []


@override_settings(ORGANISERS_EMAIL="")
def test_public_pages_never_show_the_placeholder(client, organiser, seed_programme):
    page = Page.get(client, "/en/saint-etienne-2018/")

    assert (
        page.texts(".organisers-contact-missing"),
        "KISS_ORGANISERS_EMAIL" in str(page.soup),
    ) == (
        [],
        False,
    )
