"""Public pages of the programme. Each one runs a fixed number of queries, whatever its size, and
is then served from the page cache until places or programme change (programme/page_cache.py)."""

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from programme.calendar import calendar_file
from programme.kept import published_visit
from programme.models import Session, StudyVisit, Venue
from programme.page_cache import cached_page, render_page
from programme.sorting import by_name
from programme.week import week_rows


@cached_page
def home(request):
    visit = StudyVisit.objects.featured()
    if visit is None:
        return render(request, "programme/no_visit.html")
    return render_visit_page(request, visit)


@cached_page
def visit_detail(request, visit):
    return render_visit_page(request, published_visit(visit))


def render_visit_page(request, visit: StudyVisit):
    days = visit.days.annotate(session_count=Count("sessions"))
    other_visits = StudyVisit.objects.published().exclude(pk=visit.pk)
    context = {"visit": visit, "days": days, "other_visits": other_visits}
    return render_page(request, "programme/visit_detail.html", context)


@cached_page
def programme(request, visit):
    visit = published_visit(visit)
    days = visit.days.with_sessions(Session.objects.for_listing())
    return render_page(request, "programme/programme.html", {"visit": visit, "days": days})


@cached_page
def week(request, visit):
    """The programme as one table, like the seed's; on a phone, the same day by day."""
    visit = published_visit(visit)
    days = list(visit.days.with_sessions(Session.objects.for_listing()))
    context = {"visit": visit, "days": days, "rows": week_rows(days)}
    return render_page(request, "programme/week.html", context)


@cached_page
def venues(request, visit):
    visit = published_visit(visit)
    context = {"visit": visit, "venues": by_name(Venue.objects.of_visit(visit))}
    return render_page(request, "programme/venues.html", context)


@cached_page
def session_detail(request, visit, session):
    sessions = Session.objects.published().for_detail()
    session = get_object_or_404(sessions, day__visit__slug=visit, slug=session)
    same_day = session.day.sessions.for_listing().exclude(pk=session.pk)
    context = {"visit": session.day.visit, "session": session, "same_day": same_day}
    return render_page(request, "programme/session_detail.html", context)


@cached_page
def venue_detail(request, visit, venue):
    visit = published_visit(visit)
    venue = get_object_or_404(Venue, slug=venue)
    sessions = venue.sessions.filter(day__visit=visit).select_related("day").in_programme_order()
    context = {"visit": visit, "venue": venue, "sessions": sessions}
    return render_page(request, "programme/venue_detail.html", context)


def programme_calendar(request, visit):
    visit = published_visit(visit)
    sessions = (
        Session.objects.filter(day__visit=visit)
        .select_related("day__visit", "venue")
        .in_programme_order()
    )
    name = _("KISS study visit — %(city)s") % {"city": visit.city}
    ics = calendar_file(sessions, name=name, build_url=request.build_absolute_uri)
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    filename = f"{slugify(visit.slug)}-{request.LANGUAGE_CODE}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
