"""How the public pages write programme content: in the visitor's language, marked with its
own language where a fallback is shown, and dates written the way each language writes them."""

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from programme.translation import fallbacks_shown, forget_fallbacks, note_fallback, shown_language

register = template.Library()


@register.filter
def lang_attr(obj, field: str) -> str:
    """` lang="en"` for an element showing a fallback text (say the English title on the
    Greek page), so that screen readers switch voice; nothing otherwise."""
    code = shown_language(obj, field)
    if code == get_language():
        return ""
    note_fallback(code)
    return format_html(' lang="{}"', code)


@register.filter
def text_in_place(obj, field: str) -> str:
    """The text, wrapped in <span lang="..."> if it is a fallback: for texts inside a sentence."""
    text = getattr(obj, field)
    code = shown_language(obj, field)
    if code == get_language():
        return text
    note_fallback(code)
    return format_html('<span lang="{}">{}</span>', code, text)


@register.simple_tag
def start_fallback_notes() -> str:
    """At the top of a page: no fallback text shown yet."""
    forget_fallbacks()
    return ""


@register.simple_tag
def note_fallbacks(languages) -> str:
    """Notes the languages of fallback texts rendered apart from the page (a list put in
    afterwards), for the page's notice."""
    for code in languages or ():
        note_fallback(code)
    return ""


@register.inclusion_tag("programme/includes/_fallback_notice.html")
def fallback_notice() -> dict:
    """Once per page, below its content: which texts are shown in another language. Visible to
    everyone, not only to screen readers (who also hear each such text in its own voice)."""
    shown = fallbacks_shown.get()
    forget_fallbacks()
    return {"in_english": "en" in shown, "in_french": "fr" in shown}


# Each style: the usual format, and the languages that write it otherwise. Spanish says "20 de
# febrero de 2018"; Greek puts the month in the genitive (E: "20 Φεβρουαρίου", not
# "20 Φεβρουάριος").
DATE_STYLES = {
    "weekday_date": ("l j F Y", {"es": r"l, j \d\e F \d\e Y", "el": "l j E Y"}),
    "weekday_day_month": ("l j F", {"es": r"l, j \d\e F", "el": "l j E"}),
    "short_weekday_day_month": ("D j M", {"es": r"D j \d\e M", "el": "D j M"}),
    "short_weekday_day": ("D j", {}),
    "short_weekday_day_full_month": ("D j F", {"es": r"D j \d\e F", "el": "D j E"}),
    "day_month": ("j F", {"es": r"j \d\e F", "el": "j E"}),
    "day_month_year": ("j F Y", {"es": r"j \d\e F \d\e Y", "el": "j E Y"}),
}
# Django's Italian names of days and months start with a capital; Italian writes them in
# lower case ("martedì 20 febbraio").
LOWER_CASE_NAMES = {"it"}


@register.filter
def visit_date(value, style: str) -> str:
    """A date in one of DATE_STYLES, in the active language. Add |capfirst at a sentence start."""
    if not value:
        return ""
    language = get_language()
    usual, by_language = DATE_STYLES[style]
    text = date_format(value, by_language.get(language, usual))
    return text.lower() if language in LOWER_CASE_NAMES else text


def utc_offset(moment: datetime.datetime) -> str:
    """ "+2", "-3:30", or "" for UTC itself: as in "UTC+2"."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    if not minutes:
        return ""
    sign, minutes = ("+" if minutes > 0 else "-"), abs(minutes)
    return f"{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


@register.filter
def visit_moment(value: datetime.datetime, visit) -> str:
    """A moment (registration opens...) as read in the visit's city, the zone named: a visitor
    in another time zone, or the server's, must not read another hour. 24-hour clock in every
    language: "Monday 1 February 2027 at 10:00, local time in Athens (UTC+2)"."""
    if not value:
        return ""
    local = timezone.localtime(value, visit.tzinfo)
    return gettext("%(date)s at %(time)s, local time in %(city)s (UTC%(offset)s)") % {
        "date": visit_date(local.date(), "weekday_date"),
        "time": local.strftime("%H:%M"),
        "city": visit.city,
        "offset": utc_offset(local),
    }
