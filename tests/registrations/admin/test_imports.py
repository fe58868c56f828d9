"""Importing participants from a partner's spreadsheet: upload -> preview (nothing written) ->
confirm; the same checks as a sign-up by hand; bad files refused with a clear message."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from programme.models import Session, StudyVisit
from registrations.models import OutgoingEmail, Participant, Registration
from tests.html import Page

pytestmark = pytest.mark.django_db

HEADER = "Last name;First name;E-mail;Organisation;Country;Language;Delegation or local;Sessions"
BREAKFAST = "Tue 20 Feb — SSE breakfast with local actors"
CRET_DE_ROC = "Tue 20 Feb — The SSE at neighbourhood level (Crêt de Roc)"
GOOD = "\n".join(
    [
        HEADER,
        "Núñez;Ignacio;ignacio@example.org;Coop;Spain;Español;Local;"
        '"SSE breakfast with local actors; ess-quartier-cret-de-roc"',
        "Papadopoulou;Eleni;eleni@example.org;;GR;el;Partner delegation;petit-dejeuner-ess",
    ]
)


def url(name="import", language="en"):
    with translation.override(language):
        return reverse(f"admin:registrations_participant_{name}")


def csv_file(text: str, encoding="utf-8", name="people.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows, name="people.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def upload(client, file, language="en", **options):
    data = {
        "visit": StudyVisit.objects.get().pk,
        "file": file,
        "default_language": "fr",
        "join_waiting_list": "on",
        "consent_given": "on",
        **options,
    }
    return Page(client.post(url(language=language), data))


def test_import_preview_shows_each_line_and_writes_nothing(client, organiser, seed_programme):
    page = upload(client, csv_file(GOOD))

    assert page.texts(".import-preview tbody tr") == [
        "2 Ignacio Núñez ignacio@example.org Spanish Local New participant. "
        f"Confirmed: {BREAKFAST}, {CRET_DE_ROC}.",
        "3 Eleni Papadopoulou eleni@example.org Greek Partner delegation New participant. "
        f"Confirmed: {BREAKFAST}.",
    ]
    assert page.text(".import-counts") == (
        "New participants: 2. Already registered, with more sessions: 0. Already registered, "
        "nothing to add: 0. Left out: 0."
    )
    assert (Participant.objects.count(), Registration.objects.count()) == (0, 0)
    assert OutgoingEmail.objects.count() == 0
    assert Session.objects.get(slug="petit-dejeuner-ess").confirmed_local == 0


def test_import_confirmed_signs_people_up_with_their_language_and_delegation(
    client, organiser, seed_programme
):
    upload(client, csv_file(GOOD), notify="")

    response = client.post(url("import_confirm"), follow=True)

    assert Page(response).texts(".messagelist li") == [
        "Imported. New participants: 2. Already registered, with more sessions: 0."
    ]
    people = Participant.objects.order_by("email")
    assert [(p.email, p.language, p.country.code, p.is_delegation) for p in people] == [
        ("eleni@example.org", "el", "GR", True),
        ("ignacio@example.org", "es", "ES", False),
    ]
    assert people[0].consent_given_to == organiser
    breakfast = Session.objects.get(slug="petit-dejeuner-ess")
    assert (breakfast.confirmed_local, breakfast.confirmed_delegation) == (1, 1)
    assert OutgoingEmail.objects.count() == 0  # the organiser chose not to send


def test_import_sends_the_confirmation_when_asked(client, organiser, seed_programme):
    upload(client, csv_file(GOOD), notify="on")
    client.post(url("import_confirm"))

    assert OutgoingEmail.objects.count() == 2


def test_import_of_the_same_file_twice_adds_nobody_twice(client, organiser, seed_programme):
    upload(client, csv_file(GOOD))
    client.post(url("import_confirm"))

    page = upload(client, csv_file(GOOD))

    assert page.text(".import-counts") == (
        "New participants: 0. Already registered, with more sessions: 0. Already registered, "
        "nothing to add: 2. Left out: 0."
    )
    assert page.text(".participant-import strong") == "Nothing to import."
    assert (Participant.objects.count(), Registration.objects.count()) == (2, 3)


def test_import_adds_only_missing_sessions_to_someone_registered(client, organiser, seed_programme):
    upload(client, csv_file(GOOD))
    client.post(url("import_confirm"))
    more = GOOD.replace("petit-dejeuner-ess", '"petit-dejeuner-ess;visite-o-pluriel"')

    page = upload(client, csv_file(more))
    client.post(url("import_confirm"))

    assert page.texts(".import-preview tbody tr")[1] == (
        "3 Eleni Papadopoulou eleni@example.org Greek Partner delegation Already registered: "
        "more sessions. "
        "Confirmed: Wed 21 Feb — Visit to O Pluriel (business incubator)."
    )
    assert Registration.objects.filter(participant__email="eleni@example.org").count() == 2


def test_export_of_people_imports_back(client, organiser, seed_programme):
    upload(client, csv_file(GOOD))
    client.post(url("import_confirm"))
    with translation.override("en"):
        export = client.get(
            reverse(
                "admin:registrations_export",
                args=["visit", StudyVisit.objects.get().pk, "people-csv"],
            )
        )
    exported = b"".join(export.streaming_content).decode("utf-8-sig")
    eleni = Participant.objects.get(email="eleni@example.org")
    eleni.email = "other@example.org"
    eleni.save()

    page = upload(client, csv_file(exported))

    assert page.text(".import-counts") == (
        "New participants: 1. Already registered, with more sessions: 0. Already registered, "
        "nothing to add: 1. Left out: 0."
    )


def test_import_of_an_xlsx_workbook_keeps_a_formula_as_text(client, organiser, seed_programme):
    rows = [
        HEADER.split(";"),
        [
            '=HYPERLINK("http://evil.example","x")',
            "Ann",
            "ann@example.org",
            "",
            "",
            "",
            "",
            "petit-dejeuner-ess",
        ],
    ]
    upload(client, xlsx_file(rows))
    client.post(url("import_confirm"))

    assert Participant.objects.get().last_name == '=HYPERLINK("http://evil.example","x")'


def left_out(page) -> list[str]:
    return page.texts(".import-error td:last-child")


def test_import_says_what_is_wrong_with_each_line_in_its_own_words(
    client, organiser, seed_programme
):
    text = "\n".join(
        [
            HEADER,
            "Ann\u0007e;Lee;lee@example.org;;;;;petit-dejeuner-ess",
            "Smith;Bob;bob@;;Narnia;klingon;maybe;Visit to the moon",
            "Doe;Jo;jo@example.org;;;;;Dinner",
            "Roe;Ann;ann@example.org;;;;;petit-dejeuner-ess",
            "Roe;Ann;ANN@example.org;Other org;;;;petit-dejeuner-ess",
        ]
    )

    page = upload(client, csv_file(text))

    assert left_out(page) == [
        "Left out: Last name “Ann\u0007e”: This field contains an invisible or control character "
        "(U+0007): remove it.",
        "Left out: Unknown value in Country: “Narnia”. Unknown value in Language: “klingon”. "
        "Unknown value in Delegation or local: “maybe”. Unknown session: “Visit to the moon”. "
        "E-mail address “bob@”: Enter a valid email address.",
        "Left out: “Dinner” names several sessions: write its day, e.g. “Mon 19 Feb — Dinner”.",
        "Left out: Same e-mail address as line 5, with other details: one line per person.",
    ]


@pytest.mark.parametrize(
    ("file", "error"),
    [
        (
            csv_file("Nom;Prénom\nx;y\n"),
            "Columns missing: E-mail. The first line names the columns, as in the exports.",
        ),
        (
            csv_file(GOOD.replace("Núñez", "Nuñez"), encoding="latin-1"),
            "This file is neither an XLSX workbook nor a CSV file in UTF-8 (its accents would be "
            "misread). Save it as “CSV UTF-8” or as an Excel workbook (.xlsx).",
        ),
        (
            SimpleUploadedFile("people.xlsx", b"PK\x03\x04" + bytes(range(256)) * 10),
            "This file cannot be read: send a CSV file (UTF-8) or an Excel workbook (.xlsx).",
        ),
        (
            SimpleUploadedFile("junk.csv", bytes(range(256)) * 10),
            "This file is neither an XLSX workbook nor a CSV file in UTF-8 (its accents would be "
            "misread). Save it as “CSV UTF-8” or as an Excel workbook (.xlsx).",
        ),
        (
            csv_file(";".join(f"c{n}" for n in range(5000)) + "\n" + "x;" * 4999 + "x\n"),
            "The file has more than 60 columns (line 1): keep only the columns about the "
            "participants.",
        ),
        (
            csv_file(HEADER + "\n" + "x" * (3 * 1024 * 1024)),
            "The file is too large (3.0 MB): at most 2 MB.",
        ),
        (
            csv_file(HEADER + "\n"),
            "The file holds no participant: a header line, then one per line.",
        ),
    ],
    ids=["no-header", "latin-1", "broken-xlsx", "junk", "5000-columns", "huge", "empty"],
)
def test_import_refuses_a_bad_file_with_a_clear_message(
    client, organiser, seed_programme, file, error
):
    page = upload(client, file)

    assert page.response.status_code == 200
    assert page.texts(".field-file .errorlist li") == [error]
    assert Participant.objects.count() == 0


def test_import_message_speaks_the_organiser_s_language(client, organiser, seed_programme):
    page = upload(client, csv_file("Nom;Prénom\nx;y\n"), language="fr")

    assert page.texts(".field-file .errorlist li") == [
        "Colonnes manquantes : E-mail. La première ligne nomme les colonnes, comme dans "
        "les exports."
    ]


def test_import_confirm_writes_nothing_if_places_changed_since_the_preview(
    client, organiser, seed_programme
):
    from tests.factories import fill

    Session.objects.filter(slug="petit-dejeuner-ess").update(capacity=10, reserved_places=9)
    upload(client, csv_file(GOOD), join_waiting_list="")
    fill(Session.objects.get(slug="petit-dejeuner-ess"), 1)

    response = client.post(url("import_confirm"), follow=True)

    assert Page(response).texts(".messagelist li") == [
        "Places or registrations changed since the preview: nothing was imported. Upload the "
        "file again to see the new outcome."
    ]
    assert Participant.objects.exclude(email__startswith="filler").count() == 0


def test_import_without_a_preview_imports_nothing(client, organiser, seed_programme):
    response = client.post(url("import_confirm"), follow=True)

    assert Page(response).texts(".messagelist li") == ["Nothing to import: upload the file again."]


def test_import_needs_the_organiser_role(client, other_staff, seed_programme):
    assert client.get(url()).status_code == 403
