"""Starting the next visit from an existing one: days moved, programme copied, nobody signed up,
the copy unpublished until organisers publish it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from programme.copying import copy_visit
from programme.models import Day, Session, StudyVisit, Venue
from tests.factories import fill, signup_session
from tests.html import Page

pytestmark = pytest.mark.django_db

ATHENS_START = datetime.date(2019, 3, 11)


def athens(visit):
    return copy_visit(visit=visit, slug="athens-2019", city="Athens", start_date=ATHENS_START)


def test_copy_visit_moves_days_and_copies_sessions_texts_and_capacities(seed_programme):
    original = StudyVisit.objects.get()
    Session.objects.filter(slug=Session.objects.first().slug).update(title_es="Llegada")

    copy = athens(original)

    assert (copy.city, copy.start_date, copy.end_date, copy.is_published) == (
        "Athens",
        datetime.date(2019, 3, 11),
        datetime.date(2019, 3, 16),
        False,
    )
    assert copy.title_fr == original.title_fr
    assert copy.project_intro_en == original.project_intro_en
    assert [d.date - ATHENS_START for d in copy.days.all()] == [
        d.date - original.start_date for d in original.days.all()
    ]

    def programme(visit):
        return [
            (
                s.title_fr,
                s.title_en,
                s.title_es,
                s.description_fr,
                s.kind,
                s.start_time,
                s.capacity,
                s.reserved_places,
                s.is_open_for_signup,
                s.venue and s.venue.name,
            )
            for s in Session.objects.filter(day__visit=visit)
            .in_programme_order()
            .select_related("venue")
        ]

    assert programme(copy) == programme(original)
    assert Session.objects.filter(day__visit=copy).count() == 26


def test_copy_visit_copies_venues_so_editing_them_leaves_the_original(seed_programme):
    original = StudyVisit.objects.get()
    copy = athens(original)

    copied = Venue.objects.of_visit(copy)
    copied.filter(pk=copied.first().pk).update(name="Technopolis")

    assert Venue.objects.of_visit(original).count() == copied.count()
    assert "Technopolis" not in Venue.objects.of_visit(original).values_list("name", flat=True)
    assert set(copied.values_list("pk", flat=True)).isdisjoint(
        Venue.objects.of_visit(original).values_list("pk", flat=True)
    )


def test_copy_visit_copies_nobody_s_registration():
    session = signup_session(capacity=2)
    fill(session, 3)

    copy = athens(session.day.visit)

    copied = Session.objects.get(day__visit=copy)
    assert (copied.capacity, copied.confirmed_local, copied.registrations.count()) == (2, 0, 0)
    assert copy.participants.count() == 0
    assert copied.slug == f"{session.slug}-athens-2019"


def test_copy_visit_shifts_the_registration_window():
    session = signup_session()
    visit = session.day.visit
    opens = datetime.datetime(2018, 1, 8, 9, 0, tzinfo=datetime.UTC)
    StudyVisit.objects.filter(pk=visit.pk).update(registration_opens_at=opens)
    visit.refresh_from_db()

    copy = athens(visit)

    assert copy.registration_opens_at == opens + (ATHENS_START - visit.start_date)
    assert copy.registration_closes_at is None


def test_copied_visit_is_hidden_from_the_public(client, seed_programme):
    copy = athens(StudyVisit.objects.get())

    response = client.get(f"/en/{copy.slug}/")

    assert response.status_code == 404


def copy_url(visit, language="en"):
    with translation.override(language):
        return reverse("admin:programme_studyvisit_copy", args=[visit.pk])


def test_organiser_copies_a_visit_from_the_admin(client, organiser, seed_programme):
    original = StudyVisit.objects.get()
    page = Page.get(client, f"/en/admin/programme/studyvisit/{original.pk}/change/")
    assert page.link_named("Copy as a new visit") == copy_url(original)

    response = client.post(
        copy_url(original),
        {"slug": "athens-2019", "city": "Athens", "start_date": "2019-03-11"},
        follow=True,
    )

    copy = StudyVisit.objects.get(slug="athens-2019")
    assert Page(response).texts(".messagelist li") == [
        f"Copied: {copy}. It stays unpublished, hidden from the public, until you tick "
        "Published: check its dates, texts, venues and capacities first."
    ]
    assert Day.objects.filter(visit=copy).count() == 6


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"slug": "saint-etienne-2018", "city": "Athens", "start_date": "2019-03-11"},
            ["Another visit already has this slug."],
        ),
        (
            {"slug": "x y", "city": "Ath\u202eens", "start_date": "11 mars"},
            [
                "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
                "This field contains an invisible or control character (U+202E): remove it.",
                "Enter a valid date.",
            ],
        ),
    ],
)
def test_copy_visit_refuses_bad_input_and_copies_nothing(
    client, organiser, seed_programme, data, errors
):
    original = StudyVisit.objects.get()

    page = Page(client.post(copy_url(original), data))

    assert page.response.status_code == 200
    assert page.texts(".errorlist li") == errors
    assert StudyVisit.objects.count() == 1


def test_copy_visit_needs_the_right_to_add_visits(client, other_staff, seed_programme):
    response = client.get(copy_url(StudyVisit.objects.get()))

    assert response.status_code == 403
