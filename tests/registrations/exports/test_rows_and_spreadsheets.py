"""Attendee exports (CSV, XLSX, PDF and printable sign-in sheets), from the admin and from the
management command, read back the way an organiser's spreadsheet or printer would read them."""

import codecs
import csv
import datetime
import io
import itertools
import re
import zlib

import openpyxl
import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from programme.models import Session
from registrations import services
from registrations.exports.signin import LINES_PER_PAGE
from registrations.models import Participant, Registration
from tests.factories import (
    DayFactory,
    VenueFactory,
    sign_up,
    signup_session,
)
from tests.html import Page

pytestmark = pytest.mark.django_db

# The first line Excel reads: semicolons, so that French Excel sees columns too.
HEADER_LINE = (
    "Date;Time;Session;Last name;First name;Organisation;Country;E-mail;Language;"
    "Delegation or local;Status;Place in line;Dietary needs;Accessibility needs;Registered at;"
    "Attended"
)
HEADER_EN = HEADER_LINE.split(";")
REGISTERED_AT = datetime.datetime(2018, 1, 15, 8, 30, tzinfo=datetime.UTC)  # 9:30 in Paris
REGISTERED = "01/15/2018 9:30 a.m."
TOUR = ["02/19/2018", "9:30 a.m.", "Urban farm tour"]
LUNCH = ["02/19/2018", "12:30 p.m.", "Lunch"]
CAMILLE = ["Martin", "Camille", "Coopérative", "France", "camille@example.org", "French", "Local"]
NIKOS = ["Papadopoulos", "Nikos", "City of Athens", "Greece", "nikos@example.org", "English"]
ZOE = ["Bernard", "Zoé", "", "France", "zoe@example.org", "French", "Local"]
FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tTab", "\rCR"]
NAMES = [*FORMULAS, "Camille"]  # and a name that a spreadsheet leaves alone
NEUTRALISED = [*("'" + formula for formula in FORMULAS), "Camille"]


def register(sessions, *, language="fr", **details) -> Participant:
    return sign_up(sessions, language=language, **details).participant


def bulk_attendees(session, count: int) -> None:
    """`count` confirmed local attendees of a session without capacity, made fast."""
    participants = Participant.objects.bulk_create(
        Participant(
            visit=session.day.visit,
            first_name=f"Camille{n}",
            last_name="Martin",
            email=f"camille{n}@example.org",
            email_key=f"camille{n}@example.org",  # what save() computes; bulk_create does not
            consented_at=REGISTERED_AT,
            privacy_notice_version="test",
        )
        for n in range(count)
    )
    Registration.objects.bulk_create(
        Registration(participant=p, session=session, status=Registration.Status.CONFIRMED)
        for p in participants
    )
    # What services.register_participant would have counted for these local sign-ups, so that
    # the session's counters stay truthful.
    Session.objects.filter(pk=session.pk).update(confirmed_local=count)


def export_url(scope, pk, fmt, language="en"):
    with translation.override(language):
        return reverse("admin:registrations_export", args=[scope, pk, fmt])


def download(client, scope, subject, fmt, language="en") -> bytes:
    response = client.get(export_url(scope, subject.pk, fmt, language))
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def sheet_rows(sheet) -> list[list[str]]:
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def pdf_characters(pdf: bytes) -> set[str]:
    """The characters the embedded font subsets can show, read from their ToUnicode maps."""
    return {chr(int(code, 16)) for code in re.findall(rb"<[0-9A-F]{4}> <([0-9A-F]{4})>", pdf)}


def pdf_line_heights(pdf: bytes) -> set[str]:
    """Distances, in mm, between the table's rules on every page (the compressed streams of
    the pages, in points rounded to the hundredth), rounded to the tenth."""
    streams = re.findall(rb"stream\n(.*?)\nendstream", pdf, re.S)
    heights = set()
    for page in (zlib.decompress(s) for s in streams if s.startswith(b"x")):
        rules = re.findall(rb"[\d.]+ ([\d.]+) m [\d.]+ ([\d.]+) l S", page)
        ys = sorted({float(y1) for y1, y2 in rules if y1 == y2})
        heights |= {f"{(below - above) * 25.4 / 72:.1f}" for above, below in itertools.pairwise(ys)}
    return heights


def person(*columns) -> dict:
    """What a participant gives at registration, in the order of the export's columns."""
    return dict(zip(["last_name", "first_name", "organisation", "email"], columns, strict=True))


def timed_session(day, title, start, venue, **kwargs) -> Session:
    venue = VenueFactory(name=venue)
    return signup_session(day=day, title_en=title, start_time=start, venue=venue, **kwargs)


@pytest.fixture
def day():
    """A known day: a tour with two places (Zoé waits) and a lunch (Léa cancelled hers)."""
    day = DayFactory()
    tour = timed_session(day, "Urban farm tour", datetime.time(9, 30), "Urban farm", capacity=2)
    lunch = timed_session(
        day, "Lunch", datetime.time(12, 30), "Canteen", capacity=None, kind=Session.Kind.MEAL
    )
    camille = register(
        [tour, lunch],
        dietary_requirement="vegetarian",
        dietary_notes="No nuts",
        accessibility_needs="Wheelchair user",
    )
    nikos = register(
        [tour, lunch],
        language="en",
        **person("Papadopoulos", "Nikos", "City of Athens", "nikos@example.org"),
        country="GR",
        is_delegation=True,
        dietary_requirement="halal",
    )
    register([tour], **person("Bernard", "Zoé", "", "zoe@example.org"))
    lea = register([lunch], **person("Petit", "Léa", "", "lea@example.org"))
    services.cancel_all_registrations(participant=lea)
    Registration.objects.update(created_at=REGISTERED_AT)
    for participant, attended in [(camille, True), (nikos, False)]:
        registrations = participant.registrations.filter(session=tour)
        services.record_attendance(registrations=registrations, attended=attended)
    return day


@pytest.fixture
def formula_session():
    session = signup_session(capacity=None)
    for n, text in enumerate(NAMES):
        register([session], first_name=text, organisation=text, email=f"p{n}@example.org")
    return session


def test_csv_of_a_day_has_one_exact_row_per_live_registration(admin_client, day):
    content = download(admin_client, "day", day, "csv")

    assert content.startswith(codecs.BOM_UTF8 + f"{HEADER_LINE}\r\n".encode())
    rows = csv_rows(content)

    assert rows == [
        HEADER_EN,
        # Confirmed by name, then the waiting list; Léa cancelled. Dietary needs for meals only.
        [*TOUR, *CAMILLE, "Confirmed", "", "", "Wheelchair user", REGISTERED, "Yes"],
        [*TOUR, *NIKOS, "Partner delegation", "Confirmed", "", "", "", REGISTERED, "No-show"],
        [*TOUR, *ZOE, "On the waiting list", "1", "", "", REGISTERED, ""],
        [
            *LUNCH,
            *CAMILLE,
            "Confirmed",
            "",
            "Vegetarian — No nuts",
            "Wheelchair user",
            REGISTERED,
            "",
        ],
        [*LUNCH, *NIKOS, "Partner delegation", "Confirmed", "", "Halal", "", REGISTERED, ""],
    ]


def test_csv_of_a_reordered_waiting_list_follows_the_line_with_places(admin_client):
    session = signup_session(title_en="Debate", capacity=1)
    for name in ["Ana", "Bea", "Cleo"]:
        register([session], first_name=name, email=f"{name.lower()}@example.org")
    cleo = Registration.objects.get(participant__first_name="Cleo")
    services.move_in_line(registration=cleo, up=True, reason="Speaker", by=services.SYSTEM)

    rows = csv_rows(download(admin_client, "session", session, "csv"))
    status, place = HEADER_EN.index("Status"), HEADER_EN.index("Place in line")

    assert [(row[4], row[status], row[place]) for row in rows[1:]] == [
        ("Ana", "Confirmed", ""),
        ("Cleo", "On the waiting list", "1"),
        ("Bea", "On the waiting list", "2"),
    ]


def test_csv_header_under_french_admin_is_in_french(admin_client, day):
    french = csv_rows(download(admin_client, "day", day, "csv", language="fr"))[0]

    untranslated = {fr for fr, en in zip(french, HEADER_EN, strict=True) if fr == en}
    assert untranslated - {"Date", "Organisation", "E-mail"} == set()  # the same in both


def test_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas(admin_client, formula_session):
    rows = csv_rows(download(admin_client, "session", formula_session, "csv"))[1:]

    cells = sorted((row[7], row[4], row[5]) for row in rows)  # e-mail, first name, organisation
    assert cells == [(f"p{n}@example.org", text, text) for n, text in enumerate(NEUTRALISED)]


def test_xlsx_keeps_cells_a_spreadsheet_would_run_as_formulas_as_text(
    admin_client, formula_session
):
    sheet = workbook(download(admin_client, "session", formula_session, "xlsx")).worksheets[0]

    cells = sorted(
        (row[7].value, row[4].value, row[5].value, row[4].quotePrefix)
        for row in sheet.iter_rows(min_row=2)
    )
    # The text is the person's own, without an apostrophe, a bare carriage return included
    # (openpyxl writes it as a character reference with lxml); the quote prefix is what keeps
    # Excel from running it.
    expected = list(NAMES)
    guarded = [*[True] * len(FORMULAS), False]
    assert cells == [
        (f"p{n}@example.org", text, text, guard)
        for n, (text, guard) in enumerate(zip(expected, guarded, strict=True))
    ]
    assert [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []


def typed(row: list[str]) -> list:
    """What the CSV row shows as text, as the typed cells of the spreadsheet."""
    when = {
        "02/19/2018": datetime.datetime(2018, 2, 19),
        "9:30 a.m.": datetime.time(9, 30),
        "12:30 p.m.": datetime.time(12, 30),
        REGISTERED: datetime.datetime(2018, 1, 15, 9, 30),  # Paris time
        "1": 1,  # a place in line, a number
    }
    return [when.get(cell, cell) for cell in row]


def test_xlsx_of_a_day_has_a_filtered_frozen_sheet_per_session(admin_client, day):
    book = workbook(download(admin_client, "day", day, "xlsx"))
    rows = csv_rows(download(admin_client, "day", day, "csv"))[1:]

    assert book.sheetnames == ["19-02 Urban farm tour", "19-02 Lunch"]
    for sheet, session_rows in zip(book.worksheets, [rows[:3], rows[3:]], strict=True):
        assert sheet_rows(sheet) == [HEADER_EN, *map(typed, session_rows)]
        assert [cell.font.b for cell in sheet[1]] == [True] * len(HEADER_EN)
        assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", f"A1:P{len(session_rows) + 1}")


def test_xlsx_of_a_visit_has_a_distinct_valid_sheet_name_per_session(admin_client, day):
    next_day = DayFactory(visit=day.visit, date=day.date + datetime.timedelta(days=1))
    titles = ["Debate", "Debate", "Q&A: what next? [cities/towns] and much more"]
    register([signup_session(day=next_day, title_en=t) for t in titles], email="x@example.org")

    book = workbook(download(admin_client, "visit", day.visit, "xlsx"))

    assert book.sheetnames == [
        "19-02 Urban farm tour",
        "19-02 Lunch",
        "20-02 Debate",
        "20-02 Debate (2)",
        "20-02 Q&A  what next   citie",
    ]


def test_pdf_has_one_page_per_sign_up_session_even_without_attendees(admin_client, day):
    greek = {"first_name": "Δημήτρης", "last_name": "Παπαδόπουλος", "email": "d@example.org"}
    lunch = day.sessions.get(kind=Session.Kind.MEAL)
    register([lunch, signup_session(day=day, capacity=0)], **greek)  # waits for the third one

    pdf = download(admin_client, "day", day, "pdf")

    pages = re.findall(rb"/Type /Page\b", pdf)  # the third, empty, keeps lines for walk-ins
    assert (pdf[:5], pdf.rstrip()[-5:], len(pages)) == (b"%PDF-", b"%%EOF", 3)
    assert set("ΔημήτρηςΠαπαδόπουλος") - pdf_characters(pdf) == set()


def test_pdf_lines_keep_their_height_from_the_hundredth_on(admin_client):
    session = signup_session(capacity=None)
    bulk_attendees(session, 100)

    pdf = download(admin_client, "session", session, "pdf")

    assert pdf_line_heights(pdf) == {"9.0"}  # the sheet's line height


def table_rows(section) -> list[list[str]]:
    return [
        [td.get_text(strip=True) for td in tr.select("td")] for tr in section.select("tbody tr")
    ]


def test_signin_sheet_lists_confirmed_attendees_then_blank_lines_to_the_page_end(admin_client, day):
    page = Page(admin_client.get(export_url("day", day.pk, "sheet")))
    tour, lunch = page.soup.select(".sheet")

    assert page.texts(".sheet h1") == ["Urban farm tour", "Lunch"]
    assert page.texts(".sheet__meta") == [
        "Monday 19 February 2018, 9:30 a.m. · Urban farm · 2 confirmed / 2 places",
        "Monday 19 February 2018, 12:30 p.m. · Canteen · 2 confirmed",
    ]
    assert page.texts(".sheet__page") == ["Page 1 of 1", "Page 1 of 1"]
    headings = ["#", "Last name", "First name", "Organisation", "Country", "Signature"]
    assert [th.get_text(strip=True) for th in tour.select("thead th")] == headings
    assert table_rows(tour) == [  # Zoé, who waits, is not expected
        ["1", "Martin", "Camille", "Coopérative", "France", ""],
        ["2", "Papadopoulos", "Nikos", "City of Athens", "Greece", ""],
        *[[str(number), "", "", "", "", ""] for number in range(3, LINES_PER_PAGE + 1)],
    ]
    assert len(lunch.select("tbody td.sign")) == LINES_PER_PAGE


def test_signin_sheet_heading_reads_naturally_in_english(admin_client):
    session = timed_session(DayFactory(), "Debate", datetime.time(9, 30), "Hall", capacity=1)
    register([session])

    page = Page(admin_client.get(export_url("session", session.pk, "sheet")))

    meta = "Monday 19 February 2018, 9:30 a.m. · Hall · 1 confirmed / 1 place"
    assert page.texts(".sheet__meta") == [meta]


@pytest.fixture
def organiser():
    call_command("setup_organisers", verbosity=0)
    user = User.objects.create_user("organiser", is_staff=True)
    user.groups.add(Group.objects.get(name="Organisers"))
    return user


def subject_pk(day, scope) -> int:
    return {"visit": day.visit, "day": day, "session": day.sessions.first()}[scope].pk


@pytest.mark.parametrize(
    ("scope", "fmt"), [("visit", "csv"), ("day", "xlsx"), ("session", "pdf"), ("day", "sheet")]
)
@pytest.mark.parametrize("who", ["organiser", "superuser"])
def test_export_by_organiser_or_superuser_is_served(
    client, day, organiser, admin_user, who, scope, fmt
):
    client.force_login({"organiser": organiser, "superuser": admin_user}[who])

    response = client.get(export_url(scope, subject_pk(day, scope), fmt))

    assert response.status_code == 200


@pytest.mark.parametrize("scope", ["visit", "day", "session"])
def test_export_by_anonymous_visitor_redirects_to_login(client, day, scope):
    url = export_url(scope, subject_pk(day, scope), "csv")

    response = client.get(url)

    with translation.override("en"):
        login = reverse("admin:login")
    assert (response.status_code, response["Location"]) == (302, f"{login}?next={url}")


@pytest.mark.parametrize("scope", ["visit", "day", "session"])
def test_export_by_staff_without_permission_is_forbidden(client, day, scope):
    client.force_login(User.objects.create_user("staff", is_staff=True))

    response = client.get(export_url(scope, subject_pk(day, scope), "csv"))

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("scope", "fmt", "pk"), [("week", "csv", None), ("day", "docx", None), ("day", "csv", 10**9)]
)
def test_export_of_unknown_scope_format_or_object_is_not_found(admin_client, day, scope, fmt, pk):
    response = admin_client.get(export_url(scope, pk or day.pk, fmt))

    assert response.status_code == 404


def test_csv_of_ten_thousand_attendees_streams_every_line(admin_client):
    session = signup_session(capacity=None)
    bulk_attendees(session, 10_000)

    response = admin_client.get(export_url("session", session.pk, "csv"))
    chunks = list(response.streaming_content)

    assert (response.streaming, len(chunks)) == (True, 10_001)  # a chunk per line
    assert len(csv_rows(b"".join(chunks))) == 10_001


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_export_command_writes_the_same_file_as_the_admin(admin_client, day, tmp_path, fmt):
    output = tmp_path / f"day.{fmt}"

    options = [f"--day={day.date}", f"--format={fmt}", "--language=en", f"--output={output}"]
    call_command("export_attendees", day.visit.slug, *options, stdout=io.StringIO())

    written, served = output.read_bytes(), download(admin_client, "day", day, fmt)
    if fmt == "csv":
        assert csv_rows(written) == csv_rows(served)
    elif fmt == "xlsx":
        sheets = [[s.title, sheet_rows(s)] for s in workbook(written).worksheets]
        assert sheets == [[s.title, sheet_rows(s)] for s in workbook(served).worksheets]
    else:
        # Everything but the creation time and the file identifier derived from it.
        undated = re.compile(rb"/CreationDate \(D:[^)]*\)|/ID \[<\w+><\w+>\]")
        assert undated.sub(b"", written) == undated.sub(b"", served)


def test_export_command_with_a_malformed_day_says_so(day, tmp_path):
    with pytest.raises(CommandError, match="Nothing to export"):
        call_command(
            "export_attendees",
            day.visit.slug,
            "--day=19/02/2018",
            "--language=en",
            f"--output={tmp_path}",
        )
