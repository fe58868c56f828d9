"""The received page, put together from its kept shell (registrations/public/received_page.py):
the same HTML as a full rendering, each visitor's own address and sessions."""

import datetime

import pytest
from django.test import Client
from django.urls import resolve

from programme import kept
from registrations.public.received_page import render_received_page
from tests.factories import DayFactory, signup_session
from tests.html import Page
from tests.registrations.public.test_views import form_data, url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions():
    day = DayFactory(visit__slug="saint-etienne-2018")
    breakfast = signup_session(
        day=day, title_fr="Petit déjeuner", title_en="Breakfast", start_time=datetime.time(9)
    )
    lunch = signup_session(day=day, title_fr="Repas", title_en="Lunch", kind="meal", capacity=1)
    return breakfast, lunch


def received(language: str, *sessions, email: str) -> Page:
    url = url_in(language, "register", visit="saint-etienne-2018")
    return Page(Client().post(url, form_data(*sessions, email=email), follow=True))


def test_received_page_of_each_visitor_shows_their_address_and_sessions(sessions):
    breakfast, lunch = sessions
    first = received("en", breakfast, lunch, email="camille@example.org")

    second = received("en", lunch, email="zoe&co@example.org")

    assert first.text(".prose strong") == "camille@example.org"
    assert second.text(".prose strong") == "zoe&co@example.org"
    assert second.texts(".received-sessions li") == [
        "Monday 19 February, Time to be confirmed Lunch Waiting list, position 1"
    ]


def test_received_page_in_greek_notes_the_texts_shown_in_english_each_time(sessions):
    pages = [received("el", *sessions, email=f"{n}@example.org") for n in range(2)]

    notices = [page.texts(".fallback-notice") for page in pages]

    assert notices == [notices[0]] * 2 and len(notices[0]) == 1


def test_received_page_from_the_shell_equals_a_full_rendering(rf, sessions):
    request = rf.get(url_in("fr", "received", visit="saint-etienne-2018"))
    request.resolver_match = resolve(request.path)
    visit = kept.published_visit("saint-etienne-2018")
    chosen = kept.signup_sessions(visit)
    chosen[1].waiting_position = 2
    others = {"email": "zoé&co@example.org", "sessions": chosen, "delegation": "claimed"}
    render_received_page(request, visit, **{**others, "email": "first@example.org"})

    from_shell = render_received_page(request, visit, **others)
    visit.kept_under = ""  # no shell for a visit not read under a programme version
    rendered_whole = render_received_page(request, visit, **others)

    assert from_shell.content.decode() == rendered_whole.content.decode()
    assert "zoé&amp;co@example.org" in from_shell.content.decode()
