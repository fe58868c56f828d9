"""iCalendar files of programme sessions (the whole programme, or a participant's own agenda),
written in the active language."""

import datetime

import icalendar
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from programme.translation import shown_language


def calendar_file(sessions, *, name: str, build_url) -> bytes:
    """An .ics file with one event per session. A session with a time is an event at that time;
    one without is an all-day event on its day, its title saying the part of day and that the
    time is to be confirmed (no invented time). Each event's UID is the same in every language
    and every download, and its SEQUENCE is the session's schedule version: a calendar that
    imported the file replaces its copy when organisers set or change a time, day or venue.
    `build_url(path)` makes the sessions' links absolute."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//KISS study visits//kiss-visit//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for session in sessions:
        calendar.add_component(session_event(session, stamp=stamp, build_url=build_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_event(session, *, stamp, build_url) -> icalendar.Event:
    url = build_url(session.get_absolute_url())
    event = icalendar.Event()
    event.add("uid", f"kiss-session-{session.pk}@{session.day.visit.slug}")
    event.add("sequence", session.schedule_version)
    event.add("dtstamp", stamp)
    add_when(event, session)
    event.add("summary", event_title(session), parameters=language_of(session, "title"))
    event.add("description", "\n\n".join(filter(None, [session.description, url])))
    event.add("url", url)
    if session.venue:
        event.add("location", ", ".join(filter(None, [session.venue.name, session.venue.address])))
    return event


def add_when(event: icalendar.Event, session) -> None:
    day, tz = session.day, session.day.visit.tzinfo
    if session.start_time is None:
        event.add("dtstart", day.date)
        event.add("dtend", day.date + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # an all-day placeholder: the time is not blocked
        return
    event.add("dtstart", datetime.datetime.combine(day.date, session.start_time, tzinfo=tz))
    if session.end_time:
        event.add("dtend", datetime.datetime.combine(day.date, session.end_time, tzinfo=tz))


def event_title(session) -> str:
    if session.start_time is not None:
        return session.title
    if session.part_of_day:
        return _("%(title)s (%(part_of_day)s, time to be confirmed)") % {
            "title": session.title,
            "part_of_day": session.get_part_of_day_display().lower(),
        }
    return _("%(title)s (time to be confirmed)") % {"title": session.title}


def language_of(session, field: str) -> dict:
    """A LANGUAGE parameter where the text is a fallback (the English title in a Greek file)."""
    code = shown_language(session, field)
    return {"LANGUAGE": code} if code != get_language() else {}
