"""The sessions of a sign-up form, each rendered once per what it shows, then reused.

In a rush of sign-ups every confirmed place changes the pages version, so the form's session
list is rendered again for nearly every visitor (registrations/public/form_page.py), yet from
one sign-up to the next a session's row changes only by its places' text. So each row is kept,
in this process, under everything it shows: the language, the field (name, id, errors), ticked
or not, full or not, and every column of the session and its venue but the two counters of
confirmed places; its places' text is a slot. The places' text is kept apart, under the numbers
it shows (open or not, full, provisional, unlimited, places left): a few dozen texts, shared by
all sessions. A key holds all a row shows, so a kept row is never stale: new places, a new title
or a new venue make a new key, rendered once.

A row also notes which of its texts are shown in another language (the page's fallback
notice): that is kept with it and noted again each time it is reused.
"""

import operator

from django import template
from django.template.loader import render_to_string
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from programme.models import Session, Venue
from programme.translation import fallbacks_shown

register = template.Library()

ROW = "registrations/includes/_session_choice.html"
PLACES = "programme/includes/_session_places.html"
# Where a row's places' text goes: a comment, which no escaped text of a session can hold.
PLACES_SLOT = mark_safe("<!--kiss:places-->")
COUNTERS = {"confirmed_local", "confirmed_delegation"}
session_columns = operator.itemgetter(
    *[f.attname for f in Session._meta.concrete_fields if f.attname not in COUNTERS]
)
venue_columns = operator.itemgetter(*[f.attname for f in Venue._meta.concrete_fields])
# Rows and places' texts kept per process; past this many, all are dropped and made again.
KEPT_AT_MOST = 2000

rows: dict[tuple, tuple[str, frozenset]] = {}
places_texts: dict[tuple, str] = {}


@register.simple_tag
def session_choice(field, session, checked) -> SafeString:
    """The session's row in the form's list: its checkbox, when, what, where, and places."""
    key = (get_language(), field.html_name, field.auto_id, bool(field.errors), bool(checked))
    try:
        key += (session.is_full, *shown_columns(session))
    except KeyError:  # a column not loaded: nothing to key the row on
        key = None
    row = rows.get(key)
    if row is None:
        row = rendered_row(field, session, checked)
        if key is not None:
            keep(rows, key, row)
    elif row[1]:
        fallbacks_shown.set(fallbacks_shown.get() | row[1])
    return mark_safe(row[0].replace(PLACES_SLOT, places_text(session), 1))


def shown_columns(session) -> tuple:
    """The session's columns and its venue's, as loaded: read past modeltranslation's
    descriptors, which cost ten times more (the key holds every language's column anyway)."""
    if session.venue_id is None:
        return session_columns(vars(session))
    return (*session_columns(vars(session)), *venue_columns(vars(session.venue)))


def rendered_row(field, session, checked) -> tuple[str, frozenset]:
    """The row with its places' slot, and the languages of the fallback texts it shows (noted
    on the page being rendered too)."""
    outer = fallbacks_shown.get()
    fallbacks_shown.set(frozenset())
    try:
        context = {"field": field, "session": session, "checked": checked, "places": PLACES_SLOT}
        return render_to_string(ROW, context), fallbacks_shown.get()
    finally:
        fallbacks_shown.set(outer | fallbacks_shown.get())


def places_text(session) -> str:
    key = (
        get_language(),
        session.is_open_for_signup,
        session.is_full,
        session.capacity_is_provisional,
        session.capacity is None,
        session.places_left,
    )
    text = places_texts.get(key)
    if text is None:
        text = keep(places_texts, key, render_to_string(PLACES, {"session": session}))
    return text


def keep(kept: dict, key: tuple, value):
    if len(kept) >= KEPT_AT_MOST:
        kept.clear()
    kept[key] = value
    return value


def forget_all(**kwargs) -> None:
    """A template edited while the development server runs: rows are made again from it."""
    rows.clear()
    places_texts.clear()


file_changed.connect(forget_all, dispatch_uid="session-choices-template-changed")
