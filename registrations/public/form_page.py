"""The registration form page, rebuilt cheaply when only the places have changed.

The page cache (programme/page_cache.py) drops the form's page at each change of places, and in
a rush of sign-ups that is at each sign-up. Yet of the whole page only the list of sessions with
their places left changes: the rest (the fields about the person, 250 countries, the texts) is
rendered through crispy-forms and costs ten times more. So the rest is kept apart, as a *shell*
with a mark where the session list goes, for as long as the page itself would be (the release,
the address, the language, registration open or not), and after a change of places only the
list is rendered again and put in: the same HTML as a full rendering (a test compares them).

Only pages rendered for the page cache (with the CSRF placeholder, never a visitor's token) are
split or rebuilt; any other request renders the whole page.
"""

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

TEMPLATE = "registrations/register.html"
CHOICES_TEMPLATE = "registrations/includes/_session_choices.html"
OPENING = '<fieldset class="session-choices"'
MARK = "<!-- kiss: the sessions and their places -->"


def shell_key(request) -> str:
    return f"form-shell:{release()}:{get_language()}:{address_digest(request)}"


def render_registration_page(request, visit, form) -> HttpResponse:
    if not getattr(request, "csrf_placeholder", False):
        return render_page(request, TEMPLATE, {"visit": visit, "form": form})
    shell = breaker.call(cache.get, shell_key(request))
    if shell is not None:
        choices = render_to_string(CHOICES_TEMPLATE, {"field": form["sessions"]}, request)
        # As crispy-forms writes it within the whole form: spaces between tags squeezed.
        choices = remove_spaces(choices.strip())
        response = HttpResponse(shell.replace(MARK, choices, 1))
        response.fresh_until = registration_changes_at(visit)
        return response
    response = render_page(request, TEMPLATE, {"visit": visit, "form": form})
    shell = without_choices(response.content.decode())
    if shell is not None:
        breaker.call(cache.set, shell_key(request), shell, seconds_to_keep(response))
    return response


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
