"""Markup typed where a name or a text goes, and how to tell whether a page let it act.

Each payload is something a participant (or an organiser) can type in a text field, and each
would do harm inside an organiser's page if it went in as HTML: a <form> that takes over the
page's own buttons and CSRF token, a <meta> refresh to another site, an attribute broken out
of, a <textarea> closed early, a script. Pages are read with two parsers: Python's, and
html5lib, which builds the tree the way browsers do (it drops a nested <form> as they do).
"""

from bs4 import BeautifulSoup

FORM = "<form method=post action=/x>"
REFRESH = '<meta http-equiv="refresh" content="0;url=/phish">'
ATTRIBUTE = '"><img src=x id=pwn>'
TEXTAREA = "</textarea><b id=pwn2>"
SCRIPT = "<script id=pwn3>alert(1)</script>"

# Names hold at most 100 characters: each name gets half of the payloads, the longer texts all.
FIRST_HALF = FORM + REFRESH
SECOND_HALF = ATTRIBUTE + TEXTAREA + SCRIPT
EVERY_PAYLOAD = FIRST_HALF + SECOND_HALF
PARSERS = ["html.parser", "html5lib"]


def planted(html: str | bytes) -> list[str]:
    """What the payloads made of the page: elements and attributes that exist only if some
    typed text went in as HTML, for each parser. An empty list is a safe page."""
    found = []
    for parser in PARSERS:
        soup = BeautifulSoup(html, parser)
        elements = [
            *soup.select("form[action='/x']"),
            *soup.select("meta[http-equiv]"),
            *soup.select("meta[content*='phish']"),
            *soup.select("#pwn, #pwn2, #pwn3, img[src=x], b[id]"),
            *(script for script in soup.find_all("script") if "alert(1)" in script.text),
        ]
        found += [f"{parser}: {element}" for element in elements]
    return found
