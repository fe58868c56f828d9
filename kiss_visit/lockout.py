"""The page an organiser gets after too many failed sign-ins (django-axes' lockout)."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def lockout_page(request, original_response=None, credentials=None):
    """429 in the admin's look and in the language of the address, saying how long to wait and
    who can unlock (settings.AXES_LOCKOUT_CALLABLE)."""
    context = {
        **admin.site.each_context(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "lockout.html", context, status=429)
