"""Signing out of the admin answers with Clear-Site-Data, so that the check-in pages a phone kept
(names, check-in codes) go with the session; taps the phone has not sent yet are kept, and said."""

import pytest

from kiss_visit.http.organiser_language import COOKIE_NAME as LANGUAGE_COOKIE
from tests.html import Page

pytestmark = pytest.mark.django_db

LOGOUT = "/en/admin/logout/"


def test_logout_clears_cache_and_storage_and_keeps_the_cookies(client, organiser):
    client.cookies[LANGUAGE_COOKIE] = "el"
    response = client.post(LOGOUT)

    assert (response.status_code, response["Clear-Site-Data"]) == (200, '"cache", "storage"')
    assert sorted(response.cookies) == ["sessionid"]  # Django deletes the session's, only
    assert client.cookies[LANGUAGE_COOKIE].value == "el"
    assert Page(response).texts(".errornote") == []


def test_logout_with_taps_unsent_keeps_storage_and_says_so(client, organiser):
    client.cookies["kiss_checkin_unsent"] = "3"
    response = client.post(LOGOUT)

    assert response["Clear-Site-Data"] == '"cache"'
    assert Page(response).texts(".errornote") == [
        "This phone still keeps 3 check-in taps that were not sent: they hold no names, and are "
        "sent once an organiser signs in here again and opens their session's check-in page."
    ]
    scripts = [script["src"] for script in Page(response).soup.select("script[src]")]
    assert [src.split("/")[-1].split(".")[0] for src in scripts][-1] == "checkin_forget"


@pytest.mark.parametrize("said", ["0", "", "-2", "many", "9" * 9])
def test_logout_with_no_readable_unsent_count_clears_everything(client, organiser, said):
    client.cookies["kiss_checkin_unsent"] = said
    response = client.post(LOGOUT)

    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_logout_signed_out_already_clears_everything(client):
    assert client.post(LOGOUT)["Clear-Site-Data"] == '"cache", "storage"'


def test_admin_pages_other_than_logout_clear_nothing(client, organiser):
    responses = [client.get("/en/admin/"), client.get(LOGOUT), client.get("/en/admin/login/")]

    assert [r.headers.get("Clear-Site-Data") for r in responses] == [None, None, None]


def test_logout_with_one_tap_unsent_says_so_in_french(client, organiser):
    client.cookies["kiss_checkin_unsent"] = "1"
    response = client.post("/fr/admin/logout/")

    assert Page(response).texts(".errornote") == [
        "Ce téléphone garde encore 1 pointage qui n'a pas été envoyé : il ne contient aucun nom, "
        "et sera envoyé dès qu'un organisateur se reconnectera ici et ouvrira la page de pointage "
        "de sa séance."
    ]
