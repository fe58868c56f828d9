"""E-mail addresses compared as mailboxes: one mailbox, one participant per visit.

Two spellings of one address must meet the uniqueness check the same way on SQLite and on
PostgreSQL, so the comparison is done here, in Python, not by the database's LOWER() (SQLite's
only folds ASCII). The key is stored beside the address the person typed, which is kept for
sending.
"""

import unicodedata


def email_key(address: str) -> str:
    """The address as compared: Unicode NFKC, without invisible format characters (zero-width
    space, soft hyphen...), case-folded, with the domain in its ASCII (IDNA) form.

    `a@Exa\u00admple.ORG` and `a@example.org` give the same key; so do `x@exämple.com` and
    `x@EXÄMPLE.com`."""
    text = unicodedata.normalize("NFKC", address.strip())
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    local, at, domain = text.rpartition("@")
    if not at:
        return text.casefold()
    return f"{local.casefold()}@{ascii_domain(domain)}"


def ascii_domain(domain: str) -> str:
    """The domain as the mail system sees it. Python's IDNA codec applies nameprep, which
    lower-cases and drops the characters that map to nothing."""
    domain = domain.rstrip(".")
    try:
        return domain.encode("idna").decode("ascii").lower()
    except UnicodeError:  # not a valid IDNA name: compare it as text
        return domain.casefold()
