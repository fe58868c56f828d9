"""Every download of the admin is answered one way (downloads.py: for_exporters, attachment):
saved under its file name, of the type that name says, for organisers who export only."""

import pytest
from django.contrib.auth.models import Permission

from registrations.models import ExportFile
from tests.registrations.admin.test_certificates import url

pytestmark = pytest.mark.django_db

TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def downloads(person) -> dict[str, tuple[str, str, dict]]:
    """Each download of the admin, by the name of its file: method, address, form."""
    visit = person.visit_id
    whole_visit = f"kiss-visit-{visit}-kiss-study-visit-saint-etienne-2018"
    prepared = ExportFile.objects.create(
        visit_id=visit, kind="pdf", language="en", state="ready", filename="kiss-prepared.pdf"
    )

    def selected(action):
        return (
            "post",
            url("participant_changelist"),
            {"action": action, "_selected_action": person.pk},
        )

    return {
        f"{whole_visit}.csv": ("get", url("export", "visit", visit, "csv"), {}),
        f"{whole_visit}.xlsx": ("get", url("export", "visit", visit, "xlsx"), {}),
        f"{whole_visit}.pdf": ("get", url("export", "visit", visit, "pdf"), {}),
        f"{whole_visit}-people.csv": ("get", url("export", "visit", visit, "people-csv"), {}),
        f"{whole_visit}-people.xlsx": ("get", url("export", "visit", visit, "people-xlsx"), {}),
        f"{whole_visit}-badges.pdf": ("get", url("export", "visit", visit, "badges"), {}),
        "kiss-people.csv": selected("export_people_csv"),
        "kiss-people.xlsx": selected("export_people_xlsx"),
        "kiss-people-badges.pdf": selected("print_badges"),
        f"certificate-{person.pk}-ana-nunez.pdf": ("get", url("certificate_person", person.pk), {}),
        "certificates-kiss.pdf": ("get", url("certificates_visit", visit), {}),
        "attendance-kiss-country.csv": (
            "get",
            url("attendance_report", visit, "country", "csv"),
            {},
        ),
        "attendance-kiss-country.xlsx": (
            "get",
            url("attendance_report", visit, "country", "xlsx"),
            {},
        ),
        "kiss-prepared.pdf": ("get", url("prepared_export", prepared.pk), {}),
    }


def test_each_download_is_saved_under_its_name_with_the_type_the_name_says(
    client, organiser, attendee
):
    answers = {}
    for filename, (method, address, form) in downloads(attendee).items():
        response = getattr(client, method)(address, form)
        disposition = response["Content-Disposition"]
        answers[filename] = (response.status_code, response["Content-Type"], disposition)

    assert answers == {
        filename: (200, TYPES[filename.rpartition(".")[2]], f'attachment; filename="{filename}"')
        for filename in answers
    }


def test_each_download_is_refused_to_staff_who_do_not_export(client, other_staff, attendee):
    """Staff who may see the participants: the views answer 403; the changelist's actions are
    not theirs, and the list comes back without a file."""
    other_staff.user_permissions.add(Permission.objects.get(codename="view_participant"))

    answers = {}
    for filename, (method, address, form) in downloads(attendee).items():
        response = getattr(client, method)(address, form)
        answers[filename] = (response.status_code, response.has_header("Content-Disposition"))

    assert answers == {
        filename: (200 if filename.startswith("kiss-people") else 403, False)
        for filename in answers
    }
