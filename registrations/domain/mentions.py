"""A person named in texts that others wrote — organisers' messages and notes, the admin's
history, a mail server's refusal kept with a failed e-mail task — found, and replaced by a
neutral word when the person's data is erased.

The policy: the texts stay (they are the organisers' record of what they did and said), minus
the person. Replaced, in any letter case: their e-mail address, however the mailbox is spelt
(see addresses.py); their full name, in either order; and their first or last name on its own
when it has at least SHORTEST_NAME_ALONE letters. A shorter name alone ("Li", "An", "Le") is too
often an ordinary word, and goes only as part of the full name. Accents are compared as written.
"""

import json
import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from registrations.domain.addresses import email_key

SHORTEST_NAME_ALONE = 4
# Anything address-shaped in a text (its group keeps it in split()'s parts); whether it is the
# person's mailbox is then decided by its key.
ADDRESS_SPLIT = re.compile(r"([^\s<>()\[\]{},;:\"'`]+@[^\s<>()\[\]{},;:\"'`]+)")


def erased_word(language: str) -> str:
    """What stands where the person was named, in the language of the text."""
    with translation.override(language):
        return gettext("[erased]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Mentions:
    key: str  # their mailbox, as compared
    names: re.Pattern | None
    # What the database pre-filter looks for: each name, the address's local part; when not
    # ASCII, also in the cases people type (SQLite's LIKE folds ASCII only) and as JSON escapes.
    probes: tuple[str, ...]

    @classmethod
    def of(cls, participant) -> "Mentions":
        first, last = (
            nfc(" ".join(name.split())) for name in (participant.first_name, participant.last_name)
        )
        names = {n for n in (first, last) if len(n) >= SHORTEST_NAME_ALONE}
        if first and last:
            names |= {f"{first} {last}", f"{last} {first}"}
        pattern = None
        if names:
            alternatives = "|".join(
                re.escape(name).replace(r"\ ", r"\s+")
                for name in sorted(names, key=len, reverse=True)
            )
            pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        local_part = participant.email.rpartition("@")[0]
        words = [w for w in (first, last, f"{local_part}@" if local_part else "") if w]
        probes = {
            variant
            for word in words
            for case in (
                {word} if word.isascii() else {word, word.lower(), word.upper(), word.title()}
            )
            for variant in (case, json.dumps(case)[1:-1])
        }
        key = email_key(participant.email) if participant.email else ""
        return cls(key=key, names=pattern, probes=tuple(sorted(probes)))

    def filter(self, *fields: str) -> Q:
        """Rows where one of `fields` may name the person (a superset: then check each)."""
        query = Q(pk__in=[])
        for field in fields:
            for probe in self.probes:
                query |= Q(**{f"{field}__icontains": probe})
        return query

    def replaced(self, text: str, word: str) -> str:
        """`text` with every mention of the person replaced by `word`; unchanged if none. A
        name inside someone else's address is left alone."""
        if not text:
            return text
        parts = ADDRESS_SPLIT.split(nfc(text))  # text, address, text, address, ..., text
        result = "".join(
            self.in_address(part, word) if index % 2 else self.in_words(part, word)
            for index, part in enumerate(parts)
        )
        return result if result != nfc(text) else text

    def in_words(self, text: str, word: str) -> str:
        return self.names.sub(word, text) if self.names is not None else text

    def in_address(self, candidate: str, word: str) -> str:
        address = candidate.rstrip(".")  # the end of a sentence
        if self.key and email_key(address) == self.key:
            return word + candidate[len(address) :]
        return candidate

    def replaced_in_json(self, value, word: str):
        """The same through the strings of a JSON value (dicts, lists)."""
        if isinstance(value, str):
            return self.replaced(value, word)
        if isinstance(value, list):
            return [self.replaced_in_json(item, word) for item in value]
        if isinstance(value, dict):
            return {k: self.replaced_in_json(item, word) for k, item in value.items()}
        return value

    def named_in(self, text: str) -> bool:
        return self.replaced(text, "\0") != text
