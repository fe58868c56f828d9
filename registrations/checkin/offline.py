"""The check-in page without network (static/js/checkin_offline.js): the taps a phone kept are
sent here, as JSON, when the network is back; and the service worker that keeps the page and
its files on the phone, so that it opens again without network."""

import json
import uuid
from datetime import UTC, datetime

from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registrations.admin.buttons import organiser
from registrations.checkin.views import allowed, counts, session_of
from registrations.domain.ids import id_in
from registrations.services.offline_checkin import Tap, apply_taps

REFUSED = "refused"
MOST_TAPS = 500  # in one request; a phone with more sends them in turns


@require_POST
def session_taps(request, pk: int, admin_site):
    """Apply the taps sent ({"taps": [{"id", "registration", "present", "at"}]}, `at` in
    milliseconds since 1970), and answer with what became of each, the counts and everyone's
    state: the phone shows what the others recorded too."""
    allowed(request)
    session = session_of(pk)
    taps = taps_in(request.body)
    if taps is None:
        return JsonResponse({"error": _("The taps sent could not be read.")}, status=400)
    readable = [tap for tap in taps if isinstance(tap, Tap)]
    done = apply_taps(session=session, taps=readable, by=organiser(request))
    outcomes = {str(tap_id): outcome for tap_id, outcome in done.items()}
    outcomes.update({tap: REFUSED for tap in taps if isinstance(tap, str)})
    confirmed = session.registrations.confirmed()
    return JsonResponse(
        {
            "done": outcomes,
            "counts": counts(confirmed),
            "present": {str(pk): bool(attended) for pk, attended in states(confirmed)},
            "at": round(timezone.now().timestamp() * 1000),  # ms, as the page's data-drawn
        }
    )


def states(confirmed):
    return confirmed.values_list("pk", "attended")


def taps_in(body: bytes) -> list | None:
    """The taps of a request: a Tap for each readable one, its id (a string) for one that is
    not (dropped, so the phone stops sending it); None for a body that is no list of taps."""
    try:
        sent = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    taps = sent.get("taps") if isinstance(sent, dict) else None
    if not isinstance(taps, list) or len(taps) > MOST_TAPS:
        return None
    read = [tap_in(tap) for tap in taps]
    return None if any(tap is None for tap in read) else read


def tap_in(sent) -> Tap | str | None:
    if not isinstance(sent, dict) or not isinstance(sent.get("id"), str):
        return None
    try:
        tap_id = uuid.UUID(sent["id"])
    except ValueError:
        return None
    registration = id_in(str(sent.get("registration", "")))
    at = sent.get("at")
    if registration is None or not isinstance(sent.get("present"), bool):
        return str(tap_id)
    if isinstance(at, bool) or not isinstance(at, int) or not 0 < at < 2**47:
        return str(tap_id)
    made_at = datetime.fromtimestamp(at / 1000, tz=UTC)
    return Tap(id=tap_id, registration=registration, present=sent["present"], at=made_at)


def service_worker(request):
    """static/js/checkin_sw.js, served beside the check-in pages: a service worker only looks
    after the pages under its own address."""
    with open(finders.find("js/checkin_sw.js"), "rb") as script:
        response = HttpResponse(script.read(), content_type="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


def offline_urls(admin_site):
    def page(view):
        return admin_site.admin_view(
            lambda request, **kwargs: view(request, admin_site=admin_site, **kwargs)
        )

    return [
        path(
            "checkin/session/<int:pk>/taps/",
            page(session_taps),
            name="registrations_checkin_taps",
        ),
        # Not behind the sign-in: a file like any in static/, at an address whose folder holds
        # the check-in pages (a service worker's reach).
        path("checkin/worker.js", service_worker, name="registrations_checkin_worker"),
    ]
