"""The visit and its sign-up sessions kept between requests (programme/kept.py): their texts
never older than the programme, their places always as committed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programme import kept
from programme.models import Session
from programme.page_cache import current_versions
from tests.factories import DayFactory, VenueFactory, sign_up, signup_session
from tests.html import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions():
    day = DayFactory()
    return [signup_session(day=day, venue=VenueFactory(name=f"Lieu {n}")) for n in range(3)]


def form_rows(client, visit) -> list[tuple[str, str, str]]:
    """(title, venue, places) of each session the form offers."""
    page = Page.get(client, f"/en/{visit.slug}/register/")
    return list(
        zip(
            page.texts(".session-choice__title"),
            page.texts(".session-choice__venue"),
            page.texts(".session-choice__places"),
            strict=True,
        )
    )


def test_kept_form_shows_places_of_each_sign_up(client, sessions):
    visit = sessions[0].day.visit
    form_rows(client, visit)

    sign_up(sessions[0], email="a@example.org")
    sign_up(sessions[:2], email="b@example.org")

    assert [places for _, _, places in form_rows(client, visit)] == [
        "3 places left",
        "4 places left",
        "5 places left",
    ]


def test_kept_form_after_a_sign_up_reads_places_only(client, sessions):
    visit = sessions[0].day.visit
    form_rows(client, visit)
    sign_up(sessions[0])

    with CaptureQueriesContext(connection) as queries:
        form_rows(client, visit)

    assert [query["sql"].split(" FROM ")[1].split()[0] for query in queries] == [
        "programme_pagesversion",
        "programme_session",
    ]


def test_kept_form_shows_a_title_venue_and_capacity_edited_since(client, sessions):
    visit = sessions[0].day.visit
    form_rows(client, visit)

    sessions[1].title_en = "Breakfast with local actors"
    sessions[1].capacity = 8
    sessions[1].save()
    sessions[2].venue.name = "Maison de l'Emploi"
    sessions[2].venue.save()

    assert form_rows(client, visit)[1:] == [
        ("Breakfast with local actors", "Lieu 1", "8 places left"),
        (sessions[2].title_en, "Maison de l'Emploi", "5 places left"),
    ]


def test_kept_form_shows_a_visit_closed_since(client, sessions):
    visit = sessions[0].day.visit
    form_rows(client, visit)

    visit.is_published = False
    visit.save()

    assert client.get(f"/en/{visit.slug}/register/").status_code == 404


def test_kept_sessions_are_each_requests_own(sessions):
    visit = kept.published_visit(sessions[0].day.visit.slug)
    first = kept.signup_sessions(visit)
    first[0].waiting_position = 3
    first[0].confirmed_local = 5

    again = kept.signup_sessions(kept.published_visit(visit.slug))

    assert (hasattr(again[0], "waiting_position"), again[0].confirmed_local) == (False, 0)


def test_places_counted_leave_the_programme_version(sessions):
    before = current_versions()

    sign_up(sessions[0])

    after = current_versions()
    assert (after[0] != before[0], after[1]) == (True, before[1])


def test_capacity_updated_changes_the_programme_version(sessions):
    before = current_versions()

    Session.objects.filter(pk=sessions[0].pk).update(capacity=9)

    assert current_versions()[1] != before[1]


def test_kept_visit_and_sessions_after_a_sign_up_read_version_and_places_at_once(sessions):
    visit = sessions[0].day.visit
    kept.signup_sessions(kept.published_visit(visit.slug))
    sign_up(sessions[1])

    with CaptureQueriesContext(connection) as queries:
        read, offered = kept.visit_and_sessions(visit.slug)

    assert (len(queries), read.pk, [s.places_left for s in offered]) == (1, visit.pk, [5, 4, 5])


def test_kept_visit_and_sessions_after_an_edit_read_both_again(sessions):
    visit = sessions[0].day.visit
    kept.signup_sessions(kept.published_visit(visit.slug))
    visit.title_en = "Saint-Etienne, February 2018"
    visit.save()

    read, offered = kept.visit_and_sessions(visit.slug)

    assert (read.title_en, len(offered)) == ("Saint-Etienne, February 2018", 3)
