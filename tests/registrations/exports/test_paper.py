"""What organisers print for the day: sign-in sheets cut into pages that each say what they are
(visit, session, date, time, venue, page x of y), with blank lines only where the last page has
room; and name badges, eight to an A4 page, in any script. PDFs are read back with pypdf."""

import datetime
import io
import math

import pytest
from pypdf import PdfReader

from programme.models import Session
from registrations.exports.signin import LINES_PER_PAGE
from registrations.models import Participant, Registration
from tests.factories import DayFactory, VenueFactory, sign_up, signup_session
from tests.html import Page
from tests.registrations.exports.test_rows_and_spreadsheets import (
    REGISTERED_AT,
    download,
    export_url,
)

pytestmark = pytest.mark.django_db

# 21 sessions and how many of 60 people each expects: none, a few, a page exactly, a page and
# one, two pages exactly, everyone.
ATTENDANCE = [0, 1, 3, 5, 12, 19, 20, 23, 24, 25, 30, 36, 40, 47, 48, 49, 50, 55, 58, 59, 60]


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def people(visit, count: int) -> list[Participant]:
    return Participant.objects.bulk_create(
        Participant(
            visit=visit,
            first_name=f"Person{n:02}",
            last_name=f"Attendee{n:02}",
            email=f"person{n}@example.org",
            email_key=f"person{n}@example.org",
            consented_at=REGISTERED_AT,
            privacy_notice_version="test",
        )
        for n in range(count)
    )


def confirm(session, participants) -> None:
    """Confirmed sign-ups made fast, the session's counters kept truthful."""
    Registration.objects.bulk_create(
        Registration(participant=p, session=session, status=Registration.Status.CONFIRMED)
        for p in participants
    )
    Session.objects.filter(pk=session.pk).update(confirmed_local=len(participants))


@pytest.fixture
def busy_visit():
    """Three days, 21 sessions at known times and venues, 60 people."""
    first = DayFactory()
    days = [
        first,
        *(DayFactory(visit=first.visit, date=first.date + datetime.timedelta(n)) for n in (1, 2)),
    ]
    everyone = people(first.visit, 60)
    venue = VenueFactory(name="Cité du design")
    for n, count in enumerate(ATTENDANCE):
        session = signup_session(
            day=days[n % 3],
            title_en=f"Workshop {n:02}",
            start_time=datetime.time(8 + n // 3, 15),
            venue=venue,
            capacity=None,
            order=n,
        )
        confirm(session, everyone[:count])
    return first.visit


def test_pdf_of_60_people_in_21_sessions_has_no_page_of_blank_lines_only(admin_client, busy_visit):
    pages = pdf_pages(download(admin_client, "visit", busy_visit, "pdf"))

    expected = sum(max(1, math.ceil(count / LINES_PER_PAGE)) for count in ATTENDANCE)
    assert (len(pages), expected) == (39, 39)  # 9 sessions on one page, 6 on two, 6 on three
    for text in pages:
        title = next(line for line in text.splitlines() if line.startswith("Workshop"))
        if ATTENDANCE[int(title.split()[1])]:
            assert "Attendee" in text, title


def test_pdf_every_page_says_visit_session_when_where_and_page_x_of_y(admin_client, busy_visit):
    pages = pdf_pages(download(admin_client, "visit", busy_visit, "pdf"))

    seen = []
    for text in pages:
        lines = text.splitlines()
        title = next(line for line in lines if line.startswith("Workshop"))
        n = int(title.split()[1])
        count = ATTENDANCE[n]
        of = max(1, math.ceil(count / LINES_PER_PAGE))
        page_line = next(line for line in lines if " of " in line and "Page" in line)
        seen.append((title, page_line.split("Page ")[-1]))
        assert page_line.endswith(f" of {of}"), title
        assert lines[0].startswith(str(busy_visit.title)), lines[0]
        when = f"{8 + n // 3}:15 a.m." if 8 + n // 3 < 12 else f"{8 + n // 3 - 12 or 12}:15 p.m."
        assert f", {when} · Cité du design" in text, (title, when)
        assert f"{count} confirmed" in text
    # Within each session's sheet, pages count 1..y, in order.
    numbered = {}
    for title, page in seen:
        numbered.setdefault(title, []).append(page)
    for title, pages_of in numbered.items():
        total = len(pages_of)
        assert pages_of == [f"{x} of {total}" for x in range(1, total + 1)], title


def test_pdf_blank_lines_fill_only_the_last_page(admin_client):
    session = signup_session(capacity=None, title_en="Debate")
    participants = people(session.day.visit, LINES_PER_PAGE + 1)
    confirm(session, participants)

    first, last = pdf_pages(download(admin_client, "session", session, "pdf"))

    assert "Page 1 of 2" in first and "Page 2 of 2" in last
    numbers = [line.split()[0] for line in last.splitlines() if line.split()[0].isdigit()]
    # the 25th attendee, then numbered blank lines up to the page's end
    assert numbers[-1] == str(2 * LINES_PER_PAGE)
    assert "Attendee24" in last and "Attendee00" not in last


def test_signin_print_page_repeats_heading_and_table_header_on_every_page(admin_client):
    session = signup_session(capacity=None, title_en="Debate", start_time=datetime.time(14, 0))
    confirm(session, people(session.day.visit, LINES_PER_PAGE + 6))

    page = Page(admin_client.get(export_url("session", session.pk, "sheet")))

    assert page.texts(".sheet h1") == ["Debate", "Debate"]
    assert page.texts(".sheet__page") == ["Page 1 of 2", "Page 2 of 2"]
    assert len(page.texts(".sheet__meta")) == 2
    assert [len(s.select("thead th")) for s in page.soup.select(".sheet")] == [6, 6]
    assert [len(s.select("tbody tr")) for s in page.soup.select(".sheet")] == [LINES_PER_PAGE] * 2


@pytest.mark.parametrize(
    ("language", "day"),
    [("el", "Δευτέρα 19 Φεβρουαρίου 2018, 14:00"), ("fr", "Lundi 19 février 2018, 14:00")],
)
def test_signin_sheet_date_puts_the_greek_month_in_the_genitive(admin_client, language, day):
    session = signup_session(capacity=None, title_en="Debate", start_time=datetime.time(14, 0))
    confirm(session, people(session.day.visit, 1))

    page = Page(admin_client.get(export_url("session", session.pk, "sheet", language)))

    assert page.text(".sheet__meta").split(" · ")[0] == day


NAMES = [
    ("Δημήτρης", "Παπαδόπουλος", "Δήμος Αθηναίων", "GR", True),
    ("Zoé", "Bernard-Lefèvre", "Coopérative d'habitants", "FR", False),
    ("Íñigo", "Muñoz", "Ayuntamiento de Alcobendas", "ES", True),
    ("Niccolò", "Sciarrà", "Comune di Torino", "IT", True),
    ("Ana", "Li", "", "", False),
]


@pytest.fixture
def badge_session():
    session = signup_session(capacity=None)
    for n, (first, last, organisation, country, delegation) in enumerate(NAMES * 2):
        sign_up(
            [session],
            first_name=first,
            last_name=last,
            organisation=organisation,
            country=country,
            is_delegation=delegation,
            email=f"p{n}@example.org",
            language="en",
        )
    return session


def test_badges_eight_to_a_page_with_greek_and_accented_names(admin_client, badge_session):
    pages = pdf_pages(download(admin_client, "session", badge_session, "badges"))

    assert len(pages) == 2  # ten people
    text = "\n".join(pages)
    for first, last, organisation, _country, _delegation in NAMES:
        assert text.count(first) == 2 and text.count(last) == 2, first
        assert organisation in text
    assert text.count("Partner delegation") == 6 and text.count("Local") == 4
    assert "Greece" in text and "Spain" in text


def test_badges_leave_out_people_only_waiting(admin_client):
    session = signup_session(capacity=1)
    sign_up([session], first_name="Zoé", email="zoe@example.org")
    sign_up([session], first_name="Bo", email="bo@example.org")  # waits

    (page,) = pdf_pages(download(admin_client, "session", session, "badges"))

    assert "Zoé" in page and "Bo" not in page


def test_badges_of_nobody_say_so(admin_client):
    session = signup_session()

    (page,) = pdf_pages(download(admin_client, "session", session, "badges"))

    assert page == "Nobody to make a badge for in this selection."


@pytest.fixture
def two_wearers():
    session = signup_session(day__visit__title_fr="Tissez", day__visit__title_el="Υφάνετε")
    sign_up([session], first_name="Eleni", country="GR", is_delegation=True, language="el")
    sign_up([session], first_name="Zoé", country="FR", email="zoe@example.org", language="fr")
    return session


def badge_lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def test_badges_speak_each_wearers_language(admin_client, two_wearers):
    (page,) = pdf_pages(download(admin_client, "session", two_wearers, "badges"))

    assert badge_lines(page) == [
        "Υφάνετε",
        "Eleni",
        "Martin",
        "Coopérative",
        "Ελλάδα",
        "Αντιπροσωπεία των εταίρων",
        "Tissez",
        "Zoé",
        "Martin",
        "Coopérative",
        "France",
        "Local",
    ]


def test_badges_all_in_the_language_organisers_choose(admin_client, two_wearers):
    url = export_url("session", two_wearers.pk, "badges") + "?language=fr"

    (page,) = pdf_pages(admin_client.get(url).content)

    assert badge_lines(page) == [
        "Tissez",
        "Eleni",
        "Martin",
        "Coopérative",
        "Grèce",
        "Délégation des partenaires",
        "Tissez",
        "Zoé",
        "Martin",
        "Coopérative",
        "France",
        "Local",
    ]
