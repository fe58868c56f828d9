"""Erasure erases everywhere: after a participant erases their data through their private link,
no table of the database (ours, Django's, every library's) holds their name, address,
organisation or needs — in any column, in the signed session data, in the e-mail queue's
arguments and tracebacks, in the sign-in attempts, in the organisers' messages and notes.

The person leaves every trace a real participant leaves: the sign-up form (the "received" page
never loaded), the lost-link form, a confirmation the mail server refused (its refusal names the
address), their address typed at the admin's sign-in, an organiser's message and notes naming
them, the admin's history of a change to their details."""

import json
import unicodedata
from contextlib import suppress

import pytest
from aiosmtpd.controller import Controller
from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from registrations.domain.addresses import email_key
from registrations.models import ExportFile, OutgoingEmail, Participant, Registration
from registrations.models.mailing import Mailing
from tests.factories import DayFactory, StudyVisitFactory, sign_up, signup_session
from tests.html import Page
from tests.mail_queue import deliver_queued_mail
from tests.servers import free_port

pytestmark = pytest.mark.django_db

FIRST_NAME = "Quillonbeth"
LAST_NAME = "Xarnavoúdis"
EMAIL = "Quillon.Xarnav-7qz@Example.ORG"
ORGANISATION = "Zymurgicon Cooperative"
DIETARY_NOTES = "Allergic to vrombelnuts"
ACCESSIBILITY = "A glimmerstaff ramp, please"
# What must be found nowhere, each compared case-folded (NFKC) with case-folded text.
UNIQUE = [
    FIRST_NAME,
    LAST_NAME,
    EMAIL,
    email_key(EMAIL),
    "Zymurgicon",
    "vrombelnuts",
    "glimmerstaff",
]


def folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


# Reading every table -------------------------------------------------------------------------


def readable(value) -> list[str]:
    """A column's value as text, and, for JSON, what it decodes to."""
    if value is None:
        return []
    if isinstance(value, memoryview | bytes):
        value = bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, dict | list):
        return [json.dumps(value, ensure_ascii=False, default=str)]
    text = str(value)
    with suppress(ValueError):  # JSON columns keep non-ASCII characters escaped on SQLite
        return [text, json.dumps(json.loads(text), ensure_ascii=False)]
    return [text]


def session_payloads(cursor) -> list[str]:
    """What the sessions hold, decoded: their data is signed and base64-encoded."""
    cursor.execute(f"SELECT session_data FROM {Session._meta.db_table}")
    decoded = [SessionStore().decode(data) for (data,) in cursor.fetchall()]
    return [json.dumps(data, ensure_ascii=False, default=str) for data in decoded]


def where_found(strings) -> dict[str, list[str]]:
    """{string: [tables holding it]} over every table of the database."""
    wanted = {string: folded(string) for string in strings}
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            texts = [t for row in cursor.fetchall() for v in row for t in readable(v)]
            if table == Session._meta.db_table:
                texts += session_payloads(cursor)
            text = folded("\n".join(texts))
            for string, key in wanted.items():
                if key in text:
                    found.setdefault(string, []).append(table)
    return found


# A mail server that refuses every recipient, naming them -------------------------------------


class Refusing:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"


@pytest.fixture
def refusing_mail_server():
    controller = Controller(Refusing(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


def deliver_through(controller):
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": controller.port,
    }
    with override_settings(**smtp):
        deliver_queued_mail()


# The participant's traces ----------------------------------------------------------------------


def site_url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


@pytest.fixture
def sessions():
    """A talk with one place, taken by someone else, and a lunch with room for all."""
    day = DayFactory(visit__slug="saint-etienne-2018")
    talk = signup_session(day=day, capacity=1, title_en="Talk", slug="talk")
    lunch = signup_session(day=day, capacity=None, kind="meal", title_en="Lunch", slug="lunch")
    sign_up(talk, email="holder@example.org", first_name="Holder")
    return talk, lunch


def sign_up_through_the_form(visitor, talk, lunch):
    """The public form; the "received" page is never loaded (the visitor closed the tab)."""
    answers = {
        "first_name": FIRST_NAME,
        "last_name": LAST_NAME,
        "email": EMAIL,
        "organisation": ORGANISATION,
        "country": "GR",
        "sessions": [talk.pk, lunch.pk],
        "join_waiting_list": "on",
        "dietary_requirement": "allergy",
        "dietary_notes": DIETARY_NOTES,
        "accessibility_needs": ACCESSIBILITY,
        "consent": "on",
        "website": "",
    }
    url = site_url("registrations:register", visit="saint-etienne-2018")
    assert visitor.post(url, answers).status_code == 302


def ask_for_the_lost_link(visitor):
    url = site_url("registrations:lost_link", visit="saint-etienne-2018")
    assert visitor.post(url, {"email": EMAIL}).status_code == 302


def type_the_address_at_the_admin_sign_in():
    for username in (EMAIL, EMAIL.upper()):
        signing_in = Client(REMOTE_ADDR="203.0.113.9")
        signing_in.post("/en/admin/login/", {"username": username, "password": "forgotten"})


def organiser_corrects_their_details(client, participant):
    details = {
        "first_name": FIRST_NAME,
        "last_name": LAST_NAME,
        "email": EMAIL,
        "organisation": ORGANISATION,
        "country": "GR",
        "language": "en",
        "dietary_requirement": "allergy",
        "dietary_notes": DIETARY_NOTES + " (and walnuts)",
        "accessibility_needs": ACCESSIBILITY,
    }
    url = admin_url("registrations_participant_change", participant.pk)
    assert client.post(url, details).status_code == 302


def organiser_moves_in_line(client, registration, reason):
    url = admin_url("registrations_registration_line", registration.pk)
    back = admin_url("registrations_participant_change", registration.participant_id)
    client.post(url, {"next": back, "direction": "up", "reason": reason})


def organiser_writes_to_the_lunch(client, lunch):
    texts = {
        "audience": "confirmed",
        "subject_fr": f"Repas : la place de {FIRST_NAME} {LAST_NAME}",
        "body_fr": f"Bonjour,\n{LAST_NAME} ({EMAIL.lower()}) cherche un covoiturage.",
        "subject_en": f"Lunch: {LAST_NAME.upper()}'s seat",
        "body_en": f"Hello,\n{FIRST_NAME} {LAST_NAME} <{EMAIL}> needs a lift.",
    }
    client.post(admin_url("registrations_mailing_write", "session", lunch.pk), texts)
    sent = client.post(admin_url("registrations_mailing_send", Mailing.objects.latest("pk").pk))
    assert sent.status_code == 302


def erase_through_the_private_link(visitor, participant):
    url = site_url(
        "registrations:erase", visit="saint-etienne-2018", token=participant.manage_token
    )
    assert visitor.post(url, {"erase-confirm": "on"}).status_code == 302


def test_erasure_leaves_the_person_in_no_table_of_the_database(
    client, organiser, sessions, refusing_mail_server
):
    talk, lunch = sessions
    visitor = Client()
    sign_up_through_the_form(visitor, talk, lunch)
    ask_for_the_lost_link(visitor)
    deliver_through(refusing_mail_server)  # the confirmation and the link: refused
    type_the_address_at_the_admin_sign_in()
    sign_up(talk, email="third@example.org", first_name="Third")
    deliver_queued_mail().clear()
    participant = Participant.objects.get(last_name=LAST_NAME)
    theirs = Registration.objects.get(participant=participant, session=talk)
    third = Registration.objects.get(participant__email="third@example.org")
    organiser_moves_in_line(client, third, f"Swapped with {FIRST_NAME} {LAST_NAME}, who agreed")
    organiser_moves_in_line(client, theirs, f"{LAST_NAME} phoned from {EMAIL}")
    organiser_corrects_their_details(client, participant)
    organiser_writes_to_the_lunch(client, lunch)
    deliver_queued_mail()
    assert [m.to for m in mail.outbox] == [[EMAIL]]  # the message reached them
    assert set(where_found(UNIQUE)) == set(UNIQUE)  # the search sees what is there

    erase_through_the_private_link(visitor, participant)

    assert where_found(UNIQUE) == {}


# Each trace on its own ---------------------------------------------------------------------------


def test_signup_keeps_nothing_in_sessions_and_the_received_page_still_shows_the_address(sessions):
    talk, lunch = sessions
    visitor = Client()

    sign_up_through_the_form(visitor, talk, lunch)
    stored = Session.objects.count()
    received = Page.get(visitor, site_url("registrations:received", visit="saint-etienne-2018"))

    assert (stored, received.text(".prose p strong")) == (0, EMAIL)


def test_erasure_deletes_the_sessions_holding_the_person_and_no_other(sessions):
    talk, lunch = sessions
    visitor = Client()
    sign_up_through_the_form(visitor, talk, lunch)
    theirs, someone_elses = SessionStore(), SessionStore()
    # As the sign-up wrote it before: their address, waiting for the "received" page.
    theirs["registration_received"] = {"visit": "saint-etienne-2018", "email": EMAIL.upper()}
    someone_elses["registration_received"] = {"email": "holder@example.org"}
    for session in (theirs, someone_elses):
        session.create()
    participant = Participant.objects.get(last_name=LAST_NAME)

    erase_through_the_private_link(visitor, participant)

    kept = list(Session.objects.values_list("session_key", flat=True))
    assert kept == [someone_elses.session_key]


def test_erasure_deletes_the_sign_in_attempts_made_with_their_address_only(sessions):
    talk, lunch = sessions
    visitor = Client()
    sign_up_through_the_form(visitor, talk, lunch)
    type_the_address_at_the_admin_sign_in()
    Client().post("/en/admin/login/", {"username": "holder@example.org", "password": "x"})
    Client().post("/en/admin/login/", {"username": "camille", "password": "x"})
    participant = Participant.objects.get(last_name=LAST_NAME)

    erase_through_the_private_link(visitor, participant)

    kept = sorted(AccessAttempt.objects.values_list("username", flat=True))
    assert kept == ["camille", "holder@example.org"]


def test_erasure_deletes_the_prepared_files_of_their_visit_and_no_other(sessions):
    talk, lunch = sessions
    visitor = Client()
    sign_up_through_the_form(visitor, talk, lunch)
    participant = Participant.objects.get(last_name=LAST_NAME)
    for visit in (participant.visit, participant.visit, StudyVisitFactory()):
        ExportFile.objects.create(visit=visit, kind="xlsx", language="en", content=b"rows")
    other_visit = ExportFile.objects.exclude(visit=participant.visit).get()

    erase_through_the_private_link(visitor, participant)

    assert list(ExportFile.objects.values_list("pk", flat=True)) == [other_visit.pk]


def test_lost_link_email_holds_the_persons_id_never_an_address(sessions):
    talk, lunch = sessions
    visitor = Client()
    sign_up_through_the_form(visitor, talk, lunch)
    deliver_queued_mail()
    participant = Participant.objects.get(last_name=LAST_NAME)

    ask_for_the_lost_link(visitor)
    url = site_url("registrations:lost_link", visit="saint-etienne-2018")
    visitor.post(url, {"email": "nobody@example.org"})

    queued = OutgoingEmail.objects.filter(state=OutgoingEmail.State.QUEUED).order_by("pk")
    assert list(queued.values_list("kind", "participant")) == [
        ("manage_link", participant.pk),
        ("manage_link", None),
    ]
    assert where_found([EMAIL, "nobody@example.org"]) == {EMAIL: ["registrations_participant"]}


def test_erasure_stops_their_emails_and_keeps_the_others(sessions, refusing_mail_server):
    talk, lunch = sessions  # the holder's confirmation is queued
    visitor = Client()
    sign_up_through_the_form(visitor, talk, lunch)
    deliver_through(refusing_mail_server)  # both refused
    ask_for_the_lost_link(visitor)  # queued, not sent
    participant = Participant.objects.get(last_name=LAST_NAME)
    holder = Participant.objects.get(email="holder@example.org")

    erase_through_the_private_link(visitor, participant)

    kept = OutgoingEmail.objects.order_by("pk").values_list("participant", "kind", "state")
    assert list(kept) == [
        (holder.pk, "confirmation", "failed"),
        (participant.pk, "confirmation", "failed"),
        (participant.pk, "manage_link", "skipped"),
    ]
    assert OutgoingEmail.objects.get(participant=participant, kind="confirmation").last_error == ""
