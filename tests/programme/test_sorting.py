"""Venues in the order a reader expects: case and accents do not lead."""

import pytest

from programme.sorting import by_name, name_key
from tests.factories import DayFactory, SessionFactory, VenueFactory
from tests.html import Page


def test_name_key_folds_case_and_accents():
    names = ["COGECOOP", "Crêt de Roc", "Chez Lulu", "CIS Wogensky", "École", "Eden", "Zèbre"]

    assert sorted(names, key=name_key) == [
        "Chez Lulu",
        "CIS Wogensky",
        "COGECOOP",
        "Crêt de Roc",
        "École",
        "Eden",
        "Zèbre",
    ]


@pytest.mark.django_db
def test_venue_index_sorts_venues_by_folded_name(client):
    day = DayFactory()
    for name in ["COGECOOP", "Écomusée", "Chez Lulu", "Eden", "crêperie"]:
        SessionFactory(day=day, venue=VenueFactory(name=name))

    page = Page.get(client, f"/en/{day.visit.slug}/venues/")

    assert page.texts(".venue-card h2") == ["Chez Lulu", "COGECOOP", "crêperie", "Écomusée", "Eden"]


def test_by_name_keeps_objects():
    class Named:
        def __init__(self, name):
            self.name = name

    assert [v.name for v in by_name([Named("b"), Named("Á"), Named("a")])] == ["a", "Á", "b"]
