"""Organisers' sign-in lockout (django-axes): the policy, and the page shown when it holds.

Failures are counted in the database over the last KISS_LOGIN_LOCKOUT_MINUTES (15):
- per user name and address: KISS_LOGIN_FAILURES (5) lock that pair, so that one guesser
  gets five tries per quarter hour;
- per user name over every address: KISS_LOGIN_ACCOUNT_FAILURES (20) lock the account for every
  address it has not signed in from in the last KNOWN_DAYS, so that a guesser spread over many
  addresses has a ceiling too;
- an address the user signed in from in the last KNOWN_DAYS (the office, the venue's Wi-Fi shared
  by everyone there) is not locked by failures from elsewhere, and its own pair limit is the
  account limit: five mistakes by others behind the same address do not lock the organiser out.
"""

import datetime

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

KNOWN_DAYS = 30
# The length of django-axes' user name column: a longer name is counted by its first 255
# characters rather than failing the sign-in with a database error.
USERNAME_LENGTH = 255


def username(request, credentials) -> str | None:
    """The user name axes records (AXES_USERNAME_CALLABLE): as typed, cut to its column."""
    if credentials:
        typed = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        typed = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return typed[:USERNAME_LENGTH] if isinstance(typed, str) else typed


def known_address(request, credentials) -> bool:
    """Whether this user name signed in from the request's address in the last KNOWN_DAYS."""
    since = timezone.now() - datetime.timedelta(days=KNOWN_DAYS)
    return AccessLog.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=request.axes_ip_address,
        attempt_time__gte=since,
    ).exists()


def failure_limit(request, credentials) -> int:
    """Failures for one user name from one address before that pair is locked
    (AXES_FAILURE_LIMIT)."""
    if known_address(request, credentials):
        return settings.KISS_LOGIN_ACCOUNT_FAILURES
    return settings.KISS_LOGIN_FAILURES


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler, with the per-account ceiling on top of its per-pair count. axes
    compares get_failures with AXES_FAILURE_LIMIT (failure_limit) both before a sign-in and after
    a failure: a locked account counts as at least the limit."""

    def get_failures(self, request, credentials=None) -> int:
        pair = super().get_failures(request, credentials)
        if self.account_locked(request, credentials):
            request.kiss_account_locked = True
            return max(pair, settings.KISS_LOGIN_ACCOUNT_FAILURES, settings.KISS_LOGIN_FAILURES)
        return pair

    def account_locked(self, request, credentials=None) -> bool:
        name = get_client_username(request, credentials)
        if not name or known_address(request, credentials):
            return False
        attempts = AccessAttempt.objects.filter(
            username=name, attempt_time__gte=get_cool_off_threshold(request)
        )
        failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
        return failures >= settings.KISS_LOGIN_ACCOUNT_FAILURES


def lockout_page(request, original_response=None, credentials=None):
    """429 in the admin's look and in the language of the address, saying how long to wait and
    who can unlock (settings.AXES_LOCKOUT_CALLABLE)."""
    account = getattr(request, "kiss_account_locked", False)
    context = {
        **admin.site.each_context(request),
        "account_locked": account,
        "failure_limit": (
            settings.KISS_LOGIN_ACCOUNT_FAILURES if account else failure_limit(request, credentials)
        ),
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "lockout.html", context, status=429)
