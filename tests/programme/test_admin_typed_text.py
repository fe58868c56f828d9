"""The programme's admin forms refuse control and invisible characters like the participants'
forms do: what organisers type ends up on the public pages and in every export."""

import pytest
from django.urls import reverse
from django.utils import translation

from programme.models import Venue
from tests.html import Page

pytestmark = pytest.mark.django_db

ADDRESS = "1 rue de la Montat\r\n42100 Saint-Étienne"  # the line breaks of a textarea


def venue_form(**changes) -> dict:
    data = {
        "name": "Cantine",
        "slug": "cantine",
        "address": ADDRESS,
        "description_fr": "",
        "description_en": "",
        "website": "https://example.org/",
    }
    return {**data, **changes}


def add_venue(client, language, **changes):
    with translation.override(language):
        url = reverse("admin:programme_venue_add")
    return client.post(url, venue_form(**changes))


def test_venue_with_control_or_invisible_characters_is_refused(admin_client):
    response = add_venue(
        admin_client, "fr", name="Can\x02tine", website="https://exa\u200bmple.org/"
    )

    page = Page(response)
    message = "Ce champ contient un caractère invisible ou de contrôle (U+{}) : retirez-le."
    assert response.status_code == 200
    assert page.texts(".field-name .errorlist li") == [message.format("0002")]
    assert page.texts(".field-website .errorlist li") == [message.format("200B")]
    assert Venue.objects.count() == 0


def test_venue_address_keeps_its_lines_and_name_is_nfc_normalised(admin_client):
    response = add_venue(admin_client, "en", name="Cafe\u0301 des Arts")

    assert response.status_code == 302
    venue = Venue.objects.get()
    assert (venue.name, venue.address) == ("Café des Arts", ADDRESS)
