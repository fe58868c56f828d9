"""Certificates of attendance, drawn from the check-in records: one per person, in their
language, naming the visit, its dates and city, the sessions attended with their dates, and
the signatory. PDFs are read back with pypdf."""

import datetime
import io

import pytest
from PIL import Image

from registrations import services
from registrations.exports.certificates import (
    NoCertificate,
    certificate_people,
    certificate_person,
    certificates_pdf,
    options_of,
)
from registrations.models import Participant, Registration, VisitOptions
from tests.factories import (
    DayFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    StudyVisitFactory,
    VenueFactory,
    sign_up,
)
from tests.registrations.exports.test_paper import pdf_pages

pytestmark = pytest.mark.django_db


def png_signature(width=120, height=40) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(output, "PNG")
    return output.getvalue()


@pytest.fixture
def visit():
    return StudyVisitFactory(title_en="KISS study visit", title_fr="Visite d'étude KISS")


def attended_session(visit, *, day_offset=0, **fields):
    day = DayFactory(visit=visit, date=visit.start_date + datetime.timedelta(days=day_offset))
    return SessionFactory(day=day, **fields)


def test_certificate_names_the_visit_the_person_and_the_sessions_attended_in_english(visit):
    farm = attended_session(
        visit,
        title_en="Urban farm tour",
        start_time=datetime.time(9, 30),
        venue=VenueFactory(name="Ferme urbaine"),
    )
    dinner = attended_session(visit, day_offset=2, title_en="Dinner")
    missed = attended_session(visit, day_offset=3, title_en="Screening")
    person = ParticipantFactory(
        visit=visit,
        first_name="Ana",
        last_name="Núñez",
        organisation="Coop",
        country="ES",
        language="en",
    )
    RegistrationFactory(participant=person, session=farm, attended=True)
    RegistrationFactory(participant=person, session=dinner, attended=True)
    RegistrationFactory(participant=person, session=missed, attended=None)
    VisitOptions.objects.create(visit=visit, signatory_name="Marie Dupont")

    pages = pdf_pages(certificates_pdf([certificate_person(person)], options_of(visit)))

    assert len(pages) == 1
    lines = [line.strip() for line in pages[0].splitlines()]
    assert lines[:4] == [
        "Certificate of attendance",
        "This is to certify that",
        "Ana Núñez",
        "Coop, Spain",
    ]
    assert " ".join(lines[4:6]) == (
        "took part in the study visit “KISS study visit” in Saint-Etienne, from 19 February 2018 "
        "to 24 February 2018, and attended the following activities:"
    )
    assert lines[6:8] == [
        "Monday 19 February 2018 9:30 a.m. Urban farm tour — Ferme urbaine",
        "Wednesday 21 February 2018 Dinner",
    ]
    assert lines[-1] == "Marie Dupont"


def test_certificate_is_in_the_person_s_language_greek_included(visit):
    session = attended_session(visit, title_en="Farm", title_el="Αγρόκτημα")
    greek = ParticipantFactory(visit=visit, first_name="Γιώργος", last_name="Παπάς", language="el")
    RegistrationFactory(participant=greek, session=session, attended=True)

    text = pdf_pages(certificates_pdf([certificate_person(greek)], options_of(visit)))[0]

    assert text.splitlines()[0] == "Βεβαίωση συμμετοχής"
    assert "Γιώργος Παπάς" in text
    assert "19 Φεβρουαρίου 2018" in text  # the month in the genitive


def test_certificate_embeds_the_signature_image(visit):
    session = attended_session(visit)
    person = ParticipantFactory(visit=visit)
    RegistrationFactory(participant=person, session=session, attended=True)
    options = VisitOptions.objects.create(
        visit=visit, signatory_name="M. D.", signature_image=png_signature(), signature_format="PNG"
    )
    from pypdf import PdfReader

    content = certificates_pdf([certificate_person(person)], options)
    images = PdfReader(io.BytesIO(content)).pages[0].images

    assert [image.image.size for image in images] == [(120, 40)]


def test_certificate_for_an_erased_person_is_refused(visit):
    session = attended_session(visit, is_open_for_signup=True, capacity=5)
    person = sign_up(session).participant
    Registration.objects.filter(participant=person).update(attended=True)
    services.erase_participant(participant=person)
    person.refresh_from_db()

    with pytest.raises(NoCertificate) as refusal:
        certificate_person(person)

    assert refusal.value.message == (
        "Les données de ce participant ont été effacées : pas de certificat à faire."
    )


def test_certificate_without_an_attended_session_is_refused(visit):
    session = attended_session(visit)
    person = ParticipantFactory(visit=visit, first_name="Léa", last_name="Roux")
    RegistrationFactory(participant=person, session=session, attended=None)

    with pytest.raises(NoCertificate) as refusal:
        certificate_person(person)

    assert refusal.value.message == (
        "Aucune présence n'est enregistrée pour Léa Roux : pas de certificat à faire."
    )


@pytest.mark.parametrize("people", [2, 12])
def test_visit_certificates_are_one_per_person_who_attended_in_three_queries(
    visit, people, django_assert_num_queries
):
    sessions = [attended_session(visit, day_offset=n) for n in range(3)]
    for n in range(people):
        person = ParticipantFactory(visit=visit, last_name=f"Name{n:02}")
        for session in sessions:
            RegistrationFactory(participant=person, session=session, attended=True)
    ParticipantFactory(visit=visit)  # signed up for nothing attended: no certificate
    options = options_of(visit)

    with django_assert_num_queries(2):
        content = certificates_pdf(
            certificate_people(Participant.objects.filter(visit=visit)), options
        )

    assert len(pdf_pages(content)) == people


def text_positions(content: bytes) -> dict[str, float]:
    """Each piece of text on the first page with its x coordinate (points from the left edge)."""
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(content)).pages[0]
    positions = {}

    def visit_text(text, cm, tm, font_dict, font_size):
        if text.strip():
            positions[text.strip()] = tm[4]

    page.extract_text(visitor_text=visit_text)
    return positions


def test_certificate_draws_the_person_s_name_inside_the_page(visit):
    person = ParticipantFactory(visit=visit, first_name="Ana", last_name="Núñez", language="en")
    RegistrationFactory(participant=person, session=attended_session(visit), attended=True)

    positions = text_positions(certificates_pdf([certificate_person(person)], options_of(visit)))

    a4_width_points = 595
    assert 0 < positions["Ana Núñez"] < a4_width_points / 2
