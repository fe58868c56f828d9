"""The people-level exports (one row per person, with their sessions), typed XLSX cells, and the
export command's messages, read back as an organiser's spreadsheet would read them."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from registrations.models import Participant, Registration
from tests.factories import DayFactory, sign_up, signup_session
from tests.html import Page
from tests.registrations.exports.test_paper import confirm, people
from tests.registrations.exports.test_rows_and_spreadsheets import (
    REGISTERED_AT,
    csv_rows,
    download,
    export_url,
    sheet_rows,
    timed_session,
    workbook,
)

pytestmark = pytest.mark.django_db

PEOPLE_HEADER = [
    "Last name",
    "First name",
    "Organisation",
    "Country",
    "E-mail",
    "Language",
    "Delegation or local",
    "Dietary needs",
    "Accessibility needs",
    "Number of sessions",
    "Sessions",
    "On the waiting list for",
]


@pytest.fixture
def day():
    """Camille comes to the tour and the lunch; Zoé waits for the tour."""
    day = DayFactory()
    tour = timed_session(day, "Urban farm tour", datetime.time(9, 30), "Urban farm", capacity=1)
    lunch = timed_session(day, "Lunch", datetime.time(12, 30), "Canteen", capacity=None)
    sign_up(
        [tour, lunch],
        first_name="Camille",
        last_name="Martin",
        email="c@example.org",
        organisation="=cmd|' /C calc'!A0",
        dietary_requirement="vegetarian",
    )
    sign_up(
        [tour],
        first_name="Zoé",
        last_name="Bernard",
        email="z@example.org",
        country="FR",
        organisation="",
    )
    Registration.objects.update(created_at=REGISTERED_AT)
    return day


def test_people_csv_has_one_row_per_person_with_their_sessions(admin_client, day):
    rows = csv_rows(download(admin_client, "day", day, "people-csv"))

    assert rows == [
        PEOPLE_HEADER,
        [
            "Bernard",
            "Zoé",
            "",
            "France",
            "z@example.org",
            "French",
            "Local",
            "",
            "",
            "0",
            "",
            "02/19/2018 9:30 a.m. Urban farm tour",
        ],
        [
            "Martin",
            "Camille",
            "'=cmd|' /C calc'!A0",
            "France",
            "c@example.org",
            "French",
            "Local",
            "Vegetarian",
            "",
            "2",
            "02/19/2018 9:30 a.m. Urban farm tour; 02/19/2018 12:30 p.m. Lunch",
            "",
        ],
    ]


@pytest.mark.parametrize(("language", "name"), [("en", "People"), ("fr", "Inscrits")])
def test_people_xlsx_sheet_is_named_in_the_readers_language(admin_client, day, language, name):
    book = workbook(download(admin_client, "day", day, "people-xlsx", language=language))

    assert book.sheetnames == [name]


def test_people_xlsx_types_numbers_and_keeps_formulas_as_text(admin_client, day):
    sheet = workbook(download(admin_client, "day", day, "people-xlsx")).worksheets[0]

    assert sheet_rows(sheet)[0] == PEOPLE_HEADER
    zoe, camille = list(sheet.iter_rows(min_row=2))
    assert [(c.value, c.data_type) for c in (zoe[9], camille[9])] == [(0, "n"), (2, "n")]
    organisation = camille[2]
    assert (organisation.value, organisation.data_type, organisation.quotePrefix) == (
        "=cmd|' /C calc'!A0",
        "s",
        True,
    )


def test_xlsx_dates_and_times_are_real_ones_in_the_visits_time_zone(admin_client, day):
    day.visit.time_zone = "Europe/Athens"
    day.visit.save()

    sheet = workbook(download(admin_client, "day", day, "xlsx")).worksheets[0]
    first = next(sheet.iter_rows(min_row=2, max_row=2))
    date, time, registered = first[0], first[1], first[14]

    assert (date.value, date.is_date, date.number_format) == (
        datetime.datetime(2018, 2, 19),
        True,
        "yyyy-mm-dd",
    )
    assert (time.value, time.is_date, time.number_format) == (datetime.time(9, 30), True, "hh:mm")
    # 8:30 UTC is 10:30 in Athens
    assert (registered.value, registered.number_format) == (
        datetime.datetime(2018, 1, 15, 10, 30),
        "yyyy-mm-dd hh:mm",
    )
    assert [cell.coordinate for cell in first if cell.quotePrefix] == ["F2"]  # the formula only


@pytest.mark.parametrize("fmt", ["people-csv", "people-xlsx", "badges"])
def test_people_exports_by_staff_without_permission_are_forbidden(client, day, fmt):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("staff", is_staff=True))

    assert client.get(export_url("day", day.pk, fmt)).status_code == 403


@pytest.mark.parametrize("fmt", ["people-csv", "people-xlsx", "badges"])
def test_export_command_writes_the_same_people_file_as_the_admin(admin_client, day, tmp_path, fmt):
    output = tmp_path / "out"
    options = [f"--day={day.date}", f"--format={fmt}", "--language=en", f"--output={output}"]
    call_command("export_attendees", day.visit.slug, *options, stdout=io.StringIO())

    written, served = output.read_bytes(), download(admin_client, "day", day, fmt)
    if fmt == "people-csv":
        assert csv_rows(written) == csv_rows(served)
    elif fmt == "people-xlsx":
        assert sheet_rows(workbook(written).active) == sheet_rows(workbook(served).active)
    else:
        assert written[:5] == served[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("language", "option", "message"),
    [
        ("en", "--day=2018-03-01", "Nothing to export: the visit has no day on 2018-03-01."),
        ("fr", "--day=2018-03-01", "Rien à exporter : la visite n’a pas de journée le 2018-03-01."),
        (
            "en",
            "--day=19/02/2018",
            "Nothing to export: “19/02/2018” is not a date written YYYY-MM-DD.",
        ),
        (
            "el",
            "--session=nope",
            "Τίποτα για εξαγωγή: καμία δραστηριότητα «nope» σε αυτή την επιλογή.",
        ),
    ],
)
def test_export_command_errors_are_said_in_the_language_asked(
    day, tmp_path, language, option, message
):
    with pytest.raises(CommandError) as error:
        call_command(
            "export_attendees",
            day.visit.slug,
            option,
            f"--language={language}",
            f"--output={tmp_path / 'x'}",
        )

    assert str(error.value) == message


def test_export_command_with_an_unknown_visit_says_so_in_spanish(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("export_attendees", "nowhere", "--language=es", f"--output={tmp_path / 'x'}")

    assert str(error.value) == "Ninguna visita de estudio tiene el identificador «nowhere»."


def changelist_action(client, action, participants):
    with translation.override("en"):
        url = reverse("admin:registrations_participant_changelist")
    return client.post(url, {"action": action, "_selected_action": [p.pk for p in participants]})


def test_participant_changelist_prints_badges_of_the_selected(admin_client, day):
    from tests.registrations.exports.test_paper import pdf_pages

    zoe = Participant.objects.get(first_name="Zoé")
    response = changelist_action(admin_client, "print_badges", [zoe])

    (page,) = pdf_pages(response.content)
    assert (response["Content-Type"], "Zoé" in page, "Camille" in page) == (
        "application/pdf",
        True,
        False,
    )


def test_participant_changelist_exports_the_selected_people(admin_client, day):
    response = changelist_action(admin_client, "export_people_csv", Participant.objects.all())

    rows = csv_rows(b"".join(response.streaming_content))
    assert [row[1] for row in rows] == ["First name", "Zoé", "Camille"]


def test_badges_and_people_exports_are_linked_from_dashboard_and_session_page(admin_client, day):
    with translation.override("en"):
        dashboard = Page(admin_client.get(reverse("admin:registrations_dashboard")))
        session = day.sessions.first()
        session_page = Page(
            admin_client.get(reverse("admin:programme_session_change", args=[session.pk]))
        )

    links = dashboard.links("a[href]")
    for fmt in ["people-csv", "people-xlsx", "badges"]:
        assert export_url("visit", day.visit.pk, fmt) in links
    assert export_url("session", session.pk, "badges") in links
    assert export_url("session", session.pk, "badges") in session_page.links("a[href]")


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(
    ("fmt", "queries"),
    [
        ("csv", 1),
        ("xlsx", 1),
        ("pdf", 2),
        ("sheet", 2),
        ("people-csv", 2),
        ("people-xlsx", 2),
        ("badges", 1),  # the people; a badge shows none of their sessions
    ],
)
def test_exports_run_a_fixed_number_of_queries(
    admin_client, django_assert_num_queries, size, fmt, queries
):
    session = signup_session(capacity=None)
    confirm(session, people(session.day.visit, size))
    url = export_url("session", session.pk, fmt)
    admin_client.get(url)  # the session and permissions cached as for any admin page

    # the login session, the user, the exported session and its day (for the file name)
    with django_assert_num_queries(queries + 4):
        response = admin_client.get(url)
        b"".join(response.streaming_content) if response.streaming else response.content


def action_names(client) -> list[str]:
    with translation.override("en"):
        page = Page(client.get(reverse("admin:registrations_participant_changelist")))
    return [option["value"] for option in page.soup.select("select[name=action] option")]


def test_participant_changelist_offers_badges_to_organisers_only(client, day):
    from django.contrib.auth.models import Group, Permission, User

    call_command("setup_organisers", verbosity=0)
    organiser = User.objects.create_user("organiser", is_staff=True)
    organiser.groups.add(Group.objects.get(name="Organisers"))
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_participant"))
    exports = {"print_badges", "export_people_csv", "export_people_xlsx"}

    client.force_login(organiser)
    assert exports <= set(action_names(client))
    client.force_login(viewer)
    assert exports & set(action_names(client)) == set()
