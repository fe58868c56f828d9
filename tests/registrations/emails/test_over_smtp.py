"""A confirmation, end to end: a sign-up through the site queues it, the real worker
(`manage.py send_emails --until-empty`, another process) sends it over SMTP to a mail server on
loopback (aiosmtpd), and what that server received is read back: headers, both parts, the
agenda."""

import email
import email.policy
import subprocess
import sys

import icalendar
import pytest
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup
from django.db import connection
from django.test import override_settings
from django.utils import translation

from programme.models import Session
from registrations.domain.checkin_code import qr_png
from registrations.models import Participant
from tests.factories import DayFactory, signup_session
from tests.servers import PRODUCTION_ENVIRONMENT, ROOT, free_port, site_environment

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WORKER_SECRET_KEY = PRODUCTION_ENVIRONMENT["DJANGO_SECRET_KEY"]


class Mailbox:
    """aiosmtpd's handler: keeps every message it is given, as received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, mailbox
    controller.stop()


def database_url_of_this_test() -> str:
    """The address of the database this test runs on, for another process."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def run_mail_worker(port: int) -> subprocess.CompletedProcess:
    environment = site_environment(
        database_url_of_this_test(),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(port),
        DJANGO_DEFAULT_FROM_EMAIL="KISS <kiss@example.org>",
        DJANGO_SITE_URL="https://kiss.example.org",
    )
    command = [sys.executable, "manage.py", "send_emails", "--until-empty"]
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def breakfast():
    day = DayFactory(visit__slug="saint-etienne-2018", visit__title_en="Saint-Etienne 2018")
    return signup_session(
        day=day, slug="petit-dejeuner", title_en="Breakfast", start_time="09:00", end_time="10:00"
    )


def test_confirmation_reaches_a_real_smtp_server_with_both_parts_and_the_agenda(
    client, mail_server, breakfast
):
    controller, mailbox = mail_server
    signed_up = client.post(
        "/en/saint-etienne-2018/register/",
        {
            "first_name": "Camille",
            "last_name": "Martin",
            "email": "camille@example.org",
            "country": "FR",
            "sessions": [breakfast.pk],
            "consent": "on",
        },
    )
    assert signed_up.status_code == 302
    assert mailbox.messages == []  # queued, not sent by the request

    worker = run_mail_worker(controller.port)

    assert worker.returncode == 0, worker.stderr
    [(sender, recipients, raw)] = mailbox.messages
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert (sender, recipients) == ("kiss@example.org", ["camille@example.org"])
    # The subject comes folded onto a second line (Python's e-mail package): clients unfold it.
    assert (message["From"], message["To"], message["Subject"].strip()) == (
        "KISS <kiss@example.org>",
        "camille@example.org",
        "Your registration — KISS study visit, Saint-Etienne",
    )
    assert message["Message-ID"].endswith(">")
    assert message["Date"] is not None

    text = message.get_body(preferencelist=("plain",)).get_content()
    html = BeautifulSoup(message.get_body(preferencelist=("html",)).get_content(), "html.parser")
    manage_link = "https://kiss.example.org" + camille_manage_path()
    assert text.splitlines()[0] == "Hello Camille,"
    assert "  Breakfast" in text.splitlines()
    assert manage_link in text
    assert manage_link in {a["href"] for a in html.select("a")}

    agenda, code = list(message.iter_attachments())
    assert (agenda.get_filename(), agenda.get_content_type()) == ("agenda.ics", "text/calendar")
    # The check-in code: shown in the HTML part, and the QR code of the participant's code.
    camille = Participant.objects.get(email="camille@example.org")
    assert (code.get_filename(), code.get_content_type()) == ("check-in-code.png", "image/png")
    assert [img["src"] for img in html.select("img")] == [f"cid:{code['Content-ID'][1:-1]}"]
    worker = {"SITE_URL": "https://kiss.example.org", "SECRET_KEY": WORKER_SECRET_KEY}
    with override_settings(**worker):
        assert code.get_content() == qr_png(camille)
    calendar = icalendar.Calendar.from_ical(agenda.get_content())
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Breakfast"]
    assert Session.objects.get(pk=breakfast.pk).confirmed_count == 1


def camille_manage_path() -> str:
    """Her private link, in the language she registered in."""
    from registrations.models import Participant

    with translation.override("en"):
        return Participant.objects.get(email="camille@example.org").manage_path()
