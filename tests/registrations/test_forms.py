"""The participant's details on the public form, as a partner reads them in their language."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from registrations.models import DelegationInvitation, Participant
from tests.factories import DayFactory, signup_session
from tests.html import Page
from tests.programme.test_week import SECOND_LINES

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


@pytest.mark.parametrize("language", ["el", "fr"])
def test_form_country_is_not_preselected(client, lunch, language):
    page = form_in(client, language)

    selected = page.soup.select("#id_country option[selected]")
    assert [option["value"] for option in selected] == [""]
    assert page.soup.select_one("#id_country").has_attr("required")


@pytest.mark.parametrize(
    ("language", "error"),
    [("el", "Αυτό το πεδίο είναι απαραίτητο."), ("fr", "Ce champ est obligatoire.")],
)
def test_form_without_country_is_refused_in_the_visitors_language(client, lunch, language, error):
    response = client.post(
        f"/{language}/saint-etienne-2018/register/",
        {
            "first_name": "Γιώργος",
            "last_name": "Παπαδόπουλος",
            "email": "giorgos@example.org",
            "sessions": [lunch.pk],
            "consent": "on",
        },
    )

    assert Participant.objects.count() == 0
    assert Page(response).text("#div_id_country .invalid-feedback") == error


def test_form_shows_second_lines_of_items(client, seed_programme):
    page = form_in(client, "fr")

    assert page.texts(".session-choice__description") == SECOND_LINES


# The country's empty choice, on every form that asks the country ------------------------------

CHOOSE_A_COUNTRY = {
    "en": "Choose a country",
    "fr": "Choisissez un pays",
    "es": "Elige un país",
    "it": "Scegli un paese",
    "el": "Επιλέξτε χώρα",
}


def country_form_paths(session, organiser) -> dict[str, str]:
    """Where a country is asked: the public form, an invitation's form, the organisers' sign-up
    by hand and the walk-in form of a session's check-in page (without their language prefix)."""
    invitation = DelegationInvitation.objects.create(
        visit=session.day.visit,
        label="Partner",
        uses_allowed=3,
        ends_at=timezone.now() + datetime.timedelta(days=3),
    )
    with translation.override("en"):
        return {
            "public": "/saint-etienne-2018/register/",
            "invitation": f"/saint-etienne-2018/invitation/{invitation.token}/",
            "by hand": reverse("admin:registrations_participant_add").removeprefix("/en"),
            "walk-in": reverse("admin:registrations_checkin", args=[session.pk]).removeprefix(
                "/en"
            ),
        }


@pytest.mark.parametrize("language", CHOOSE_A_COUNTRY)
def test_country_empty_choice_is_named_on_every_form(client, organiser, lunch, language):
    paths = country_form_paths(lunch, organiser)

    first_choices = {
        form: Page.get(client, f"/{language}{path}").text("#id_country option:first-child")
        for form, path in paths.items()
    }

    assert first_choices == dict.fromkeys(paths, CHOOSE_A_COUNTRY[language])
