"""Limits that protect people: how many e-mails one mailbox gets, and a mail server that hangs
never holding a visitor's request."""

import socket
import threading

import pytest
from django.core import mail

from registrations import services
from registrations.models import Participant
from tests.factories import sign_up, signup_session
from tests.html import Page
from tests.mail_queue import deliver_queued_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(settings):
    settings.MAILS_PER_MAILBOX = "5/h"
    session = signup_session(capacity=1, day__visit__slug="saint-etienne-2018")
    sign_up(session, email="camille@example.org", language="en")
    deliver_queued_mail().clear()
    return Participant.objects.get()


def ask_for_the_link(client, email="camille@example.org") -> str:
    response = client.post("/en/saint-etienne-2018/lost-link/", {"email": email}, follow=True)
    return Page(response).text(".messages")


def test_lost_link_asked_eight_times_sends_up_to_the_hourly_limit_and_answers_the_same(
    client, registered
):
    answers = {ask_for_the_link(client) for _ in range(8)}

    sent = deliver_queued_mail()

    assert len(answers) == 1
    # Five in the hour: the confirmation of the registration, then four links.
    assert [message.to for message in sent] == [["camille@example.org"]] * 4


def test_registering_again_and_lost_link_share_the_mailbox_limit(client, registered):
    session = registered.registrations.get().session
    for _ in range(3):
        services.send_manage_link(visit=session.day.visit, email="camille@example.org")
    for _ in range(4):
        with pytest.raises(services.EmailAlreadyRegistered):
            sign_up(session, email="Camille@Example.org")
        services.send_manage_link(
            visit=session.day.visit, email="Camille@Example.org", tried_again=True
        )

    assert len(deliver_queued_mail()) == 4  # and the confirmation: five in the hour


def test_promotions_are_not_limited(registered, settings):
    settings.MAILS_PER_MAILBOX = "0/h"
    session = registered.registrations.get().session
    sign_up(session, email="waiting@example.org")
    deliver_queued_mail()

    services.cancel_registration(registration=registered.registrations.get())

    assert [message.to for message in deliver_queued_mail()] == [["waiting@example.org"]]


class SilentMailServer:
    """Accepts connections on loopback and never says a word, like a mail server that hangs."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.listener.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def hanging_mail_server(settings):
    server = SilentMailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 1
    yield server
    server.close()


def test_hanging_mail_server_is_never_contacted_during_the_request(
    client, registered, hanging_mail_server
):
    answer = ask_for_the_link(client)
    contacted_during_request = len(hanging_mail_server.connections)

    deliver_queued_mail()

    assert answer.startswith("If camille@example.org is registered for this study visit")
    assert (contacted_during_request, len(hanging_mail_server.connections)) == (0, 1)
    assert mail.outbox == []
