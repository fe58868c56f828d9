"""The policy for organisers' texts naming an erased person (registrations/domain/mentions.py): the
text stays, the person is replaced by "[erased]" — their address however spelt, their full
name in either order, a long enough first or last name on its own — and nothing else changes."""

import pytest

from registrations.domain.mentions import Mentions, erased_word
from tests.factories import ParticipantFactory

CAMILLE = {"first_name": "Camille", "last_name": "Xarnavoúdis", "email": "Camille.X@Example.org"}


def replaced(text: str, **person) -> str:
    participant = ParticipantFactory.build(**{**CAMILLE, **person})
    return Mentions.of(participant).replaced(text, "[erased]")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to camille.x@example.org.", "Write to [erased]."),
        ("<CAMILLE.X@EXAMPLE.ORG>, camille.x@exa\u00admple.org", "<[erased]>, [erased]"),
        ("{'Camille.X@Example.org': (550, b'rejected')}", "{'[erased]': (550, b'rejected')}"),
        ("camille.xx@example.org, x@example.org", "camille.xx@example.org, x@example.org"),
        ("Camille Xarnavoúdis called", "[erased] called"),
        ("XARNAVOÚDIS  camille, again", "[erased], again"),
        ("Seat of Xarnavoúdis; Camille asked", "Seat of [erased]; [erased] asked"),
        ("Camillea and Xarnavoúdiss", "Camillea and Xarnavoúdiss"),
        ("Nothing about them", "Nothing about them"),
    ],
)
def test_mentions_replace_the_person_and_nothing_else(text, expected):
    assert replaced(text) == expected


def test_mentions_leave_a_short_name_alone_but_not_in_the_full_name():
    text = "An Le asked. An apple, le jour, Le Monde."

    assert replaced(text, first_name="An", last_name="Le") == "[erased]" + text[5:]


def test_mentions_of_someone_without_a_name_or_address_change_nothing():
    text = "Camille Xarnavoúdis, camille.x@example.org"

    assert replaced(text, first_name="", last_name="", email="") == text


def test_erased_word_in_every_language():
    words = {code: erased_word(code) for code in ("fr", "en", "es", "it", "el")}

    assert words == {
        "fr": "[effacé]",
        "en": "[erased]",
        "es": "[borrado]",
        "it": "[cancellato]",
        "el": "[διαγράφηκε]",
    }
