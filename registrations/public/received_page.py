"""The "received" page after a sign-up, put together from a kept shell.

Every visitor of a rush reads this page once, right after their post. Only two parts of it are
theirs: the address they typed and the list of their sessions. The rest (the header, the menus,
the texts, the footer) is the same for everyone who sees it in a language and costs more than
half of the page. So the list is rendered for each visitor, and the rest is kept as a *shell*
with a mark where the address goes and one where the list goes, under all that it shows: the
release, the language, the address of the page and the settings it shows, the visit as kept
(programme/kept.py), the delegation's notice, and the languages of fallback texts that the list
shows (the page's notice names them). It is kept until registration opens or closes (the menu
offers "Register" while it is open). Filled in, it is the same HTML as a full rendering (a test
compares them).
"""

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from programme.page_cache import (
    address_digest,
    breaker,
    registration_changes_at,
    release,
    seconds_until,
)
from programme.translation import fallbacks_shown

TEMPLATE = "registrations/received.html"
SESSIONS_TEMPLATE = "registrations/includes/_received_sessions.html"
# Comments: no escaped text (an address, a title) can hold one.
EMAIL_MARK = mark_safe("<!--kiss:email-->")
SESSIONS_MARK = mark_safe("<!--kiss:sessions-->")


def render_received_page(request, visit, *, email: str, sessions: list, delegation: str):
    sessions_list, languages = session_list(visit, sessions)
    context = {"visit": visit, "delegation": delegation, "languages_noted": languages}
    key = shell_key(request, visit, delegation, languages)
    if key is None:
        context |= {"email": email, "sessions_list": sessions_list}
        return HttpResponse(render_to_string(TEMPLATE, context, request))
    shell = breaker.call(cache.get, key)
    if shell is None:
        context |= {"email": EMAIL_MARK, "sessions_list": SESSIONS_MARK}
        shell = render_to_string(TEMPLATE, context, request)
        if seconds := seconds_until(registration_changes_at(visit)):
            breaker.call(cache.set, key, shell, seconds)
    page = shell.replace(SESSIONS_MARK, sessions_list, 1).replace(EMAIL_MARK, escape(email), 1)
    return HttpResponse(page)


def session_list(visit, sessions) -> tuple[str, frozenset]:
    """The list of the visitor's sessions, and the languages of the fallback texts it shows."""
    outer = fallbacks_shown.get()
    fallbacks_shown.set(frozenset())
    try:
        waiting = any(getattr(session, "waiting_position", None) for session in sessions)
        context = {"visit": visit, "sessions": sessions, "waiting": waiting}
        return mark_safe(render_to_string(SESSIONS_TEMPLATE, context)), (fallbacks_shown.get())
    finally:
        fallbacks_shown.set(outer)


def shell_key(request, visit, delegation: str, languages: frozenset) -> str | None:
    """None where no shell may serve: messages to show (they are someone's own), or a visit not
    read under a programme version."""
    if len(getattr(request, "_messages", ())) or not getattr(visit, "kept_under", ""):
        return None
    noted = ",".join(sorted(languages))
    return (
        f"received-shell:{release()}:{get_language()}:{address_digest(request)}:"
        f"{visit.kept_under}:{delegation}:{noted}"
    )
