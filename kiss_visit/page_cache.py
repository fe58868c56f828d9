"""Rendered public pages, kept until the places or the programme change.

A public page (the programme, a session, a venue, a visit, the registration form) is rendered
once per address and language, then served from the cache. Every cached page is filed under the
current *pages version*, a random token that each change of places or of programme content
replaces: a page rendered before the change is then never found again, so the places left shown
are never older than the last committed sign-up.

Who changes the version: any write to a programme row, since the pages show nothing else:
- `Session.objects....update()` (programme/querysets.py), which is how the services change
  places and capacities (registrations.places: counters under the session's lock) and how a
  fixture load recounts them; a sign-up that only joins a waiting list changes no row, and
  leaves the cached pages in place;
- saving or deleting any programme object (the admin, a fixture load): see `watch_programme`.
Each bumps the version twice: at once, and again when the transaction commits. A page rendered
between the two (from the data before the commit) is filed under the first token and dropped by
the second; a page rendered after the commit is filed under the second and shows the change.

Where the version lives: in Redis when REDIS_URL is set (shared by every app server), else in a
file of DJANGO_VAR_DIR (shared by every worker of this machine). Reading it is no database query,
so a cached page costs no query at all, and a page that is not cached runs exactly the queries of
its view. Pages live in the default cache (Redis, or each worker's memory).

What is never cached: anything but a GET with an empty query string (or, for the registration
form, only `?session=<one slug>`), a response other than 200, a request with messages to show
(they are someone's own). A page that shows whether registration is open expires when it opens
or closes (`render_page`).
"""

import datetime
import functools
import hashlib
import logging
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone

logger = logging.getLogger(__name__)
VERSION_KEY = "pages-version"
# Stands for the form's CSRF token in a cached registration form; each visitor gets their own.
CSRF_PLACEHOLDER = "kiss-csrf-token-placeholder-7c1e"
MAX_SECONDS = 24 * 3600


def code_fingerprint() -> str:
    """Changes when templates, translations or Python code are deployed, so that a shared cache
    (Redis) never serves a page rendered by the previous release."""
    digest = hashlib.sha256()
    for folder, pattern in (
        ("templates", "**/*.html"),
        ("templates", "**/*.txt"),
        ("locale", "**/*.mo"),
        ("programme", "**/*.py"),
        ("registrations", "**/*.py"),
        ("kiss_visit", "**/*.py"),
    ):
        for path in sorted((settings.BASE_DIR / folder).glob(pattern)):
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


@functools.cache
def release() -> str:
    return code_fingerprint()


# The version --------------------------------------------------------------------------------


def version_file() -> Path:
    return Path(settings.VAR_DIR) / "pages-version"


def current_version() -> str:
    if settings.PAGES_VERSION_IN_CACHE:
        version = cache.get(VERSION_KEY)
        if version is None:  # never set, or lost (Redis restarted): a token never seen before
            cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
            version = cache.get(VERSION_KEY)
        return version
    try:
        return version_file().read_text() or "empty"
    except FileNotFoundError:
        bump_version()
        return version_file().read_text()


def bump_version() -> None:
    """A new token. Never raises: a sign-up must not fail because Redis does not answer (the
    pages are then rendered without the cache, see cached_page, until it does)."""
    token = secrets.token_hex(8)
    try:
        if settings.PAGES_VERSION_IN_CACHE:
            cache.set(VERSION_KEY, token, timeout=None)
            return
        # Written aside, then renamed over the old one: a reader sees one token or the other.
        path = version_file()
        aside = path.with_name(f".{path.name}.{os.getpid()}.{token}")
        aside.write_text(token)
        os.replace(aside, path)
    except Exception:
        logger.exception("Could not change the version of the cached pages")


def pages_changed(using: str = "default") -> None:
    """Places or programme content are changing in the current transaction (if any)."""
    bump_version()
    transaction.on_commit(bump_version, using=using, robust=True)


def programme_object_changed(sender, raw=False, using="default", **kwargs) -> None:
    pages_changed(using)


def watch_programme() -> None:
    """Every save or delete of a programme object changes the pages (called by an AppConfig)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for model in apps.get_app_config("programme").get_models():
        uid = f"pages-{model._meta.label}"
        post_save.connect(programme_object_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(programme_object_changed, sender=model, dispatch_uid=uid)


# The pages ----------------------------------------------------------------------------------


def registration_changes_at(visit) -> datetime.datetime | None:
    """The next moment the visit's registration opens or closes, if any is ahead."""
    now = timezone.now()
    moments = [visit.registration_opens_at, visit.registration_closes_at] if visit else []
    ahead = [moment for moment in moments if moment and moment > now]
    return min(ahead, default=None)


def render_page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    """`render`, noting until when the page holds: it shows whether registration is open."""
    response = render(request, template, context, status=status)
    response.fresh_until = registration_changes_at(context.get("visit"))
    return response


def cacheable(request, allowed_parameters: frozenset) -> bool:
    if request.method != "GET" or any(key not in allowed_parameters for key in request.GET):
        return False
    if any(len(request.GET.getlist(key)) > 1 for key in request.GET):
        return False
    return not len(getattr(request, "_messages", ()))


def address_digest(request) -> str:
    """The page's address (host, path, parameters in order) as a short digest: cache keys stay
    short and plain whatever a visitor puts in the address."""
    parameters = "&".join(f"{k}={v}" for k, v in sorted(request.GET.items()))
    address = f"{request.get_host()}{request.path}?{parameters}"
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def page_key(request) -> str:
    return f"page:{release()}:{current_version()}:{address_digest(request)}"


def seconds_to_keep(response) -> int:
    until = getattr(response, "fresh_until", None)
    if until is None:
        return MAX_SECONDS
    return max(0, min(MAX_SECONDS, int((until - timezone.now()).total_seconds())))


def cached_page(view=None, *, parameters=(), with_csrf_token=False):
    """Serve the view's page from the cache while the pages version holds (see the module).
    `parameters`: query parameters that may vary the page (one value each); `with_csrf_token`:
    the page holds a form, whose CSRF token is put in for each visitor."""
    allowed = frozenset(parameters)

    def decorate(view):
        @functools.wraps(view)
        def serve(request, *args, **kwargs):
            if not cacheable(request, allowed):
                return view(request, *args, **kwargs)
            try:
                key = page_key(request)
                stored = cache.get(key)
            except Exception:  # Redis unreachable: the page as if there were no cache
                logger.warning("Page cache unavailable for %s", request.path, exc_info=True)
                return view(request, *args, **kwargs)
            if stored is not None:
                return page_for_visitor(request, *stored, with_csrf_token)
            request.csrf_placeholder = with_csrf_token
            response = view(request, *args, **kwargs)
            keep(key, response)
            if with_csrf_token and not response.streaming:
                response.content = with_visitors_token(request, response.content)
            return response

        return serve

    return decorate(view) if view else decorate


def keep(key: str, response) -> None:
    """Store a page worth keeping: not an error, a redirect, nor one about to go stale."""
    seconds = seconds_to_keep(response)
    if response.status_code == 200 and not response.streaming and seconds >= 1:
        try:
            cache.set(key, (response.content, response["Content-Type"]), timeout=seconds)
        except Exception:
            logger.warning("Could not keep the page %s", key, exc_info=True)


def page_for_visitor(request, content: bytes, content_type: str, with_csrf_token: bool):
    if with_csrf_token:
        content = with_visitors_token(request, content)
    return HttpResponse(content, content_type=content_type)


def with_visitors_token(request, content: bytes) -> bytes:
    """The page's CSRF placeholder replaced by this visitor's token (which also sets the CSRF
    cookie, as {% csrf_token %} does)."""
    placeholder = CSRF_PLACEHOLDER.encode()
    if placeholder not in content:
        return content
    return content.replace(placeholder, get_token(request).encode())


def csrf_placeholder(request) -> dict:
    """Context processor: a page being rendered for the cache gets a placeholder instead of this
    visitor's CSRF token (see cached_page)."""
    if getattr(request, "csrf_placeholder", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}
