"""The outbox, in the test's process: one row per person per e-mail, queued with the change;
a refusal fails that one e-mail with its reason (the address masked), a temporary one is tried
again later; organisers see each person's e-mails and a message's delivery, and send again to
the failed. Sent through a real SMTP server on loopback."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from registrations import services
from registrations.models import OutgoingEmail, Participant
from tests.factories import DayFactory, sign_up, signup_session
from tests.html import Page
from tests.mail_queue import deliver_queued_mail
from tests.registrations.emails.mail_server import MailServer
from tests.registrations.emails.outbox_data import mailing_to

pytestmark = pytest.mark.django_db

REFUSED = "nobody-here@example.org"


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


@pytest.fixture
def lunch():
    day = DayFactory(visit__slug="saint-etienne-2018")
    return signup_session(day=day, capacity=None, kind="meal", title_en="Lunch")


def people(session, count: int, *, refused_at: int | None = None) -> list[str]:
    """`count` people with a place, in address order; one may have an address that the mail
    server refuses."""
    addresses = [f"person{n:02}@example.org" for n in range(count)]
    if refused_at is not None:
        addresses[refused_at] = REFUSED
    for address in addresses:
        sign_up(session, email=address, first_name="Camille", language="en")
    return addresses


def send_through(server: MailServer, settings) -> None:
    for name, value in server.settings().items():
        setattr(settings, name, value)


def states(**filters) -> dict[str, int]:
    return {s: n for s, n in OutgoingEmail.objects.filter(**filters).counts().items() if n}


def test_each_email_is_one_row_per_person_queued_with_the_change(lunch):
    people(lunch, 3)

    mailing_to(lunch)

    assert states(kind="confirmation") == {"queued": 3}
    assert states(kind="mailing") == {"queued": 3}
    # Ids and a kind: no address, no body.
    assert OutgoingEmail.objects.filter(kind="mailing").first().subject == ""


def test_refused_address_fails_only_its_own_email_with_the_reason_masked(lunch, settings):
    addresses = people(lunch, 25, refused_at=9)
    with MailServer(refuse=[REFUSED]) as server:
        send_through(server, settings)
        deliver_queued_mail()
        server.messages.clear()
        mailing = mailing_to(lunch)

        deliver_queued_mail()

    assert sorted(server.recipients) == sorted(set(addresses) - {REFUSED})
    assert states(mailing=mailing) == {"sent": 24, "failed": 1}
    failed = OutgoingEmail.objects.get(mailing=mailing, state="failed")
    assert (failed.participant.email, failed.attempts, failed.last_error) == (
        REFUSED,
        1,
        "SMTPRecipientsRefused: {'[address]': (550, b'5.1.1 <[address]>: "
        "Recipient address rejected: User unknown')}",
    )


def test_temporary_refusal_is_tried_again_later_then_sent(lunch, settings, time_machine):
    time_machine.move_to("2026-12-01 10:00Z", tick=False)
    settings.EMAIL_RETRY_SECONDS = 60
    [address] = people(lunch, 1)
    with MailServer(refuse_once=[address]) as server:
        send_through(server, settings)

        deliver_queued_mail()
        first = OutgoingEmail.objects.get()
        time_machine.move_to("2026-12-01 10:00:59Z", tick=False)
        deliver_queued_mail()
        too_early = server.recipients[:]
        time_machine.move_to("2026-12-01 10:01:00Z", tick=False)
        deliver_queued_mail()

    sent = OutgoingEmail.objects.get()
    assert (first.state, first.attempts, first.next_attempt_at, too_early) == (
        "queued",
        1,
        datetime.datetime(2026, 12, 1, 10, 1, tzinfo=datetime.UTC),
        [],
    )
    assert "451" in first.last_error
    assert server.recipients == [address]
    assert (sent.state, sent.attempts, sent.last_error) == ("sent", 2, "")


def test_temporary_refusals_wait_twice_as_long_each_time_then_fail(lunch, settings, time_machine):
    time_machine.move_to("2026-12-01 10:00Z", tick=False)
    settings.EMAIL_RETRY_SECONDS, settings.EMAIL_MAX_ATTEMPTS = 60, 3
    [address] = people(lunch, 1)
    waits = []
    with MailServer() as server:
        send_through(server, settings)
        for _attempt in range(3):
            server.refuse_once.add(address)
            deliver_queued_mail()
            email = OutgoingEmail.objects.get()
            if email.state == "queued":
                waits.append((email.next_attempt_at - timezone.now()).total_seconds())
                time_machine.move_to(email.next_attempt_at, tick=False)

    assert (waits, email.state, email.attempts) == ([60, 120], "failed", 3)


def test_participant_page_lists_the_emails_sent_to_them(client, organiser, lunch, settings):
    people(lunch, 2, refused_at=1)
    with MailServer(refuse=[REFUSED]) as server:
        send_through(server, settings)
        deliver_queued_mail()
        mailing_to(lunch)
    camille = Participant.objects.get(email=REFUSED)

    page = Page.get(client, admin_url("registrations_participant_change", camille.pk))

    rows = [row.select("th, td") for row in page.soup.select(".emails tbody tr")]
    assert [[cell.get_text(" ", strip=True) for cell in row[:2] + row[3:]] for row in rows] == [
        ["Message to attendees", "—", "Queued", ""],
        [
            "Confirmation",
            "Your registration — KISS study visit, Saint-Etienne",
            "Failed",
            "SMTPRecipientsRefused: {'[address]': (550, b'5.1.1 <[address]>: "
            "Recipient address rejected: User unknown')}",
        ],
    ]
    assert REFUSED not in page.text(".emails")


def test_message_page_counts_and_sends_again_to_the_failed_once(client, organiser, lunch, settings):
    people(lunch, 4, refused_at=2)
    with MailServer(refuse=[REFUSED]) as server:
        send_through(server, settings)
        deliver_queued_mail()
        mailing = mailing_to(lunch)
        deliver_queued_mail()
        preview = admin_url("registrations_mailing_preview", mailing.pk)
        resend = admin_url("registrations_mailing_resend_failed", mailing.pk)
        # From the list of messages, a message's page is its preview.
        before = Page.get(
            client, admin_url("registrations_mailing_change", mailing.pk), follow=True
        )
        server.refuse.clear()  # the person's mailbox works again

        first = Page(client.post(resend, follow=True))
        second = Page(client.post(resend, follow=True))
        deliver_queued_mail()

    assert before.texts(".mailing__delivery tr") == ["Queued 0", "Sent 3", "Failed 1"]
    assert before.texts(".mailing__delivery button") == ["Send again to the failed"]
    assert first.texts(".messagelist li") == ["Queued again for 1 person."]
    assert second.texts(".messagelist li") == ["No failed e-mail to send again."]
    assert server.recipients.count(REFUSED) == 1
    after = Page.get(client, preview)
    assert after.texts(".mailing__delivery tr") == ["Queued 0", "Sent 4", "Failed 0"]
    assert after.texts(".mailing__delivery button") == []


def test_send_again_to_the_failed_is_for_organisers_only(client, other_staff, lunch):
    people(lunch, 2)
    mailing = mailing_to(lunch)
    OutgoingEmail.objects.filter(mailing=mailing).update(state="failed")

    response = client.post(admin_url("registrations_mailing_resend_failed", mailing.pk))

    assert response.status_code == 403
    assert states(mailing=mailing) == {"failed": 2}


def test_erased_participant_leaves_no_trace_in_the_outbox(lunch, settings):
    [address] = people(lunch, 1)
    with MailServer(refuse=[address]) as server:
        send_through(server, settings)
        deliver_queued_mail()
        mailing_to(lunch)
    camille = Participant.objects.get()

    services.erase_participant(participant=camille)

    assert list(OutgoingEmail.objects.values_list("kind", "state", "last_error")) == [
        ("mailing", "skipped", ""),
        ("confirmation", "failed", ""),
    ]
