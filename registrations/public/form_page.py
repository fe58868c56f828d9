"""The registration form page, rebuilt cheaply when only the places have changed.

The page cache (programme/page_cache.py) drops the form's page at each change of places, and in
a rush of sign-ups that is at each sign-up. Yet of the whole page only the list of sessions with
their places left changes: the rest (the fields about the person, 250 countries, the texts) is
rendered through crispy-forms and costs ten times more. So the rest is kept apart, as a *shell*
with a mark where the session list goes, for as long as the page itself would be (the release,
the address, the language, registration open or not), and after a change of places only the
list is rendered again and put in: the same HTML as a full rendering (a test compares them).

The shell shows the visit (its title, dates, city) and a notice naming the languages of the
texts shown in another language (some from the session list): it is kept under those too, a
digest of the visit's columns and the languages the list notes, so that an edited visit or a new
translation is never served from an older shell. The list itself is cheap: each session's row is
kept under what it shows (registrations/templatetags/session_choices.py).

Only pages rendered for the page cache (with the CSRF placeholder, never a visitor's token) are
split or rebuilt; any other request renders the whole page.
"""

import hashlib

from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language

from programme.page_cache import (
    address_digest,
    breaker,
    registration_changes_at,
    release,
    render_page,
    seconds_to_keep,
)
from programme.translation import fallbacks_shown
from registrations.public.forms import RegistrationForm, SessionList

TEMPLATE = "registrations/register.html"
CHOICES_TEMPLATE = "registrations/includes/_session_choices.html"
OPENING = '<fieldset class="session-choices"'
MARK = "<!-- kiss: the sessions and their places -->"


def shell_key(request, visit, languages_noted: frozenset) -> str:
    columns = [str(getattr(visit, field.attname)) for field in visit._meta.concrete_fields]
    shown = "\x1f".join([*columns, *sorted(languages_noted)])  # boundaries between columns kept
    shown = hashlib.sha256(shown.encode()).hexdigest()[:16]
    return f"form-shell:{release()}:{get_language()}:{address_digest(request)}:{shown}"


def render_registration_page(request, visit, *, sessions: list, checked: list) -> HttpResponse:
    """The empty registration form, `checked` sessions ticked. For the page cache, from the
    kept shell and the session list when a shell is kept (the whole form is not even built)."""
    if not getattr(request, "csrf_placeholder", False):
        form = RegistrationForm(sessions=sessions, checked=checked)
        return render_page(request, TEMPLATE, {"visit": visit, "form": form})
    choices, languages_noted = session_list(SessionList(sessions=sessions, checked=checked))
    key = shell_key(request, visit, languages_noted)
    shell = breaker.call(cache.get, key)
    if shell is not None:
        response = HttpResponse(shell.replace(MARK, choices, 1))
        response.fresh_until = registration_changes_at(visit)
        return response
    form = RegistrationForm(sessions=sessions, checked=checked)
    response = render_page(request, TEMPLATE, {"visit": visit, "form": form})
    shell = without_choices(response.content.decode())
    if shell is not None:
        breaker.call(cache.set, key, shell, seconds_to_keep(response))
    return response


def session_list(form: SessionList) -> tuple[str, frozenset]:
    """The session list as it is within the whole page, and the languages of the fallback
    texts it shows."""
    outer = fallbacks_shown.get()
    fallbacks_shown.set(frozenset())
    try:
        choices = render_to_string(CHOICES_TEMPLATE, {"field": form["sessions"]})
        # As crispy-forms writes it within the whole form: spaces between tags squeezed.
        return remove_spaces(choices.strip()), fallbacks_shown.get()
    finally:
        fallbacks_shown.set(outer)


def without_choices(page: str) -> str | None:
    """The page with its session list (the outer fieldset, day fieldsets inside) replaced by
    MARK; None if the page has no such list."""
    start = page.find(OPENING)
    if start < 0:
        return None
    depth, position = 0, start
    while True:
        opening = page.find("<fieldset", position)
        closing = page.find("</fieldset>", position)
        if closing < 0:
            return None
        if 0 <= opening < closing:
            depth, position = depth + 1, opening + 1
            continue
        depth, position = depth - 1, closing + len("</fieldset>")
        if depth == 0:
            return page[:start] + MARK + page[position:]
