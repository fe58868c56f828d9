"""The dashboard's "prepare" buttons (POST: the file is queued for the worker) and the download
of a prepared file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programme.models import StudyVisit
from registrations.admin.downloads import EXPORT_PERMISSION, export_filename
from registrations.domain.ids import IDS
from registrations.exports.background import request_export
from registrations.exports.badges import badge_language
from registrations.models import ExportFile

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def dashboard_url(visit_id: int) -> str:
    return reverse("admin:registrations_dashboard") + f"?visit={visit_id}#prepared"


@require_POST
def prepare(request, pk, fmt):
    kind = fmt  # the file's kind, named as the downloads name their formats
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    if pk not in IDS or kind not in ExportFile.Kind.values:
        raise Http404
    visit = get_object_or_404(StudyVisit, pk=pk)
    chosen = badge_language(request.POST.get("language")) if kind == "badges" else None
    filename = export_filename("visit", visit) + ("-badges" if kind == "badges" else "")
    request_export(
        visit=visit,
        kind=kind,
        language=get_language(),
        badge_language=chosen or "",
        filename=filename,
        user=request.user,
    )
    messages.success(
        request, _("The file is being prepared. Refresh this page in a minute to download it.")
    )
    return redirect(dashboard_url(visit.pk))


def download(request, pk):
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    if pk not in IDS:
        raise Http404
    prepared = get_object_or_404(ExportFile, pk=pk, state=ExportFile.State.READY)
    extension = prepared.filename.rsplit(".", 1)[-1]
    response = HttpResponse(bytes(prepared.content), content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{prepared.filename}"'
    return response
