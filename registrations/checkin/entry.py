"""The address a check-in code holds: /checkin/person/<code>/, with no language in it. It sends
the organiser who scans it to the person's check-in page in their own language: the one they
last used the admin in, else the one their browser asks for. Signing in and the refusal for
anyone else are the admin page's (registrations/checkin/views.py)."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from kiss_visit.http.organiser_language import COOKIE_NAME


def organiser_language(request) -> str:
    language = request.COOKIES.get(COOKIE_NAME)
    if language in dict(settings.LANGUAGES):
        return language
    return translation.get_language_from_request(request)


def checkin_code_entry(request, code: str):
    with translation.override(organiser_language(request)):
        return redirect(reverse("admin:registrations_checkin_person", args=[code]))
