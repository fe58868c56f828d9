"""Text typed by people: the characters the site refuses in it, and the form fields that refuse
them. Used by both apps (participants' forms and the organisers' admin), and by the exports,
which leave the same characters out of rows stored before the check or written around it.

Refused, because nobody types them on purpose and they break or disguise what others read
(an XLSX export refuses C0 controls outright; a bidi override shows "Ann" as "nnA"; a zero-width
space makes two identical-looking names different):
- C0 controls, DEL and C1 controls (Unicode category Cc); tab, line feed and carriage return
  only in single-line fields, since a textarea's lines are made of them;
- format characters (Cf): soft hyphen, zero-width space, word joiner, byte-order mark, bidi
  controls, invisible tags...; except the two joiners, see JOINERS;
- the line and paragraph separators U+2028/U+2029 in single-line fields;
- surrogates (no UTF-8 form) and noncharacters (U+FDD0–U+FDEF, U+xFFFE and U+xFFFF of every
  plane), which Unicode keeps for programs' internal use, never for interchange.
Allowed: private-use characters, which are visible glyphs (and hold Hong Kong's HKSCS characters
in older systems, names included); code points unassigned in our Unicode version, which a
participant's newer phone may already know (emoji, scripts).
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import ngettext_lazy

# Zero-width non-joiner and joiner are format characters, but writing needs them: ZWNJ inside
# Persian words (می‌خواهم) and in Indic scripts, ZWJ for the half-forms of Devanagari, Malayalam
# or Sinhala conjuncts (क्‍ष) and in emoji sequences (👩🏽‍🚒). Refusing them would refuse names.
JOINERS = frozenset("\u200c\u200d")
LINE_BREAKS = frozenset("\t\n\r\u2028\u2029")  # kept in multi-line fields
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
SHOWN_AT_MOST = 5  # characters named in the message; more are summed up as "…"

REFUSED_MESSAGE = ngettext_lazy(
    "This field contains an invisible or control character (%(characters)s): remove it.",
    "This field contains invisible or control characters (%(characters)s): remove them.",
    "count",
)


def is_refused(char: str, *, multiline: bool = False) -> bool:
    if char in JOINERS or (multiline and char in LINE_BREAKS):
        return False
    code = ord(char)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE
    return noncharacter or unicodedata.category(char) in REFUSED_CATEGORIES


def refused_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The refused characters of `text`, each once, in the order they come."""
    if text.isprintable():  # no control, format, separator or unassigned character: the usual case
        return []
    return list(dict.fromkeys(c for c in text if is_refused(c, multiline=multiline)))


def check_typed_text(text: str, *, multiline: bool = False) -> None:
    """Raise a ValidationError naming the refused characters of `text`, if there are any."""
    refused = refused_characters(text, multiline=multiline)
    if refused:
        named = ", ".join(f"U+{ord(char):04X}" for char in refused[:SHOWN_AT_MOST])
        if len(refused) > SHOWN_AT_MOST:
            named += ", …"
        raise ValidationError(
            REFUSED_MESSAGE,
            code="invisible_character",
            params={"count": len(refused), "characters": named},
        )


def printable(text: str) -> str:
    """`text` without the characters typed text may not hold (line breaks kept): for writing rows
    that were stored before the check, or written straight to the database, into exports."""
    if not text or text.isprintable():
        return text
    return "".join(char for char in text if not is_refused(char, multiline=True))


class TypedTextField(forms.CharField):
    """Text typed by a person: refused with a message naming the character if it holds one of the
    characters above (line breaks allowed when the widget is a textarea), kept NFC-normalised so
    that the same name typed on two keyboards is stored the same."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return text
        check_typed_text(text, multiline=isinstance(self.widget, forms.Textarea))
        return unicodedata.normalize("NFC", text)


class TypedEmailField(forms.EmailField):
    """An e-mail address, refused like typed text. Not normalised here: how addresses are
    compared is decided where participants are stored."""

    def to_python(self, value):
        text = super().to_python(value)
        if text:
            check_typed_text(text)
        return text


class TypedTextAdmin:
    """For a ModelAdmin or an inline: its plain text fields become TypedTextFields, and its web
    and e-mail addresses refuse the same characters (their own checks let invisible ones through,
    in an internationalised domain or a path). Slugs and choices admit none anyway."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # modeltranslation's per-language fields are subclasses made on the fly: look at the
        # field they translate.
        plain = getattr(db_field, "translated_field", db_field)
        if type(plain) in (models.CharField, models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", TypedTextField)
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")  # what Django 6 assumes; no warning
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, forms.URLField | forms.EmailField):
            formfield.validators.append(check_typed_text)
        return formfield
