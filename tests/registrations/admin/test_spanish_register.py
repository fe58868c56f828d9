"""The admin speaks to Spanish-speaking organisers with tú, as the rest of the site does."""

import pytest

from tests.factories import sign_up, signup_session
from tests.html import Page
from tests.registrations.admin.test_mailings import admin_url
from tests.registrations.exports.test_rows_and_spreadsheets import export_url

pytestmark = pytest.mark.django_db


def test_print_page_in_spanish_says_tu(client, organiser):
    session = signup_session(capacity=None, title_en="Debate")
    sign_up(session, email="ana@example.org")

    page = Page.get(client, export_url("session", session.pk, "sheet", "es"))

    assert page.text(".no-print") == (
        "Usa la orden Imprimir de tu navegador: cada página de abajo se imprime en una hoja A4, "
        "con el encabezado de la actividad."
    )


def test_mailing_page_in_spanish_says_tu(client, organiser):
    session = signup_session(capacity=None, title_en="Debate")
    url = admin_url("registrations_mailing_write", "session", session.pk).replace("/en/", "/es/")

    page = Page.get(client, url)

    assert page.texts("#content p")[0].endswith(
        "Nadie ve la dirección de los demás. Antes de enviarlo verás a cuántas personas va."
    )
