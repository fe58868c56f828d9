"""The admin's page titles in our words (kiss_visit/urls.py, locale/): the action first, then
what it acts on, in every language."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db


def h1(client, url: str) -> str:
    return BeautifulSoup(client.get(url).content, "html.parser").h1.get_text(strip=True)


@pytest.mark.parametrize(
    "language, change, add",
    [
        ("fr", "Modifier : lieu", "Ajouter : lieu"),
        ("el", "Τροποποίηση: χώρος", "Προσθήκη: χώρος"),
        ("en", "Change venue", "Add venue"),
    ],
)
def test_admin_title_names_the_action_then_the_thing(client, superuser, language, change, add):
    venue = VenueFactory()

    titles = (
        h1(client, f"/{language}/admin/programme/venue/{venue.pk}/change/"),
        h1(client, f"/{language}/admin/programme/venue/add/"),
    )

    assert titles == (change, add)
