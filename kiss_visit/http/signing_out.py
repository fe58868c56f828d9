"""Signing out of the admin also empties what the check-in pages left on the phone.

The check-in page's service worker (static/js/checkin_sw.js) keeps the pages it showed, with
participants' names and check-in codes, so that they open again without network. Once the
organiser signs out, they must not: the admin's logout page is answered with
`Clear-Site-Data`, which the browser acts on before showing it, with or without JavaScript.

- `"cache"`: the browser's HTTP cache and its back/forward cache (a Back after signing out).
- `"storage"`: everything the site keeps in the browser but cookies: the service worker and
  its cached pages, localStorage (the taps kept on the phone, and what the server last said of
  each session). Cookies stay: the organiser's language (organiser_language.py) must outlive
  the sign-out, and Django's logout already deletes the session's cookie.

Taps made without network and not sent yet are attendance nobody else has, and "storage" would
throw them away without a word. The check-in page says how many there are in a cookie of its
own (UNSENT_COOKIE, a number, set by static/js/checkin_offline.js); while it is above 0 the
logout sends `"cache"` only, and the logged-out page (templates/admin/logged_out.html) says so
and, with static/js/checkin_forget.js, deletes the kept pages and the server's last word but
keeps the taps (registration numbers, present or not, and a time: no name, no code). They are
sent when an organiser signs in on that phone and opens that session's check-in page again.
"""

UNSENT_COOKIE = "kiss_checkin_unsent"
EVERYTHING = '"cache", "storage"'
KEEPING_TAPS = '"cache"'


def unsent_taps(request) -> int:
    """How many taps the check-in page said it still has to send (0 if it said nothing)."""
    said = request.COOKIES.get(UNSENT_COOKIE, "")
    return int(said) if said.isdigit() and len(said) < 6 else 0


class SignOutClearsSiteDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name == "admin:logout" and response.status_code < 400:
            response.headers["Clear-Site-Data"] = (
                KEEPING_TAPS if unsent_taps(request) else EVERYTHING
            )
        return response

    def process_template_response(self, request, response):
        """The logged-out page says how many taps the phone still keeps."""
        if request.resolver_match.view_name == "admin:logout" and response.context_data is not None:
            response.context_data["unsent_taps"] = unsent_taps(request)
        return response
