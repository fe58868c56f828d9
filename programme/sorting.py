"""Names in the order a reader expects, whatever the language: "Chez Lulu" before "COGECOOP",
"Crêt de Roc" among the C's. Code-point order (the databases' default here) puts every capital
before every small letter and accented letters after z; a collation per language would need
each database's ICU support, so names are sorted in Python by a folded key.

One key for every reader: Participant.sort_name stores it once and the exports sort on it in
SQL, so "Núñez" sorts among the N's in every language, as French, English, Italian and Greek
readers expect. Spanish alphabetical order puts ñ after n; a Spanish reader's list would need its
own key (a second stored column, or a sort in Python that a streamed export cannot do)."""

import unicodedata


def name_key(name: str) -> tuple[str, str]:
    """Without accents and case first; the name itself breaks ties, so the order is stable."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.casefold(), name


def by_name(items, attribute: str = "name") -> list:
    return sorted(items, key=lambda item: name_key(getattr(item, attribute)))
