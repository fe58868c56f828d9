"""The message a form field shows when it refuses control or invisible characters: written down
from the rule (see kiss_visit/typed_text.py), not computed by it, for the property-based tests."""

import unicodedata

from bs4 import BeautifulSoup


def refused(char, multiline=False) -> bool:
    """What a text field refuses: control, format and separator characters, surrogates and
    noncharacters; but the two joiners, and the line breaks of a textarea."""
    if char in "\u200c\u200d" or (multiline and char in "\t\n\r\u2028\u2029"):
        return False
    noncharacter = "\ufdd0" <= char <= "\ufdef" or ord(char) % 0x10000 >= 0xFFFE
    return noncharacter or unicodedata.category(char) in {"Cc", "Cf", "Cs", "Zl", "Zp"}


MULTILINE = {"accessibility_needs"}  # a textarea
REFUSAL = {
    "fr": (
        "Ce champ contient un caractère invisible ou de contrôle ({}) : retirez-le.",
        "Ce champ contient des caractères invisibles ou de contrôle ({}) : retirez-les.",
    ),
    "en": (
        "This field contains an invisible or control character ({}): remove it.",
        "This field contains invisible or control characters ({}): remove them.",
    ),
}
REFUSAL_STARTS = ("Ce champ contient", "This field contains")


def refusal(name, text, language) -> list[str]:
    """The message beside field `name` holding `text`: its refused characters, each once, five
    at most. Nothing when strip() removes them all (form feeds or NEL at either end)."""
    chars = list(dict.fromkeys(c for c in text.strip() if refused(c, name in MULTILINE)))
    if not chars:
        return []
    named = ", ".join(f"U+{ord(c):04X}" for c in chars[:5]) + (", …" if len(chars) > 5 else "")
    return [REFUSAL[language][len(chars) > 1].format(named)]


def assert_refusals_named(response, data, names, language):
    """Beside each field holding a refused character, the one message naming them; beside the
    others, no such message."""
    page = BeautifulSoup(response.content, "html.parser")
    for name in names:
        errors = [e.get_text(strip=True) for e in page.select(f"#div_id_{name} [id^=error_]")]
        expected = refusal(name, data.get(name, ""), language)
        # (A helper module: pytest does not rewrite these asserts, so they say what differed.)
        if expected:
            assert errors == expected, (name, errors, expected)
        else:
            unexpected = [e for e in errors if e.startswith(REFUSAL_STARTS)]
            assert unexpected == [], (name, unexpected)
