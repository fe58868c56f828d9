"""The public entry of a delegation invitation (/<lang>/<visit>/invitation/<key>/): the form
without the claim, a member at once; and what a claim on the public form is told."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from registrations.models import DelegationInvitation, Participant, Registration
from tests.factories import DayFactory, fill, signup_session
from tests.html import Page
from tests.mail_queue import deliver_queued_mail
from tests.registrations.public.test_views import form_data, post_registration, url_in

pytestmark = pytest.mark.django_db

MEMBER = (
    "You registered through an invitation of the organisers: you are a member of the partner "
    "delegation, and your places are among those kept for the partners."
)
CLAIM = (
    "You said you are one of the nine European SSE actors from Greece, Italy and Spain. The "
    "organisers will confirm it; until then you hold places like everyone, or wait in line where "
    "there is none. Once they confirm it, your places move to those kept for the partners, and "
    "where you are waiting you take a kept place if one is free."
)


@pytest.fixture
def visit_tour():
    """A visit with a tour of 10 places, 9 kept for the partners, its local place taken."""
    day = DayFactory(visit__slug="saint-etienne-2018")
    tour = signup_session(
        day=day, slug="tour", title_en="Tour", capacity=10, reserved_places=9,
        start_time=datetime.time(9, 0),
    )  # fmt: skip
    fill(tour, 1)
    deliver_queued_mail()
    mail.outbox.clear()
    return tour


@pytest.fixture
def invitation(visit_tour):
    return DelegationInvitation.objects.create(
        visit=visit_tour.day.visit,
        label="Partner",
        uses_allowed=3,
        ends_at=timezone.now() + datetime.timedelta(days=3),
    )


def invitation_url(language, token):
    return url_in(language, "invitation", visit="saint-etienne-2018", token=token)


def test_invitation_page_shows_the_form_without_the_claim(client, invitation):
    page = Page.get(client, invitation_url("en", invitation.token))

    assert page.text(".invitation-notice") == (
        "The organisers invited you as a member of the partner delegation: registering here, "
        "you take the places kept for the partners in the activities you choose."
    )
    assert page.soup.select("[name=delegation_claimed]") == []
    assert page.soup.select_one("form.registration-form")["action"] == invitation_url(
        "en", invitation.token
    )


def test_register_through_invitation_gets_a_kept_place_and_says_so(client, invitation, visit_tour):
    response = client.post(
        invitation_url("en", invitation.token), form_data(visit_tour), follow=True
    )
    deliver_queued_mail()

    page = Page(response)
    person = Participant.objects.get(email="camille@example.org")
    assert page.text(".delegation-notice") == MEMBER
    assert page.texts(".received-sessions li") == ["Monday 19 February, 9 a.m. Tour Confirmed"]
    assert (person.is_delegation, Registration.objects.get(participant=person).place) == (
        True,
        "delegation",
    )
    assert MEMBER in " ".join(mail.outbox[0].body.split())


def test_register_with_a_claim_is_told_the_organisers_will_confirm_it(client, visit_tour):
    response = post_registration(client, "en", visit_tour, delegation_claimed="on")
    deliver_queued_mail()

    page = Page(response)
    assert page.text(".delegation-notice") == CLAIM
    assert page.texts(".received-sessions li") == [
        "Monday 19 February, 9 a.m. Tour Waiting list, position 1"
    ]
    assert CLAIM in " ".join(mail.outbox[0].body.split())


def test_register_without_a_claim_is_told_nothing_of_the_delegation(client, visit_tour):
    page = Page(post_registration(client, "en", visit_tour))

    assert page.soup.select(".delegation-notice") == []


@pytest.mark.parametrize("state", ["unknown", "revoked", "used_up"])
def test_invitation_page_of_an_unusable_key_says_so_in_the_reader_language(
    client, invitation, state
):
    token = "not-a-key" if state == "unknown" else invitation.token
    if state == "revoked":
        DelegationInvitation.objects.update(revoked_at=timezone.now())
    if state == "used_up":
        DelegationInvitation.objects.update(uses_count=3)

    page = Page.get(client, invitation_url("fr", token), status=404)

    assert (page.lang, page.h1) == ("fr", "Invitation de la délégation")


def test_invitation_used_up_after_the_form_was_shown_refuses_the_post(
    client, invitation, visit_tour
):
    page = Page.get(client, invitation_url("en", invitation.token))
    DelegationInvitation.objects.update(uses_count=3)

    response = client.post(invitation_url("en", invitation.token), form_data(visit_tour))

    assert response.status_code == 404  # the page saying the key no longer opens anything
    assert page.soup.select("form.registration-form") != []
    assert Participant.objects.filter(email="camille@example.org").exists() is False


@pytest.mark.parametrize("sessions", [1, 12])
def test_invitation_page_runs_a_fixed_number_of_queries(
    client, invitation, visit_tour, sessions, django_assert_num_queries
):
    for n in range(sessions - 1):
        signup_session(day=visit_tour.day, slug=f"more-{n}", title_en=f"More {n}")
    url = invitation_url("en", invitation.token)

    with django_assert_num_queries(QUERIES):
        client.get(url)


# The programme version, the visit, the invitation, the sessions on offer.
QUERIES = 4
