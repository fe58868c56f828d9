"""Public pages come from the cache, and never show places older than the last committed change."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from programme.models import Session
from tests.factories import DayFactory, signup_session
from tests.html import Page

PROGRAMME = "/fr/saint-etienne-2018/programme/"
REGISTER = "/fr/saint-etienne-2018/register/"


@pytest.fixture
def breakfast():
    day = DayFactory(visit__slug="saint-etienne-2018")
    return signup_session(day=day, slug="petit-dejeuner", title_fr="Petit déjeuner", capacity=3)


def places_shown(client, path=PROGRAMME) -> list[str]:
    return Page.get(client, path).texts(".session__places")


def registration(session, email="camille@example.org", **overrides) -> dict:
    return {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": email,
        "country": "FR",
        "sessions": [session.pk],
        "join_waiting_list": "on",
        "consent": "on",
        **overrides,
    }


@pytest.mark.django_db(transaction=True)
def test_programme_after_a_sign_up_commits_shows_one_place_fewer(client, breakfast):
    assert places_shown(client) == ["3 places restantes"]
    assert places_shown(client) == ["3 places restantes"]  # now from the cache

    response = client.post(REGISTER, registration(breakfast))

    assert response.status_code == 302
    assert places_shown(client) == ["2 places restantes"]
    session_page = Page.get(Client(), f"/fr/saint-etienne-2018/sessions/{breakfast.slug}/")
    assert session_page.text(".facts .places") == "2 places restantes"


@pytest.mark.django_db
def test_cached_programme_page_runs_only_the_version_query_and_is_the_same_page(
    client, breakfast, django_assert_num_queries
):
    first = client.get(PROGRAMME)

    with django_assert_num_queries(1):  # the pages version
        second = client.get(PROGRAMME)

    assert second.content == first.content


@pytest.mark.django_db
def test_programme_in_each_language_is_cached_apart(client, breakfast):
    assert Page.get(client, PROGRAMME).h1 == "Programme"
    assert Page.get(client, "/en/saint-etienne-2018/programme/").texts(".session__places") == [
        "3 places left"
    ]
    assert places_shown(client) == ["3 places restantes"]


@pytest.mark.django_db
def test_organiser_renaming_a_session_in_the_admin_shows_at_once(superuser, client, breakfast):
    assert Page.get(client, PROGRAMME).texts(".session__title") == ["Petit déjeuner"]
    url = f"/fr/admin/programme/session/{breakfast.pk}/change/"
    form = Page.get(client, url).soup.select_one("#session_form")
    data = {
        field["name"]: field.get("value", "")
        for field in form.select("input[name], select[name]")
        if field.get("type") not in ("checkbox", "submit")
    }
    data.update(title_fr="Petit déjeuner coopératif", is_open_for_signup="on")
    for select in form.select("select[name]"):
        chosen = select.select_one("option[selected]")
        data[select["name"]] = chosen["value"] if chosen else ""

    response = client.post(url, data)

    assert response.status_code == 302, Page(response).texts(".errorlist")
    assert Page.get(client, PROGRAMME).texts(".session__title") == ["Petit déjeuner coopératif"]


@pytest.mark.django_db
def test_programme_reloaded_from_the_fixture_shows_the_committed_texts(client):
    call_command("load_programme", verbosity=0)
    session = Session.objects.order_by("day__date", "order", "start_time", "pk").first()
    Session.objects.filter(pk=session.pk).update(title_fr="Titre changé sans passer par le site")
    titles = Page.get(client, PROGRAMME).texts(".session__title")
    assert titles[0] == "Titre changé sans passer par le site"

    call_command("load_programme", "--reset", verbosity=0)

    assert Page.get(client, PROGRAMME).texts(".session__title")[0] == session.title_fr


@pytest.mark.django_db
def test_page_asked_with_a_query_string_is_neither_served_from_nor_put_in_the_cache(
    client, breakfast
):
    with_query = Page.get(client, PROGRAMME + "?from=newsletter")
    plain = Page.get(client, PROGRAMME)

    assert with_query.soup.select_one("link[hreflang=en]")["href"] == (
        "/en/saint-etienne-2018/programme/?from=newsletter"
    )
    assert plain.soup.select_one("link[hreflang=en]")["href"] == (
        "/en/saint-etienne-2018/programme/"
    )


@pytest.mark.django_db
def test_message_for_one_visitor_is_not_shown_to_the_next(client, breakfast):
    from registrations.models import Participant

    client.post(REGISTER, registration(breakfast))
    participant = Participant.objects.get()
    Page.get(Client(), "/fr/saint-etienne-2018/")  # cached before the message exists
    erase = participant.manage_path() + "erase/"

    response = client.post(erase, {"erase-confirm": "on"}, follow=True)

    assert Page(response).texts(".messages .alert") == [
        "Vos données personnelles ont été effacées, et vos séances annulées."
    ]
    assert Page.get(Client(), "/fr/saint-etienne-2018/").texts(".messages .alert") == []


@pytest.mark.django_db
def test_cached_registration_form_carries_each_visitors_own_csrf_token(breakfast):
    camille, dominique = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    camille_form = Page.get(camille, REGISTER)
    dominique_form = Page.get(dominique, REGISTER)  # from the cache
    tokens = [
        form.soup.select_one("input[name=csrfmiddlewaretoken]")["value"]
        for form in (camille_form, dominique_form)
    ]

    answers = [
        visitor.post(REGISTER, {**registration(breakfast, email), "csrfmiddlewaretoken": token})
        for visitor, token, email in zip(
            (camille, dominique),
            tokens,
            ("camille@example.org", "dominique@example.org"),
            strict=True,
        )
    ]

    assert "placeholder" not in tokens[0] + tokens[1]
    assert [answer.status_code for answer in answers] == [302, 302]


@pytest.mark.django_db
def test_registration_form_with_a_session_ticked_is_cached_apart(client, breakfast):
    other = signup_session(day=breakfast.day, slug="repas", title_fr="Repas")
    plain = Page.get(client, REGISTER)
    ticked = Page.get(client, f"{REGISTER}?session=repas")

    assert plain.soup.select("input[name=sessions][checked]") == []
    assert [box["value"] for box in ticked.soup.select("input[name=sessions][checked]")] == [
        str(other.pk)
    ]


@pytest.mark.django_db
def test_cached_programme_offers_registration_once_it_opens(client, breakfast):
    opens = timezone.now() + datetime.timedelta(hours=2)
    breakfast.day.visit.registration_opens_at = opens
    breakfast.day.visit.save()
    with time_machine.travel(opens - datetime.timedelta(hours=1)):
        assert Page.get(client, PROGRAMME).texts(".programme-tools .btn-primary") == []

    with time_machine.travel(opens + datetime.timedelta(minutes=1)):
        assert Page.get(client, PROGRAMME).texts(".programme-tools .btn-primary") == [
            "S'inscrire aux séances"
        ]


@pytest.mark.django_db(transaction=True)
def test_sign_up_that_only_joins_a_waiting_list_keeps_the_cached_programme(
    client, breakfast, django_assert_num_queries
):
    for n in range(3):
        client.post(REGISTER, registration(breakfast, f"person{n}@example.org"))
    assert places_shown(client) == ["Complet · liste d'attente ouverte"]

    client.post(REGISTER, registration(breakfast, "waiting@example.org"))

    with django_assert_num_queries(1):  # the pages version, unchanged
        assert places_shown(client) == ["Complet · liste d'attente ouverte"]


@pytest.mark.django_db(transaction=True)
def test_pages_and_sign_ups_work_while_redis_does_not_answer(client, breakfast, settings):
    from tests.servers import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    assert places_shown(client) == ["3 places restantes"]

    response = client.post(REGISTER, registration(breakfast))

    assert response.status_code == 302
    assert places_shown(client) == ["2 places restantes"]


@pytest.mark.django_db(transaction=True)
def test_redis_down_for_many_requests_is_logged_once(
    client, breakfast, settings, monkeypatch, caplog
):
    from programme import page_cache
    from tests.servers import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    # Each request tries Redis again (the breaker waits no time): the outage lasts them all.
    monkeypatch.setattr(page_cache, "BREAK_SECONDS", 0)
    monkeypatch.setattr(page_cache, "breaker", page_cache.Breaker())
    with caplog.at_level("INFO", logger="programme.page_cache"):
        shown = [places_shown(client) for _ in range(4)]

    assert shown == [["3 places restantes"]] * 4
    assert [r.getMessage() for r in caplog.records if r.name == "programme.page_cache"] == [
        "Page cache unavailable: pages are rendered without it until it answers again."
    ]


@pytest.mark.django_db(transaction=True)
def test_sign_up_for_three_sessions_writes_the_pages_version_once(breakfast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import sign_up

    sessions = [breakfast, *(signup_session(day=breakfast.day) for _ in range(2))]
    with CaptureQueriesContext(connection) as queries:
        sign_up(sessions)

    writes = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "programme_pagesversion"')]
    assert len(writes) == 1
