"""The site's addresses plus test-only pages, for database failures that strike elsewhere than in
a view: in a middleware after the view, while a template is rendered."""

from django.conf.urls.i18n import i18n_patterns
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path

from kiss_visit import urls as site_urls
from programme.models import StudyVisit

handler500 = site_urls.handler500


def remember_choice(request):
    """Touches no table itself: SessionMiddleware writes the session after the view returns."""
    request.session["chosen"] = "breakfast"
    return HttpResponse("noted")


VISIT_LIST = engines["django"].from_string("{% for visit in visits %}{{ visit }} {% endfor %}")


def visit_list(request):
    """The query runs only when the template is rendered, after the view has returned."""
    return TemplateResponse(request, VISIT_LIST, {"visits": StudyVisit.objects.all()})


def bug(request):
    raise RuntimeError("a bug, not an outage")


def missing_table(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")
    return HttpResponse("unreachable")


urlpatterns = [
    path("remember/", remember_choice, name="remember"),
    *i18n_patterns(
        path("visit-list/", visit_list, name="visit_list"),
        path("bug/", bug, name="bug"),
        path("missing-table/", missing_table, name="missing_table"),
    ),
    *site_urls.urlpatterns,
]
