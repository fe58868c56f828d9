"""Remembers, in an organiser's session, the language they use the admin in (/el/admin/…), so
that an address without a language (the check-in code's, scanned with their phone) opens in
it rather than in the site's default."""

SESSION_KEY = "organiser_language"


class OrganiserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if match and match.namespace == "admin" and user and user.is_staff:
            language = getattr(request, "LANGUAGE_CODE", None)
            if language and request.session.get(SESSION_KEY) != language:
                request.session[SESSION_KEY] = language
        return response
