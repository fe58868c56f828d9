"""Organisers make delegation invitations in the admin, hand on the link, see who used it, and
revoke it."""

import datetime

import pytest
from django.utils import timezone

from registrations.models import DelegationInvitation
from tests.factories import DayFactory, participant_details
from tests.html import Page
from tests.registrations.admin.test_mailings import admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit():
    return DayFactory(visit__slug="saint-etienne-2018").visit


def invitation_of(visit, **fields) -> DelegationInvitation:
    values = {"label": "Cooperativa Sociale", "uses_allowed": 9}
    values["ends_at"] = timezone.now() + datetime.timedelta(days=7)
    return DelegationInvitation.objects.create(visit=visit, **{**values, **fields})


def test_organiser_makes_an_invitation_and_reads_its_links(client, organiser, visit):
    response = client.post(
        admin_url("registrations_delegationinvitation_add"),
        {
            "visit": visit.pk,
            "label": "Κοινωνική Συνεταιριστική Επιχείρηση",
            "uses_allowed": "3",
            "ends_at_0": "2030-02-10",
            "ends_at_1": "18:00:00",
        },
    )

    invitation = DelegationInvitation.objects.get()
    assert response.status_code == 302
    assert (invitation.uses_allowed, invitation.uses_count, invitation.created_by) == (
        3,
        0,
        organiser,
    )
    page = Page.get(client, admin_url("registrations_delegationinvitation_change", invitation.pk))
    token = invitation.token
    assert page.texts(".field-links p") == [
        f"{language}: http://127.0.0.1:8000/{code}/saint-etienne-2018/invitation/{token}/"
        for code, language in [
            ("fr", "French"), ("en", "English"), ("es", "Spanish"), ("it", "Italian"),
            ("el", "Greek"),
        ]
    ]  # fmt: skip
    assert page.text(".field-members .readonly") == "Nobody yet."


def test_invitation_page_lists_who_registered_through_it(client, organiser, visit):
    from registrations import services

    invitation = invitation_of(visit)
    services.register_participant(
        visit=visit,
        details=participant_details(first_name="Eleni", last_name="Papadaki"),
        session_ids=[],
        join_waiting_list=True,
        language="el",
        invitation_token=invitation.token,
    )

    page = Page.get(client, admin_url("registrations_delegationinvitation_change", invitation.pk))

    assert page.texts(".field-members li") == ["Eleni Papadaki"]
    assert page.text(".field-uses .readonly") == "1 / 9"


def test_uses_allowed_below_the_uses_made_is_refused(client, organiser, visit):
    invitation = invitation_of(visit, uses_allowed=3, uses_count=2)

    response = client.post(
        admin_url("registrations_delegationinvitation_change", invitation.pk),
        {
            "label": "Partner",
            "uses_allowed": "1",
            "ends_at_0": "2030-02-10",
            "ends_at_1": "18:00:00",
        },
    )

    assert Page(response).text(".field-uses_allowed .errorlist") == (
        "At least 2: it has been used 2 times."
    )
    invitation.refresh_from_db()
    assert invitation.uses_allowed == 3


def test_revoke_button_revokes_once(client, organiser, visit):
    invitation = invitation_of(visit)
    url = admin_url("registrations_delegationinvitation_revoke", invitation.pk)

    first = Page(client.post(url, follow=True))
    second = Page(client.post(url, follow=True))

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert (first.text(".messagelist"), second.text(".messagelist")) == (
        "1 invitation revoked.",
        "Nothing to revoke.",
    )
    assert first.text(".field-state_shown .readonly") == "Revoked"
    assert first.soup.select("#revoke-invitation") == []


def test_revoke_action_on_the_list(client, organiser, visit):
    invitation_of(visit, label="A")
    revoked = invitation_of(visit, label="B")

    client.post(
        admin_url("registrations_delegationinvitation_changelist"),
        {"action": "revoke", "_selected_action": [revoked.pk]},
    )

    states = dict(DelegationInvitation.objects.values_list("label", "revoked_at"))
    assert (states["A"] is None, states["B"] is not None) == (True, True)


def test_revoke_page_refuses_a_get(client, organiser, visit):
    invitation = invitation_of(visit)

    response = client.get(admin_url("registrations_delegationinvitation_revoke", invitation.pk))

    assert response.status_code == 405


@pytest.mark.parametrize("size", [2, 12])
def test_invitation_list_runs_a_fixed_number_of_queries(
    client, organiser, visit, size, django_assert_num_queries
):
    for n in range(size):
        invitation_of(visit, label=f"Partner {n}")
    url = admin_url("registrations_delegationinvitation_changelist")
    client.get(url)  # the admin's per-process caches

    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200


QUERIES = 8


def test_participant_page_links_to_the_invitation_they_came_through(client, organiser, visit):
    from registrations import services

    invitation = invitation_of(visit, label="Cooperativa Sociale")
    eleni = services.register_participant(
        visit=visit,
        details=participant_details(first_name="Eleni", last_name="Papadaki"),
        session_ids=[],
        join_waiting_list=True,
        language="el",
        invitation_token=invitation.token,
    )

    page = Page.get(client, admin_url("registrations_participant_change", eleni.participant.pk))

    assert page.text(".field-invitation label") == "Delegation invitation:"
    assert page.links(".field-invitation .readonly a") == [
        admin_url("registrations_delegationinvitation_change", invitation.pk)
    ]
    assert page.text(".field-invitation .readonly") == "Cooperativa Sociale"
    assert page.soup.select("input[name=invitation], select[name=invitation]") == []


def test_participant_page_without_an_invitation_shows_a_dash(client, organiser, visit):
    from tests.factories import ParticipantFactory

    person = ParticipantFactory(visit=visit)

    page = Page.get(client, admin_url("registrations_participant_change", person.pk))

    assert page.text(".field-invitation .readonly") == "-"
