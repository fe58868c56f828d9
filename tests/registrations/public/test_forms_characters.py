"""What participants and organisers type: control and invisible characters are refused with a
message beside the field, in the page's language, and nothing is saved; the writing of every
language (accents, Greek, Devanagari conjuncts with a joiner, Persian with a non-joiner) is kept."""

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from programme.models import Session
from registrations.models import Participant, Registration
from tests.factories import DayFactory, sign_up, signup_session
from tests.html import Page

pytestmark = pytest.mark.django_db

MESSAGE = {
    "fr": "Ce champ contient un caractère invisible ou de contrôle (U+{}) : retirez-le.",
    "en": "This field contains an invisible or control character (U+{}): remove it.",
}
# One refused character in each field of the registration form, and where it hides.
TYPED = {
    "first_name": ("Ann\x01", "0001"),  # a C0 control
    "last_name": ("\u202eLee", "202E"),  # a bidi override: shows as "eeL"
    "email": ("ann@exa\u200bmple.org", "200B"),  # a zero-width space: passes Django's check
    "organisation": ("Co\u00adop", "00AD"),  # a soft hyphen
    "dietary_notes": ("No nuts\x00", "0000"),  # NUL
    "accessibility_needs": ("Ramp\x0cplease", "000C"),  # a form feed: no line break of a textarea
}


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def lunch():
    return signup_session(day=DayFactory(), kind=Session.Kind.MEAL, title_en="Lunch", capacity=3)


def registration(lunch, **typed) -> dict:
    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": "camille@example.org",
        "organisation": "",
        "country": "FR",
        "sessions": [lunch.pk],
        "dietary_requirement": "allergy",
        "dietary_notes": "Nuts",
        "accessibility_needs": "",
        "consent": "on",
        "website": "",
    }
    return {**data, **typed}


def register(client, language, lunch, **typed):
    url = url_in(language, "registrations:register", visit=lunch.day.visit.slug)
    return client.post(url, registration(lunch, **typed))


def errors_beside(page, names) -> dict:
    return {name: page.texts(f"#div_id_{name} [id^=error_]") for name in names}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_register_with_control_or_invisible_characters_names_them_beside_each_field(
    client, lunch, language
):
    typed = {name: text for name, (text, _code) in TYPED.items()}

    response = register(client, language, lunch, **typed)

    page = Page(response)
    expected = {name: [MESSAGE[language].format(code)] for name, (_text, code) in TYPED.items()}
    assert response.status_code == 200
    assert errors_beside(page, TYPED) == expected
    assert page.soup.select_one("#id_first_name")["value"] == "Ann\x01"  # as typed, to correct
    assert (Participant.objects.count(), Registration.objects.count()) == (0, 0)
    lunch.refresh_from_db()
    assert (lunch.confirmed_count, mail.outbox) == (0, [])


def test_register_with_several_refused_characters_names_each_once(client, lunch):
    response = register(client, "fr", lunch, first_name="A\x01n\x01n\u200b\ufeff\x7f\x85\x9f")

    assert errors_beside(Page(response), ["first_name"]) == {
        "first_name": [
            "Ce champ contient des caractères invisibles ou de contrôle "
            "(U+0001, U+200B, U+FEFF, U+007F, U+0085, …) : retirez-les."
        ]
    }
    assert Participant.objects.count() == 0


def test_register_with_a_line_break_in_a_name_is_refused_but_kept_in_a_textarea(client, lunch):
    lines = "Ramp at the entrance,\r\n\tplease\u2028thank you"

    refused = register(client, "en", lunch, first_name="Ann\u2028Lee", accessibility_needs=lines)
    accepted = register(client, "en", lunch, first_name="Ann", accessibility_needs=lines)

    assert errors_beside(Page(refused), ["first_name", "accessibility_needs"]) == {
        "first_name": [MESSAGE["en"].format("2028")],
        "accessibility_needs": [],
    }
    assert accepted.status_code == 302
    assert Participant.objects.get().accessibility_needs == lines


def test_register_in_any_writing_is_kept_and_nfc_normalised(client, lunch):
    typed = {
        "first_name": "Δημήτρης",
        "last_name": "Nguye\u0302\u0303n",  # ễ typed as e and two combining accents
        "organisation": "\u0915\u094d\u200d\u0937 Coop",  # Devanagari ka-virama-ZWJ-ssa: half-form
        "dietary_notes": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 👩🏽‍🚒",  # ZWNJ, ZWJ
    }

    response = register(client, "fr", lunch, **typed)

    assert response.status_code == 302
    participant = Participant.objects.get()
    kept = [participant.first_name, participant.last_name, participant.organisation]
    assert kept == ["Δημήτρης", "Nguyễn", "\u0915\u094d\u200d\u0937 Coop"]
    assert participant.dietary_notes == typed["dietary_notes"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_manage_dietary_details_with_a_control_character_change_nothing(client, lunch, language):
    participant = sign_up(lunch, dietary_requirement="allergy", dietary_notes="Nuts").participant
    with translation.override(language):
        url = participant.manage_path()

    response = client.post(
        url,
        {"sessions": [lunch.pk], "dietary_requirement": "other", "dietary_notes": "Fish\x1b"},
    )

    assert response.status_code == 200
    assert errors_beside(Page(response), ["dietary_notes"]) == {
        "dietary_notes": [MESSAGE[language].format("001B")]
    }
    participant.refresh_from_db()
    assert (participant.dietary_requirement, participant.dietary_notes) == ("allergy", "Nuts")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_lost_link_with_an_invisible_character_in_the_address_sends_nothing(
    client, lunch, language
):
    sign_up(lunch, email="camille@example.org")
    sent = len(mail.outbox)
    url = url_in(language, "registrations:lost_link", visit=lunch.day.visit.slug)

    response = client.post(url, {"email": "camille@example.org\ufeff"})

    assert response.status_code == 200
    assert errors_beside(Page(response), ["email"]) == {"email": [MESSAGE[language].format("FEFF")]}
    assert len(mail.outbox) == sent


@pytest.fixture
def organiser(client):
    call_command("setup_organisers", verbosity=0)
    user = User.objects.create_user("organiser", is_staff=True)
    user.groups.add(Group.objects.get(name="Organisers"))
    client.force_login(user)
    return user


def participant_form(participant, **changes) -> dict:
    data = {
        "first_name": participant.first_name,
        "last_name": participant.last_name,
        "email": participant.email,
        "organisation": participant.organisation,
        "country": "FR",
        "language": "fr",
        "dietary_requirement": "",
        "dietary_notes": "",
        "accessibility_needs": "",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
    }
    return {**data, **changes}


def test_admin_participant_form_refuses_invisible_characters(client, organiser, lunch):
    participant = Participant.objects.get(pk=sign_up(lunch).participant.pk)
    url = url_in("fr", "admin:registrations_participant_change", object_id=participant.pk)

    response = client.post(
        url, participant_form(participant, last_name="Mar\u2060tin", email="c\u200b@example.org")
    )

    page = Page(response)
    assert response.status_code == 200
    assert page.texts(".field-last_name .errorlist li") == [MESSAGE["fr"].format("2060")]
    assert page.texts(".field-email .errorlist li") == [MESSAGE["fr"].format("200B")]
    assert Participant.objects.get(pk=participant.pk).last_name == "Martin"


def test_admin_participant_form_keeps_corrections_nfc_normalised(client, organiser, lunch):
    participant = sign_up(lunch).participant
    url = url_in("en", "admin:registrations_participant_change", object_id=participant.pk)

    response = client.post(url, participant_form(participant, first_name="Zoe\u0301"))

    assert response.status_code == 302
    assert Participant.objects.get(pk=participant.pk).first_name == "Zoé"
