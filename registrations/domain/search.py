"""Search that finds names however they are typed: `nunez` finds Ñúñez, `γιωργος` finds Γιώργος.

SQLite's LIKE only folds ASCII case and neither database ignores accents without an extension,
so the text searched is kept folded beside the names (Participant.search_text) and the words
typed are folded the same way.
"""

import unicodedata


def fold(text: str) -> str:
    """Without accents or other combining marks, case-folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare).casefold()


def searchable(*texts: str) -> str:
    return fold(" ".join(text for text in texts if text))
