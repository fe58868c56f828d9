"""Every URL pattern of the site, read from the URL configuration itself, so that a page added
later is exercised by the tests without anyone listing it; and the junk a client can send."""

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib import admin
from django.urls import URLResolver, get_resolver
from django.utils import translation

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
NAMED_GROUP = re.compile(r"\(\?P<(\w+)>[^()]*\)")


@dataclass(frozen=True)
class UrlPattern:
    template: str  # "/fr/<visit>/register/": the parameters left as <name>
    name: str | None
    model: type | None  # the model of an admin page, if it is one

    @property
    def parameters(self) -> list[str]:
        return PARAMETER.findall(self.template)

    @property
    def is_admin(self) -> bool:
        return "/admin/" in self.template

    def fill(self, values: dict[str, str]) -> str:
        """The address with each parameter replaced by its value (already percent-encoded)."""
        return PARAMETER.sub(lambda match: values[match[1]], self.template)


def route_text(pattern) -> str:
    """A URL pattern as text with its parameters as <name>, whether written with path() or
    re_path(); fails on any other regular expression, so that it is never filled wrongly."""
    text = str(pattern)
    if text.startswith("^") or text.endswith("$") or "(?P<" in text:
        text = NAMED_GROUP.sub(r"<\1>", text.removeprefix("^").removesuffix("$"))
        if re.search(r"[()\[\]*+?|\\^$]", text):
            raise ValueError(f"Teach site_urls.route_text to read the pattern {pattern!s}")
    return PARAMETER.sub(r"<\1>", text)


def admin_model(prefix: str):
    for model in admin.site._registry:
        if prefix.endswith(f"/admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


def site_url_patterns(language: str = "fr") -> list[UrlPattern]:
    with translation.override(language):
        return list(walk(get_resolver().url_patterns, "/", None))


def walk(entries, prefix: str, model):
    for entry in entries:
        route = prefix + route_text(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route, admin_model(route) or model)
        else:
            yield UrlPattern(route, entry.name, model)


def junk_values() -> list[str]:
    """What a client may send where the site expects an id, a slug, a word or nothing, as it
    travels in a query string or a path segment (percent-encoded)."""
    controls = [chr(code) for code in (0, 1, 8, 9, 10, 13, 27, 31, 127)]
    c1_controls = ["\x80", "\x85", "\x9f"]
    unusual_digits = ["²", "٣", "१२", "１２", "Ⅻ", "½"]
    numbers = ["-1", "0", "+1", " 1", "1.5", "1e3", "0x10", "NaN", "inf"]
    numbers += [str(n) for n in (2**31, 2**63 - 1, 2**63, -(2**63) - 1, 10**40)]
    texts = ["", " ", "x" * 5000, "é" * 300, "'", '"', "' OR '1'='1", "1; DROP TABLE x; --"]
    texts += [
        "../../etc/passwd",
        "..",
        "/",
        "\\",
        "%",
        "😀",
        "\u202e",
        "<script>",
        "a\x00b",
        "null",
    ]
    values = controls + c1_controls + unusual_digits + numbers + texts
    # Bytes no text decodes to: a lone surrogate, invalid or cut UTF-8, broken escapes.
    raw = ["%ED%A0%80", "%FF%FE", "%C3", "%", "%zz"]
    return [quote(value) for value in values] + raw
