"""Organisers' sign-in: locked after five failures for one user name from one address, with a
page saying so in the visitor's language; another organiser can unlock it."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.html import Page

pytestmark = pytest.mark.django_db
LOGIN = "/{}/admin/login/"


@pytest.fixture
def camille():
    return User.objects.create_user(
        "camille", "camille@example.org", "right pass phrase", is_staff=True
    )


def sign_in(client, password, language="fr"):
    return client.post(
        LOGIN.format(language),
        {"username": "camille", "password": password, "next": f"/{language}/admin/"},
    )


def test_four_failures_leave_the_sign_in_open(camille):
    visitor = Client()
    failures = [sign_in(visitor, f"wrong {n}").status_code for n in range(4)]

    signed_in = sign_in(visitor, "right pass phrase")

    assert failures == [200] * 4
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/fr/admin/")


def test_five_failures_lock_the_sign_in_even_with_the_right_password(camille):
    visitor = Client()
    for n in range(5):
        sign_in(visitor, f"wrong {n}")

    locked = sign_in(visitor, "right pass phrase")

    page = Page(locked)
    assert (locked.status_code, page.lang, page.text("#content h1")) == (
        429,
        "fr",
        "Trop de tentatives de connexion échouées",
    )
    assert page.texts("#content p") == [
        "Après 5 tentatives échouées, la connexion avec ce nom d’utilisateur depuis votre "
        "connexion est bloquée.",
        "Réessayez dans 15 minutes, ou demandez à un autre organisateur de la débloquer.",
    ]


def test_lockout_page_in_english_at_an_english_address(camille):
    visitor = Client()
    for n in range(6):
        locked = sign_in(visitor, f"wrong {n}", language="en")

    assert Page(locked).text("#content h1") == "Too many failed sign-ins"


def test_lockout_page_in_spanish_speaks_to_the_visitor_with_tu(camille):
    visitor = Client()
    for n in range(6):
        locked = sign_in(visitor, f"wrong {n}", language="es")

    assert Page(locked).texts("#content p") == [
        "Tras 5 intentos fallidos, el inicio de sesión con este nombre de usuario desde tu "
        "conexión está bloqueado.",
        "Vuelve a intentarlo dentro de 15 minutos o pide a otro organizador que lo desbloquee.",
    ]


def test_lockout_is_for_the_user_name_from_that_address_only(camille):
    for n in range(5):
        sign_in(Client(REMOTE_ADDR="203.0.113.9"), f"wrong {n}")

    elsewhere = sign_in(Client(REMOTE_ADDR="198.51.100.7"), "right pass phrase")

    assert elsewhere.status_code == 302


def test_organiser_unlocks_a_locked_sign_in_from_the_admin(camille, organiser, client):
    visitor = Client()
    for n in range(5):
        sign_in(visitor, f"wrong {n}")
    attempts = Page.get(client, "/fr/admin/axes/accessattempt/")
    assert attempts.texts("#result_list tbody .field-username") == ["camille"]
    attempt = attempts.soup.select_one("#result_list tbody input[name=_selected_action]")["value"]

    client.post(
        "/fr/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt], "post": "yes"},
    )

    assert sign_in(visitor, "right pass phrase").status_code == 302


@pytest.mark.parametrize("length", [255, 256, 1000])
def test_sign_in_with_a_very_long_user_name_is_refused_like_any_wrong_one(camille, length):
    visitor = Client(raise_request_exception=False)
    replies = [
        visitor.post(
            LOGIN.format("en"),
            {"username": "c" * length, "password": f"wrong {n}", "next": "/en/admin/"},
        )
        for n in range(6)
    ]

    assert [reply.status_code for reply in replies] == [200] * 4 + [429] * 2
    assert sign_in(Client(), "right pass phrase").status_code == 302


def signed_in_once_from(address: str) -> None:
    """Camille signed in from `address` earlier (then went away): a connection she uses."""
    assert sign_in(Client(REMOTE_ADDR=address), "right pass phrase").status_code == 302


def test_five_failures_by_others_behind_her_usual_address_leave_her_sign_in_open(camille):
    signed_in_once_from("203.0.113.9")  # the venue's Wi-Fi, everyone behind one address
    failures = [sign_in(Client(REMOTE_ADDR="203.0.113.9"), f"wrong {n}") for n in range(5)]

    signed_in = sign_in(Client(REMOTE_ADDR="203.0.113.9"), "right pass phrase")

    assert [reply.status_code for reply in failures] == [200] * 5
    assert signed_in.status_code == 302


def test_failures_spread_over_many_addresses_lock_the_account_for_new_addresses(camille):
    failures = [
        sign_in(Client(REMOTE_ADDR=f"198.51.100.{n}"), f"wrong {n}").status_code for n in range(20)
    ]

    locked = sign_in(Client(REMOTE_ADDR="192.0.2.200"), "right pass phrase")

    # The twentieth failure locks, as the fifth does from one address.
    assert failures == [200] * 19 + [429]
    assert (locked.status_code, Page(locked).texts("#content p")[0]) == (
        429,
        "Après 20 tentatives échouées depuis plusieurs connexions, la connexion avec ce nom "
        "d’utilisateur est bloquée, sauf depuis les connexions d’où il s’est connecté récemment.",
    )


def test_account_lock_leaves_the_addresses_she_signed_in_from_open(camille):
    signed_in_once_from("203.0.113.9")
    for n in range(25):
        sign_in(Client(REMOTE_ADDR=f"198.51.100.{n}"), f"wrong {n}")

    assert sign_in(Client(REMOTE_ADDR="203.0.113.9"), "right pass phrase").status_code == 302
