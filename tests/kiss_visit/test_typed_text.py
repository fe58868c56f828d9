"""Which characters typed text may hold, in single-line and multi-line fields."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from kiss_visit.typed_text import TypedTextField, printable, refused_characters

REFUSED_EVERYWHERE = {
    "\x00": "NUL",
    "\x01": "a C0 control",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x1b": "escape",
    "\x7f": "DEL",
    "\x85": "next line, a C1 control",
    "\x9f": "the last C1 control",
    "\u00ad": "soft hyphen",
    "\u061c": "Arabic letter mark",
    "\u200b": "zero-width space",
    "\u200e": "left-to-right mark",
    "\u2060": "word joiner",
    "\u202a": "left-to-right embedding",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2069": "pop directional isolate",
    "\ufeff": "byte-order mark",
    "\ufdd0": "a noncharacter",
    "\ufffe": "a noncharacter",
    "\uffff": "a noncharacter",
    "\U0010ffff": "the last noncharacter",
    "\U000e0041": "an invisible tag",
    "\ud800": "a lone surrogate",
}
LINE_BREAKS = {"\t": "tab", "\n": "line feed", "\r": "carriage return"}
LINE_BREAKS |= {"\u2028": "line separator", "\u2029": "paragraph separator"}
ALLOWED = {
    "\u200c": "zero-width non-joiner (Persian, Indic scripts)",
    "\u200d": "zero-width joiner (Indic conjuncts, emoji)",
    "\u00a0": "no-break space",
    "\u0301": "combining acute accent",
    "\ufe0f": "variation selector (emoji presentation)",
    "\ue000": "private use",
    "\U000f0000": "private use, plane 15",
    "\U0003fff0": "unassigned (a newer Unicode may give it a letter)",
    "\ufffd": "replacement character",
    "😀": "emoji",
}


@pytest.mark.parametrize("char", REFUSED_EVERYWHERE, ids=REFUSED_EVERYWHERE.values())
def test_refused_characters_of_any_field(char):
    text = f"Ann{char}Lee"

    assert [refused_characters(text), refused_characters(text, multiline=True)] == [[char], [char]]
    assert printable(text) == "AnnLee"


@pytest.mark.parametrize("char", LINE_BREAKS, ids=LINE_BREAKS.values())
def test_line_breaks_refused_in_a_single_line_only(char):
    text = f"Ann{char}Lee"

    assert [refused_characters(text), refused_characters(text, multiline=True)] == [[char], []]
    assert printable(text) == text


@pytest.mark.parametrize("char", ALLOWED, ids=ALLOWED.values())
def test_allowed_characters_of_any_field(char):
    text = f"Ann{char}Lee"

    assert [refused_characters(text), refused_characters(text, multiline=True)] == [[], []]
    assert printable(text) == text


def test_typed_text_field_keeps_text_nfc_normalised_and_names_what_it_refuses():
    field = TypedTextField(max_length=20)

    with pytest.raises(ValidationError) as refused:
        field.clean("Zo\x01e\u0301\n")
    assert field.clean(" Zoe\u0301 ") == "Zoé"
    assert refused.value.messages == [
        "Ce champ contient un caractère invisible ou de contrôle (U+0001) : retirez-le."
    ]


def test_typed_text_field_in_a_textarea_keeps_its_lines():
    field = TypedTextField(widget=forms.Textarea)

    assert field.clean("Ramp\r\n\tplease") == "Ramp\r\n\tplease"
