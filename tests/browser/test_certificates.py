"""Certificates and reminders in a real browser, on the seed programme: an organiser downloads
a person's certificate from their page and switches the reminders on; a participant downloads
theirs from the private page once the visit is over."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from programme.models import Session
from registrations.models import Registration, VisitOptions
from tests.browser.conftest import press
from tests.factories import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BREAKFAST = "sse-breakfast"


def pdf_lines(path) -> list[str]:
    with open(path, "rb") as file:
        return PdfReader(io.BytesIO(file.read())).pages[0].extract_text().splitlines()


def attendee(language="en"):
    """Ana, marked present at the first session of the seed programme open for sign-up."""
    session = Session.objects.filter(is_open_for_signup=True).order_by("day__date", "order")[0]
    participant = sign_up(session, language=language, first_name="Ana", last_name="Núñez")
    Registration.objects.filter(participant=participant.participant).update(attended=True)
    return participant.participant, session


def test_organiser_downloads_a_certificate_from_the_person_s_page(organiser_tab, tmp_path):
    person, session = attendee()
    tab = organiser_tab
    tab.goto(f"{tab.base_url}/en/admin/registrations/participant/{person.pk}/change/")

    with tab.expect_download() as download:
        tab.get_by_role("link", name="Download the certificate of attendance (PDF)").click()
    download.value.save_as(tmp_path / "certificate.pdf")

    lines = pdf_lines(tmp_path / "certificate.pdf")
    assert lines[:3] == ["Certificate of attendance", "This is to certify that", "Ana Núñez"]
    assert any(session.title_en in line for line in lines)


def test_organiser_switches_the_reminders_on(organiser_tab):
    tab = organiser_tab
    tab.goto(f"{tab.base_url}/en/admin/")
    tab.get_by_role(
        "link", name="Certificates of attendance, attendance report and reminders"
    ).click()
    tab.get_by_role("link", name="Weave your SSE web! (Saint-Etienne, 2018)").click()
    tab.get_by_label("Name of the signatory").fill("Marie Dupont")
    tab.get_by_label("Send reminders").check()
    tab.get_by_label("Hour of the reminders").select_option(label="19:00")
    press(tab, tab.get_by_role("button", name="Save", exact=True))

    assert (
        tab.locator(".messagelist li")
        .all_inner_texts()[0]
        .startswith("The certificates and reminders “Weave your SSE web!")
    )
    options = VisitOptions.objects.get()
    assert (options.signatory_name, options.reminders_on, options.reminder_hour) == (
        "Marie Dupont",
        True,
        19,
    )


def test_participant_downloads_their_certificate_after_the_visit(
    browser, site_url, seed_programme, time_machine, tmp_path
):
    person, _session = attendee(language="en")
    time_machine.move_to("2018-02-25 10:00+01:00")  # the day after the visit, in Saint-Etienne
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    with translation.override("en"):
        tab.goto(site_url + person.manage_path())

    with tab.expect_download() as download:
        tab.get_by_role("link", name="Download my certificate of attendance (PDF)").click()
    download.value.save_as(tmp_path / "mine.pdf")
    context.close()

    assert pdf_lines(tmp_path / "mine.pdf")[:3] == [
        "Certificate of attendance",
        "This is to certify that",
        "Ana Núñez",
    ]
