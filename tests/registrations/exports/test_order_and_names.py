"""Exports read as organisers expect: names in their readers' order (Ñúñez among the N's, not
after Vincent), organisations whole on the printed sheet, file names cut between words."""

import pytest
from django.urls import reverse
from django.utils import translation

from registrations.admin.downloads import export_filename
from registrations.exports.people import people_for_export, people_rows
from registrations.exports.rows import attendee_rows, registrations_for_export
from registrations.models import Participant
from tests.factories import DayFactory, sign_up, signup_session
from tests.html import Page

pytestmark = pytest.mark.django_db

NAMES = [
    ("Vincent", "Marc"),
    ("Ñúñez", "Ana"),
    ("Abad", "Luis"),
    ("élan", "Zoé"),
    ("Zola", "Émile"),
]


@pytest.fixture
def session():
    session = signup_session(day=DayFactory(), capacity=10, title_en="Talk")
    for n, (last, first) in enumerate(NAMES):
        sign_up(
            session, last_name=last, first_name=first, email=f"p{n}@example.org",
            organisation="Mairie de Saint-Étienne, service de l'économie sociale et solidaire",
        )  # fmt: skip
    return session


def test_attendee_rows_sort_names_as_readers_do(session):
    rows = attendee_rows(registrations_for_export([session]))

    assert [row["last_name"] for row in rows] == ["Abad", "élan", "Ñúñez", "Vincent", "Zola"]


def test_people_rows_sort_names_as_readers_do(session):
    rows = people_rows(people_for_export([session]))

    assert [row["last_name"] for row in rows] == ["Abad", "élan", "Ñúñez", "Vincent", "Zola"]


def test_renamed_participant_moves_in_the_order(session):
    vincent = Participant.objects.get(last_name="Vincent")
    vincent.last_name = "Aaron"
    vincent.save(update_fields=["last_name"])

    rows = attendee_rows(registrations_for_export([session]))

    assert [row["last_name"] for row in rows][:2] == ["Aaron", "Abad"]


def test_export_file_name_is_cut_between_words():
    session = signup_session(
        day=DayFactory(),
        title_en="Visit of the cooperative of the Crêt de Roc and of its neighbourhood in 2018",
    )
    with translation.override("en"):
        name = export_filename("session", session)

    assert name == (
        f"kiss-session-{session.pk}-mon-19-feb-visit-of-the-cooperative-of-the-cret-de-roc-and"
    )


def test_printed_sheet_marks_the_organisation_to_wrap(admin_client, session):
    with translation.override("en"):
        url = reverse("admin:registrations_export", args=["session", session.pk, "sheet"])

    page = Page.get(admin_client, url)

    assert page.texts("tbody td.org")[0] == (
        "Mairie de Saint-Étienne, service de l'économie sociale et solidaire"
    )
