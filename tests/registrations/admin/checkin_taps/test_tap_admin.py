"""Organisers audit the check-in taps in the admin: a read-only list, filtered by session and by
whether a tap was applied, with a fixed number of queries."""

import datetime
import uuid

import pytest

from registrations.models import CheckinTap, Registration
from tests.factories import DayFactory, sign_up, signup_session
from tests.html import Page
from tests.registrations.admin.test_mailings import admin_url

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2018, 2, 21, 11, 0, tzinfo=datetime.UTC)


@pytest.fixture
def sessions():
    day = DayFactory()
    visit = signup_session(day=day, capacity=9, title_en="Visit to O Pluriel", order=1)
    dinner = signup_session(day=day, capacity=9, title_en="Dinner", order=2)
    sign_up([visit, dinner], first_name="Ignacio", last_name="Núñez", email="ignacio@example.org")
    return visit, dinner


def tap(session, *, applied=True, minutes=0, email="ignacio@example.org") -> CheckinTap:
    registration = Registration.objects.get(session=session, participant__email=email)
    return CheckinTap.objects.create(
        tap=uuid.uuid4(),
        registration=registration,
        present=True,
        tapped_at=NOON + datetime.timedelta(minutes=minutes),
        applied=applied,
    )


def listed(client, **filters) -> list[str]:
    page = Page.get(client, admin_url("registrations_checkintap_changelist"), data=filters)
    return page.texts("#result_list tbody .field-session")


def test_taps_are_filtered_by_session_and_by_applied(client, organiser, sessions):
    visit, dinner = sessions
    tap(visit, minutes=1)
    tap(visit, applied=False, minutes=0)
    tap(dinner, minutes=2)

    page = Page.get(client, admin_url("registrations_checkintap_changelist"))

    assert page.texts("#changelist-filter details summary")[:2] == ["By session", "By applied"]
    assert page.texts("#result_list tbody .field-participant") == ["Ignacio Núñez"] * 3
    assert listed(client, session=visit.pk) == [str(visit), str(visit)]
    assert listed(client, session=visit.pk, applied__exact=0) == [str(visit)]
    assert listed(client, session=dinner.pk, applied__exact=1) == [str(dinner)]
    assert listed(client, session="x") == []


def test_taps_are_read_only_for_organisers(client, organiser, sessions):
    made = tap(sessions[0])

    page = Page.get(client, admin_url("registrations_checkintap_change", made.pk))
    posted = client.post(admin_url("registrations_checkintap_change", made.pk), {"present": ""})
    added = client.get(admin_url("registrations_checkintap_add"))
    deleted = client.post(admin_url("registrations_checkintap_delete", made.pk), {"post": "yes"})

    assert page.text(".field-tap .readonly") == str(made.tap)
    assert page.soup.select("input[name=present], input[name=_save]") == []
    assert (posted.status_code, added.status_code, deleted.status_code) == (403, 403, 403)
    assert CheckinTap.objects.get().present is True


def test_taps_list_refused_to_staff_who_are_not_organisers(client, other_staff, sessions):
    tap(sessions[0])

    response = client.get(admin_url("registrations_checkintap_changelist"))

    assert response.status_code == 403


@pytest.mark.parametrize("people", [2, 12])
def test_taps_list_runs_a_fixed_number_of_queries(
    client, organiser, sessions, people, django_assert_num_queries
):
    visit, dinner = sessions
    for n in range(people):
        sign_up([visit, dinner], first_name=f"P{n}", email=f"p{n}@example.org")
        tap(visit, email=f"p{n}@example.org", minutes=n)
        tap(dinner, email=f"p{n}@example.org", minutes=n)
    url = admin_url("registrations_checkintap_changelist")
    client.get(url)  # the admin's per-process caches

    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200


QUERIES = 8


def test_admin_home_links_the_taps_for_organisers(client, organiser):
    page = Page.get(client, admin_url("index"))

    assert page.link_named("Check-in taps") == admin_url("registrations_checkintap_changelist")
