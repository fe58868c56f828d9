"""Remembers, in a cookie of the organiser's browser, the language they use the admin in
(/el/admin/…), so that an address without a language (the check-in code's, scanned with their
phone) opens in it rather than in the site's default. A cookie rather than the session: no
database write on admin pages."""

from django.conf import settings

COOKIE_NAME = "kiss_organiser_language"
ONE_YEAR = 365 * 24 * 3600


class OrganiserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        # Only after an admin page that worked: the user is then already read. After a refusal
        # or a 503 (the database down), asking who they are would query the database again.
        if match is None or match.namespace != "admin" or response.status_code >= 400:
            return response
        user = getattr(request, "user", None)
        language = getattr(request, "LANGUAGE_CODE", None)
        if user and user.is_staff and language and request.COOKIES.get(COOKIE_NAME) != language:
            response.set_cookie(
                COOKIE_NAME,
                language,
                max_age=ONE_YEAR,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
