import datetime
import logging
import smtplib

import icalendar
import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import translation

from registrations import services
from registrations.domain.checkin_code import qr_png
from registrations.models import OutgoingEmail, Participant, Registration
from tests.factories import (
    DayFactory,
    VenueFactory,
    sign_up,
    signup_session,
)
from tests.mail_queue import deliver_queued_mail

pytestmark = pytest.mark.django_db


class UnreachableMailServer(BaseEmailBackend):
    """An outgoing mail server that is down: every send fails, as smtplib would."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def sessions():
    day = DayFactory(visit__slug="saint-etienne-2018", visit__title_en="Weave your SSE web!")
    talk = signup_session(
        day=day,
        title_fr="Panorama de l'ESS",
        title_en="Overview of the SSE",
        venue=VenueFactory(name="Maison de l'Emploi"),
        start_time=datetime.time(9, 0),
        capacity=1,
    )
    lunch = signup_session(
        day=day, title_fr="Repas", title_en="Lunch", kind="meal", part_of_day="midday"
    )
    return talk, lunch


def test_confirmation_email_in_english_lists_sessions_statuses_and_link(sessions):
    talk, lunch = sessions
    sign_up(talk, email="first@example.org", language="en")

    sign_up([talk, lunch], language="en")
    deliver_queued_mail()

    message = mail.outbox[-1]
    participant = Participant.objects.get(email="camille@example.org")
    assert (message.subject, message.to) == (
        "Your registration — KISS study visit, Saint-Etienne",
        ["camille@example.org"],
    )
    assert message.body.splitlines()[2:14] == [
        (
            'Thank you for registering for the study visit "Weave your SSE web!". '
            "Here is where you stand:"
        ),
        "",
        "- Monday 19 February 2018, 9 a.m.",
        "  Overview of the SSE",
        "  Venue: Maison de l'Emploi",
        "  On the waiting list (position 1)",
        "",
        "- Monday 19 February 2018, midday (time to be confirmed)",
        "  Lunch",
        "  Venue: to be confirmed",
        "  Confirmed",
        "",
    ]
    with translation.override("en"):  # the link in the participant's language
        assert f"http://127.0.0.1:8000{participant.manage_path()}" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_confirmation_email_in_french_for_a_french_registration(sessions):
    sign_up(sessions[0], language="fr")
    deliver_queued_mail()

    message = mail.outbox[0]
    assert message.subject == "Votre inscription — visite d'étude KISS, Saint-Etienne"
    assert message.body.splitlines()[0] == "Bonjour Camille,"
    assert "- Lundi 19 février 2018, 09:00" in message.body.splitlines()


def test_confirmation_email_attaches_agenda_of_every_confirmed_session(sessions):
    sign_up(list(sessions), language="en")
    deliver_queued_mail()

    filename, content, mimetype = mail.outbox[0].attachments[0]
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert (filename, mimetype, [str(e["SUMMARY"]) for e in events]) == (
        "agenda.ics",
        "text/calendar",
        ["Overview of the SSE", "Lunch (midday, time to be confirmed)"],
    )


def test_confirmation_email_agenda_is_in_the_participants_language(sessions):
    sign_up(list(sessions), language="el")
    deliver_queued_mail()

    _filename, content, _mimetype = mail.outbox[0].attachments[0]
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert [(str(e["SUMMARY"]), e["SUMMARY"].params.get("LANGUAGE")) for e in events] == [
        ("Overview of the SSE", "en"),
        ("Lunch (μεσημέρι, η ώρα θα επιβεβαιωθεί)", "en"),
    ]


def test_promotion_email_tells_the_person_who_gets_the_place(sessions):
    talk, _lunch = sessions
    sign_up(talk, email="holder@example.org", language="en")
    sign_up(talk, email="waiting@example.org", language="fr")
    deliver_queued_mail()
    mail.outbox.clear()

    services.cancel_registration(
        registration=Registration.objects.get(participant__email="holder@example.org")
    )
    deliver_queued_mail()

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["waiting@example.org"], "Une place est à vous : Panorama de l'ESS")
    ]


def test_promotion_email_attaches_agenda_and_checkin_code(sessions):
    talk, lunch = sessions
    sign_up(talk, email="holder@example.org", language="en")
    waiting = sign_up([talk, lunch], email="waiting@example.org", language="en").participant
    deliver_queued_mail()
    mail.outbox.clear()

    services.cancel_registration(
        registration=Registration.objects.get(participant__email="holder@example.org")
    )
    deliver_queued_mail()

    [message] = mail.outbox
    (filename, content, mimetype), code = message.attachments
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert (filename, mimetype, [str(e["SUMMARY"]) for e in events]) == (
        "agenda.ics",
        "text/calendar",
        ["Overview of the SSE", "Lunch (midday, time to be confirmed)"],
    )
    assert (code.get_filename(), code.get_content_type(), code.get_payload(decode=True)) == (
        "check-in-code.png",
        "image/png",
        qr_png(waiting),
    )
    html = message.alternatives[0].content
    assert 'src="cid:checkin-code@kiss"' in html
    assert "Your check-in code is attached too (check-in-code.png)" in message.body


def test_cancellation_email_confirms_everything_is_cancelled(sessions):
    sign_up(list(sessions), language="en")
    participant = Participant.objects.get()
    deliver_queued_mail().clear()

    services.cancel_all_registrations(participant=participant)
    deliver_queued_mail()

    assert [m.subject for m in mail.outbox] == [
        "Your registration is cancelled — KISS study visit, Saint-Etienne"
    ]


def test_email_failure_keeps_the_registration_and_is_logged(sessions, settings, caplog):
    settings.EMAIL_BACKEND = "tests.registrations.emails.test_sending.UnreachableMailServer"

    outcome = sign_up(list(sessions), language="en")
    with caplog.at_level(logging.ERROR, logger="registrations"):
        deliver_queued_mail()

    participant = Participant.objects.get()
    email = OutgoingEmail.objects.get()
    assert (len(outcome.confirmed), mail.outbox) == (2, [])
    # A lost connection is temporary: queued again, for later.
    assert (email.state, email.attempts, email.last_error) == (
        "queued",
        1,
        "SMTPServerDisconnected: Connection unexpectedly closed",
    )
    assert [
        r.getMessage() for r in caplog.records if r.name == "registrations.emails.delivery"
    ] == [
        f"Could not send the confirmation e-mail to participant {participant.pk}: "
        "SMTPServerDisconnected: Connection unexpectedly closed"
    ]


def test_no_email_leaves_when_the_transaction_fails(sessions):
    talk, _lunch = sessions
    sign_up(talk, email="holder@example.org", language="en")
    deliver_queued_mail().clear()

    with pytest.raises(services.SessionsFull):
        sign_up(talk, join=False, language="en")
    deliver_queued_mail()

    assert mail.outbox == []
