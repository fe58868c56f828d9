"""While organisers hide a visit (unpublished), its public pages hide too, but each participant's
private link keeps working: they can still see their registration, cancel and erase."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from registrations.models import Participant, Registration
from tests.factories import DayFactory, VenueFactory, sign_up, signup_session
from tests.html import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():
    day = DayFactory(visit__slug="hidden-visit")
    breakfast = signup_session(
        day=day,
        slug="breakfast",
        title_en="Breakfast",
        start_time=datetime.time(9, 0),
        venue=VenueFactory(name="La Cantine"),
    )
    signup_session(day=day, slug="lunch", title_en="Lunch")
    sign_up(breakfast)
    visit = day.visit
    visit.is_published = False
    visit.save()
    return Participant.objects.get()


def private_url(participant, name: str) -> str:
    with translation.override("en"):
        return reverse(
            f"registrations:{name}",
            kwargs={"visit": participant.visit.slug, "token": participant.manage_token},
        )


def test_private_page_of_an_unpublished_visit_shows_the_registration(client, registered):
    page = Page.get(client, private_url(registered, "manage"))

    assert page.texts(".registrations-table tbody td:nth-child(2)") == ["Breakfast"]
    assert page.texts(".registrations-table tbody td:nth-child(3)") == ["La Cantine"]
    # Nothing to add while the visit is hidden: only the session they hold is offered.
    assert page.texts(".session-choice__title") == ["Breakfast"]
    # The programme's pages are hidden: the private page links to none of them.
    assert page.links(".site-nav a") == []
    assert [link for link in page.links("main a") if "/hidden-visit/" in link] == [
        private_url(registered, "agenda")
    ]


def test_cancel_all_of_an_unpublished_visit_cancels(client, registered):
    page = Page(
        client.post(private_url(registered, "cancel_all"), {"cancel-confirm": "on"}, follow=True)
    )

    assert page.texts(".messages .alert") == [
        "All your sessions are cancelled. Thank you for letting us know."
    ]
    assert Registration.objects.live().count() == 0


def test_erase_of_an_unpublished_visit_erases_and_lands_on_a_page(client, registered):
    response = client.post(private_url(registered, "erase"), {"erase-confirm": "on"}, follow=True)

    assert response.status_code == 200
    assert Page(response).texts(".messages .alert") == [
        "Your personal data has been erased, and your sessions cancelled."
    ]
    registered.refresh_from_db()
    assert (registered.email, registered.erased_at is not None) == ("", True)


def test_agenda_of_an_unpublished_visit_downloads(client, registered):
    response = client.get(private_url(registered, "agenda"))

    assert (response.status_code, response["Content-Type"]) == (
        200,
        "text/calendar; charset=utf-8",
    )


def test_public_pages_of_an_unpublished_visit_stay_hidden(client, registered):
    with translation.override("en"):
        urls = [
            reverse("programme:visit", kwargs={"visit": "hidden-visit"}),
            reverse("registrations:register", kwargs={"visit": "hidden-visit"}),
        ]

    assert [client.get(url).status_code for url in urls] == [404, 404]
