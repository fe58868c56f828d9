"""iCalendar files of programme sessions (the whole programme, or a participant's own agenda)."""

import datetime

import icalendar
from django.utils import timezone


def calendar_file(sessions, *, name: str, build_url) -> bytes:
    """An .ics file with one event per session that has a time; untimed sessions are left out
    rather than given an invented one. `build_url(path)` makes the sessions' links absolute."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//KISS study visits//kiss-visit//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for session in sessions:
        if session.start_time is not None:
            calendar.add_component(session_event(session, stamp=stamp, build_url=build_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_event(session, *, stamp, build_url) -> icalendar.Event:
    day, tz = session.day, session.day.visit.tzinfo
    url = build_url(session.get_absolute_url())
    event = icalendar.Event()
    event.add("uid", f"kiss-session-{session.pk}@{session.day.visit.slug}")
    event.add("dtstamp", stamp)
    event.add("dtstart", datetime.datetime.combine(day.date, session.start_time, tzinfo=tz))
    if session.end_time:
        event.add("dtend", datetime.datetime.combine(day.date, session.end_time, tzinfo=tz))
    event.add("summary", session.title)
    event.add("description", "\n\n".join(filter(None, [session.description, url])))
    event.add("url", url)
    if session.venue:
        event.add("location", ", ".join(filter(None, [session.venue.name, session.venue.address])))
    return event
