"""The organisers' dashboard: fill rates, waiting lists, people by country and meal needs,
for a visit chosen in the page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from programme.models import StudyVisit
from registrations.admin import reports
from registrations.admin.downloads import may_export
from registrations.domain.ids import IDS, number_in
from registrations.models import ExportFile


def chosen_visit(request, visits):
    """The visit asked for in the address (?visit=<id>), else the most recent one. An id that
    is no visit's is a 404, as for any object; anything else is said, and ignored."""
    chosen = request.GET.get("visit", "")
    if not chosen:
        return visits.first()
    visit_id = number_in(chosen)
    if visit_id is None:
        messages.warning(
            request,
            _("The address does not name a study visit: here is the most recent one."),
        )
        return visits.first()
    if visit_id not in IDS:
        raise Http404
    return get_object_or_404(visits, pk=visit_id)


def dashboard(request, admin_site):
    if not request.user.has_perm("registrations.view_registration"):
        raise PermissionDenied
    visits = StudyVisit.objects.all()
    visit = chosen_visit(request, visits)
    context = {
        **admin_site.each_context(request),
        "title": _("Dashboard"),
        "visits": visits,
        "visit": visit,
        "can_export": (can_export := may_export(request.user)),
        "can_promote": request.user.has_perm("registrations.change_registration"),
        "can_write": request.user.has_perm("registrations.add_mailing"),
    }
    if visit is not None:
        context |= {
            "days": (days := reports.fill_by_day(visit)),
            "anyone_waiting": any(s.waiting_list for day in days for s in day.sessions),
            "countries": reports.totals_by_country(visit),
            "groups": reports.totals_by_group(visit),
            "meals": reports.meal_needs(visit),
            "claims_waiting": reports.claims_waiting(visit),
            "prepared_files": visit.export_files.defer("content") if can_export else [],
            "prepared_kinds": ExportFile.Kind.choices,
        }
    return render(request, "admin/registrations/dashboard.html", context)
