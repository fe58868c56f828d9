"""The organisers' words, read in French as an organiser reads them: each says one thing
(the check-in is not the home page, promoting is not confirming a membership, undoing a
presence is not cancelling), lists are titled plainly, filters read as French."""

import pytest
from django.urls import reverse
from django.utils import translation

from registrations.admin.forms import OrganiserRegistrationForm
from registrations.models import Registration
from tests.factories import DayFactory, sign_up, signup_session
from tests.html import Page

pytestmark = pytest.mark.django_db


def fr_url(name, *args) -> str:
    with translation.override("fr"):
        return reverse(f"admin:{name}", args=args)


@pytest.fixture
def full():
    session = signup_session(day=DayFactory(), capacity=1, title_fr="Visite")
    for name in ("holder", "first"):
        sign_up(session, email=f"{name}@example.org", first_name=name.capitalize())
    holder = Registration.objects.get(participant__email="holder@example.org")
    Registration.objects.filter(pk=holder.pk).update(attended=True)
    return session


def test_checkin_page_is_not_called_home_in_french(client, organiser, full):
    page = Page(client.get(fr_url("registrations_checkin", full.pk)))

    assert page.text(".breadcrumbs") == "Accueil › lun 19 fév — Visite › Pointage"
    assert page.texts(".checkin__undo") == ["Défaire — Holder Martin"]


def test_waiting_row_says_promote_not_confirm_in_french(client, organiser, full):
    first = Registration.objects.get(participant__email="first@example.org")
    page = Page(client.get(fr_url("registrations_participant_change", first.participant_id)))

    buttons = page.texts(".row-actions button")
    assert ("Promouvoir" in buttons, "Confirmer" in buttons) == (True, False)


def test_lists_are_titled_plainly_in_french(client, organiser, full):
    page = Page(client.get(fr_url("registrations_participant_changelist")))

    assert page.h1 == "Choisir un élément à modifier (participant)"


def test_dashboard_counts_confirmed_people_in_french(client, organiser, full):
    page = Page(client.get(fr_url("registrations_dashboard")))

    assert "Confirmés" in page.texts("thead th")


def test_hand_signup_asks_for_their_dietary_details():
    with translation.override("fr"):
        message = str(OrganiserRegistrationForm.dietary_details_missing)

    assert message == "Merci de préciser son régime alimentaire."


def test_messages_list_filters_by_recipients_in_french(client, organiser):
    page = Page(client.get(fr_url("registrations_mailing_changelist")))

    assert "Par destinataires" in page.texts("#changelist-filter details summary")
