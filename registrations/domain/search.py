"""Search that finds names however they are typed: `nunez` finds Ñúñez, `γιωργος` finds Γιώργος.

SQLite's LIKE only folds ASCII case and neither database ignores accents without an extension,
so the text searched is kept folded beside the names (Participant.search_text) and the words
typed are folded the same way.
"""

import unicodedata
from functools import cache


def fold(text: str) -> str:
    """Without accents or other combining marks, case-folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare).casefold()


def searchable(*texts: str) -> str:
    return fold(" ".join(text for text in texts if text))


def browser_fold(char: str) -> str:
    """What the check-in page's script does to a character it has no entry for (static/js/
    checkin.js): NFKD, nonspacing marks dropped, lower case."""
    decomposed = unicodedata.normalize("NFKD", char)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", bare.lower())


# Latin, Greek, Cyrillic and the other scripts below U+3000, and the ligatures and forms after
# U+FB00: where the names typed at the door come from.
TABLE_RANGES = (range(0x80, 0x3000), range(0xFB00, 0x10000))


@cache
def browser_fold_table() -> dict[str, str]:
    """The characters the script would fold otherwise than `fold` (final ς, ß, marks that are not
    combining...), each with what `fold` makes of it: the page hands it to the script, so that
    the words typed are folded as the server folds them (one folding, the server's)."""
    table = {}
    for codes in TABLE_RANGES:
        for code in codes:
            char = chr(code)
            if unicodedata.category(char) not in ("Cn", "Cs") and fold(char) != browser_fold(char):
                table[char] = fold(char)
    return table
