"""After a change of places the registration form is rebuilt from its kept shell and a fresh
session list: the same page as a full rendering."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import DayFactory, sign_up, signup_session
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
