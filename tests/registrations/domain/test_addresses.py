"""One mailbox, one participant per visit, however the address is spelt, on both databases."""

import pytest

from registrations import services
from registrations.domain.addresses import email_key
from registrations.models import Participant
from tests.factories import sign_up, signup_session
from tests.mail_queue import deliver_queued_mail

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("a@example.org", "a@example.org"),
        ("A@Example.ORG", "a@example.org"),
        ("a@exa\u200bmple.org", "a@example.org"),  # zero-width space
        ("a@exa\u00admple.org", "a@example.org"),  # soft hyphen
        ("a@example.org.", "a@example.org"),  # the root's dot
        ("\uff41@example.org", "a@example.org"),  # full-width a
        ("x@exämple.com", "x@xn--exmple-cua.com"),
        ("x@EXÄMPLE.com", "x@xn--exmple-cua.com"),
        ("x@exa\u0308mple.com", "x@xn--exmple-cua.com"),  # ä as a + combining diaeresis
    ],
)
def test_email_key_is_the_same_for_every_spelling_of_a_mailbox(typed, key):
    assert email_key(typed) == key


@pytest.mark.parametrize(
    "again",
    ["a@exa\u200bmple.org", "a@exa\u00adMPLE.org", " A@EXAMPLE.ORG "],
)
def test_register_same_mailbox_spelt_otherwise_is_refused_as_already_registered(again):
    session = signup_session(capacity=10)
    sign_up(session, email="a@example.org")

    with pytest.raises(services.EmailAlreadyRegistered):
        sign_up(session, email=again)

    assert (Participant.objects.count(), session.registrations.count()) == (1, 1)


def test_register_through_the_form_with_an_accented_domain_in_capitals_makes_one_participant(
    client,
):
    session = signup_session(capacity=10, day__visit__slug="saint-etienne-2018")
    form = {
        "first_name": "Zoé",
        "last_name": "Martin",
        "country": "FR",
        "sessions": [session.pk],
        "join_waiting_list": "on",
        "consent": "on",
    }

    first = client.post("/fr/saint-etienne-2018/register/", {**form, "email": "x@exämple.com"})
    again = client.post("/fr/saint-etienne-2018/register/", {**form, "email": "x@EXÄMPLE.com"})
    sent = deliver_queued_mail()

    assert (first.status_code, again.status_code) == (302, 302)
    assert list(Participant.objects.values_list("email", flat=True)) == ["x@exämple.com"]
    assert [(message.to, message.subject.split(" — ")[0]) for message in sent] == [
        (["x@exämple.com"], "Votre inscription"),
        (["x@exämple.com"], "Votre lien privé"),
    ]
