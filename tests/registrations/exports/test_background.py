"""Whole-visit files prepared in the background: asked for on the dashboard, built by the
worker (the e-mail worker's loop calls build_next_export when no e-mail is due), offered on the
dashboard, kept a day."""

import datetime
import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from registrations.exports.background import build_next_export
from registrations.models import ExportFile
from tests.factories import signup_session
from tests.html import Page
from tests.registrations.exports.test_paper import confirm, people
from tests.registrations.exports.test_rows_and_spreadsheets import workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Addresses under /en/: the organiser reads the dashboard in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def session():
    session = signup_session(capacity=None, title_en="Urban farm tour")
    confirm(session, people(session.day.visit, 3))
    return session


def prepare_url(visit, kind: str) -> str:
    return reverse("admin:registrations_prepare_export", args=[visit.pk, kind])


def prepared_list(client, visit) -> list[str]:
    page = Page(client.get(reverse("admin:registrations_dashboard") + f"?visit={visit.pk}"))
    return [text.split(": ", 1)[1] for text in page.texts(".dashboard__prepared-files li")]


def test_prepared_xlsx_is_offered_on_the_dashboard_once_the_worker_built_it(admin_client, session):
    visit = session.day.visit

    response = admin_client.post(prepare_url(visit, "xlsx"))
    waiting = prepared_list(admin_client, visit)
    built = build_next_export()
    ready = prepared_list(admin_client, visit)
    prepared = ExportFile.objects.get()
    download = admin_client.get(reverse("admin:registrations_prepared_export", args=[prepared.pk]))
    sheet = workbook(download.content).worksheets[0]

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("admin:registrations_dashboard") + f"?visit={visit.pk}#prepared",
    )
    assert (waiting, built, ready) == (["being prepared…"], True, ["ready: download"])
    assert download["Content-Disposition"] == f'attachment; filename="{prepared.filename}"'
    assert [row[3].value for row in sheet.iter_rows(min_row=2)] == [  # last names
        "Attendee00",
        "Attendee01",
        "Attendee02",
    ]


def test_prepared_badges_are_a_pdf_of_every_confirmed_person(admin_client, session):
    admin_client.post(prepare_url(session.day.visit, "badges"))
    build_next_export()
    prepared = ExportFile.objects.get()

    text = pypdf.PdfReader(io.BytesIO(bytes(prepared.content))).pages[0].extract_text()

    assert (prepared.state, prepared.filename.endswith("-badges.pdf")) == ("ready", True)
    assert [name for name in ["Person00", "Person01", "Person02"] if name in text] == [
        "Person00",
        "Person01",
        "Person02",
    ]


def test_asking_again_for_a_file_being_prepared_builds_it_once(admin_client, session):
    visit = session.day.visit
    for _ in range(2):
        admin_client.post(prepare_url(visit, "pdf"))

    built = [build_next_export(), build_next_export()]

    assert (ExportFile.objects.count(), built) == (1, [True, False])


def test_prepared_files_older_than_a_day_are_deleted(session):
    visit = session.day.visit
    old = timezone.now() - datetime.timedelta(days=1, minutes=1)
    ExportFile.objects.create(visit=visit, kind="xlsx", language="en", created_at=old)
    recent = ExportFile.objects.create(visit=visit, kind="xlsx", language="en", state="ready")

    build_next_export()

    assert list(ExportFile.objects.values_list("pk", flat=True)) == [recent.pk]


def test_preparing_is_asked_with_a_post_only(admin_client, session):
    response = admin_client.get(prepare_url(session.day.visit, "xlsx"))

    assert (response.status_code, ExportFile.objects.count()) == (405, 0)


def test_a_file_not_ready_is_not_downloaded(admin_client, session):
    waiting = ExportFile.objects.create(visit=session.day.visit, kind="xlsx", language="en")

    response = admin_client.get(reverse("admin:registrations_prepared_export", args=[waiting.pk]))

    assert response.status_code == 404
