"""Organisers and certificates: a person's certificate from their page, everyone's as one PDF
or by e-mail, the attendance report (CSV, XLSX) per country and organisation, and the visit's
signatory and signature image, refused when the file is no image or too big."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from PIL import Image

from registrations import services
from registrations.models import OutgoingEmail, Registration, VisitOptions
from tests.factories import (
    DayFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    StudyVisitFactory,
    sign_up,
    signup_session,
)
from tests.html import Page
from tests.mail_queue import deliver_queued_mail
from tests.registrations.exports.test_paper import pdf_pages
from tests.registrations.exports.test_rows_and_spreadsheets import csv_rows

pytestmark = pytest.mark.django_db


def url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:registrations_{name}", args=args)


def messages_of(response) -> list[tuple[str, str]]:
    return [
        (li["class"][0], " ".join(li.get_text().split()))
        for li in Page(response).soup.select(".messagelist li")
    ]


def png(width=200, height=60, color="white") -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, height), color).save(output, "PNG")
    return output.getvalue()


def test_organiser_downloads_a_person_s_certificate(client, organiser, attendee):
    response = client.get(url("certificate_person", attendee.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{attendee.pk}-ana-nunez.pdf"'
    )
    lines = pdf_pages(response.content)[0].splitlines()
    assert lines[:3] == ["Certificate of attendance", "This is to certify that", "Ana Núñez"]


def test_participant_page_links_to_the_certificate(client, organiser, attendee):
    page = Page.get(client, url("participant_change", attendee.pk))

    assert page.link_named("Download the certificate of attendance (PDF)") == url(
        "certificate_person", attendee.pk
    )


def test_certificate_for_an_erased_person_says_why_not(client, organiser, visit):
    session = signup_session(day=DayFactory(visit=visit))
    person = sign_up(session).participant
    Registration.objects.filter(participant=person).update(attended=True)
    services.erase_participant(participant=person)

    response = client.get(url("certificate_person", person.pk), follow=True)

    assert response.redirect_chain == [(url("participant_change", person.pk), 302)]
    assert messages_of(response) == [
        ("error", "This participant's data has been erased: there is no certificate to make.")
    ]


def test_certificate_without_an_attended_session_says_why_not(client, organiser, visit):
    session = SessionFactory(day=DayFactory(visit=visit))
    person = ParticipantFactory(visit=visit, first_name="Léa", last_name="Roux")
    RegistrationFactory(participant=person, session=session, attended=None)

    response = client.get(url("certificate_person", person.pk), follow=True)

    assert messages_of(response) == [
        ("error", "No attendance is recorded for Léa Roux: there is no certificate to make.")
    ]


def test_certificates_are_for_organisers_who_export_only(client, other_staff, attendee):
    assert client.get(url("certificate_person", attendee.pk)).status_code == 403
    assert client.get(url("certificates_visit", attendee.visit_id)).status_code == 403


def test_visit_certificates_are_one_pdf_of_everyone_who_attended(client, organiser, attendee):
    other = ParticipantFactory(visit=attendee.visit, first_name="Bea", last_name="Alba")
    RegistrationFactory(
        participant=other, session=attendee.registrations.get().session, attended=True
    )

    response = client.get(url("certificates_visit", attendee.visit_id))

    names = [page.splitlines()[2] for page in pdf_pages(response.content)]
    assert names == ["Bea Alba", "Ana Núñez"]


def report(client, visit, by, fmt) -> bytes:
    response = client.get(url("attendance_report", visit.pk, by, fmt))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def attendance(visit):
    """Two sessions; Spain: 2 people, 3 of 4 places attended; Italy: 1 person, 0 of 1."""
    day = DayFactory(visit=visit)
    first, second = SessionFactory(day=day), SessionFactory(day=day)
    for name, attended in [("A", [True, True]), ("B", [True, None])]:
        person = ParticipantFactory(
            visit=visit, country="ES", organisation=" Coop  Sur", last_name=name
        )
        for session, came in zip([first, second], attended, strict=True):
            RegistrationFactory(participant=person, session=session, attended=came)
    person = ParticipantFactory(visit=visit, country="IT", organisation="coop sur")
    RegistrationFactory(participant=person, session=first, attended=False)
    waiting = ParticipantFactory(visit=visit, country="GR")
    RegistrationFactory(participant=waiting, session=second, status="cancelled", attended=None)


def test_attendance_report_by_country_as_csv(client, organiser, visit, attendance):
    rows = csv_rows(report(client, visit, "country", "csv"))

    assert rows == [
        [
            "Country",
            "People with a place",
            "People present",
            "Sessions booked",
            "Sessions attended",
            "Attendance rate (%)",
        ],
        ["Italy", "1", "0", "1", "0", "0"],
        ["Spain", "2", "2", "4", "3", "75"],
        ["Total", "3", "2", "5", "3", "60"],
    ]


def test_attendance_report_by_organisation_as_xlsx(client, organiser, visit, attendance):
    book = load_workbook(io.BytesIO(report(client, visit, "organisation", "xlsx")))

    assert book.sheetnames == ["Attendance"]
    assert [list(row) for row in book.active.iter_rows(values_only=True)][1:] == [
        ["Coop Sur", 3, 2, 5, 3, 60],
        ["Total", 3, 2, 5, 3, 60],
    ]


def test_attendance_report_of_an_unknown_grouping_is_not_found(client, organiser, visit):
    assert client.get(url("attendance_report", visit.pk, "city", "csv")).status_code == 404


def options_form(client, visit, **data):
    VisitOptions.objects.get_or_create(visit=visit)
    options = VisitOptions.objects.get(visit=visit)
    fields = {"signatory_name": "Marie Dupont", "reminder_hour": "18", **data}
    return options, client.post(url("visitoptions_change", options.pk), fields, follow=True)


def test_signature_image_is_kept_and_shown_to_organisers_inline(client, organiser, visit):
    image = SimpleUploadedFile("signature.png", png(), content_type="image/png")

    options, _response = options_form(client, visit, signature=image)

    options.refresh_from_db()
    assert (options.signatory_name, bytes(options.signature_image), options.signature_format) == (
        "Marie Dupont",
        png(),
        "PNG",
    )
    page = Page.get(client, url("visitoptions_change", options.pk))
    assert page.soup.select_one(".field-current_signature img")["src"].startswith(
        "data:image/png;base64,"
    )


def test_signature_that_is_not_an_image_is_refused(client, organiser, visit):
    fake = SimpleUploadedFile("signature.png", b"%PDF-1.4 not an image", content_type="image/png")

    options, response = options_form(client, visit, signature=fake)

    assert Page(response).texts(".errorlist li") == ["This file is not a PNG or JPEG image."]
    options.refresh_from_db()
    assert bytes(options.signature_image) == b""


def test_signature_too_big_is_refused(client, organiser, visit):
    noise = io.BytesIO()
    Image.frombytes("RGB", (600, 600), os.urandom(600 * 600 * 3)).save(noise, "PNG")
    big = SimpleUploadedFile("big.png", noise.getvalue(), content_type="image/png")

    _options, response = options_form(client, visit, signature=big)

    assert Page(response).texts(".errorlist li") == [
        f"This image is too big ({big.size // 1024} KB): at most 512 KB."
    ]


def test_signature_of_too_many_pixels_is_refused(client, organiser, visit):
    wide = SimpleUploadedFile("wide.png", png(width=5000, height=10), content_type="image/png")

    _options, response = options_form(client, visit, signature=wide)

    assert Page(response).texts(".errorlist li") == [
        "This image is too big (5000 × 10 pixels): at most 4000 a side."
    ]


def test_changelist_lists_every_visit_with_its_downloads(client, organiser, visit):
    page = Page.get(client, url("visitoptions_changelist"))

    assert VisitOptions.objects.filter(visit=visit).count() == 1
    assert page.link_named("Attendance by country (CSV)") == url(
        "attendance_report", visit.pk, "country", "csv"
    )


def test_email_certificates_sends_each_attendee_their_pdf(client, organiser, attendee):
    nobody = ParticipantFactory(visit=attendee.visit)  # attended nothing
    options = VisitOptions.objects.create(visit=attendee.visit)

    response = client.post(
        url("visitoptions_changelist"),
        {"action": "email_certificates", "_selected_action": [options.pk]},
        follow=True,
    )

    assert messages_of(response) == [("success", "Certificate queued for 1 person.")]
    assert list(OutgoingEmail.objects.values_list("kind", "participant")) == [
        ("certificate", attendee.pk)
    ]
    [sent] = deliver_queued_mail()
    assert sent.subject == "Your certificate of attendance — KISS study visit"
    [(filename, content, kind)] = sent.attachments
    assert (filename, kind) == ("certificate-of-attendance.pdf", "application/pdf")
    assert pdf_pages(content)[0].splitlines()[2] == "Ana Núñez"
    assert nobody.emails.count() == 0


@pytest.mark.parametrize("visits", [1, 4])
def test_options_list_runs_a_fixed_number_of_queries(
    client, organiser, visits, django_assert_num_queries
):
    for _ in range(visits):
        StudyVisitFactory()
    client.get(url("visitoptions_changelist"))  # the first look makes a row per visit

    with django_assert_num_queries(8):
        response = client.get(url("visitoptions_changelist"))

    assert len(Page(response).soup.select("#result_list tbody tr")) == visits


@pytest.mark.parametrize("people", [3, 30])
def test_attendance_report_is_one_query(visit, people, django_assert_num_queries):
    from registrations.exports.attendance_report import attendance_rows

    session = SessionFactory(day=DayFactory(visit=visit))
    for n in range(people):
        person = ParticipantFactory(visit=visit, organisation=f"Coop {n % 5}")
        RegistrationFactory(participant=person, session=session, attended=n % 2 == 0)

    with django_assert_num_queries(1):
        rows = list(attendance_rows(visit, by="organisation"))

    assert rows[-1] == {
        "group": "Total",
        "people": people,
        "present": (people + 1) // 2,
        "booked": people,
        "attended": (people + 1) // 2,
        "rate": round(100 * ((people + 1) // 2) / people),
    }
