"""The participant's details on the public form, as a partner reads them in their language."""

import pytest

from tests.factories import DayFactory, signup_session
from tests.html import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def lunch():
    day = DayFactory(visit__slug="saint-etienne-2018")
    return signup_session(day=day, kind="meal", part_of_day="midday", title_en="Lunch")


def form_in(client, language) -> Page:
    return Page.get(client, f"/{language}/saint-etienne-2018/register/")


@pytest.mark.parametrize(
    ("language", "legend", "vegan"),
    [
        ("es", "Régimen alimentario", "Vegana"),
        ("el", "Διατροφική ανάγκη", "Βίγκαν"),
    ],
)
def test_form_dietary_requirement_in_partner_language(client, lunch, language, legend, vegan):
    page = form_in(client, language)

    assert page.text("#div_id_dietary_requirement legend") == legend
    assert page.text('label[for="id_dietary_requirement_2"]') == vegan
