"""The dashboard's "prepare" buttons (POST: the file is queued for the worker) and the download
of a prepared file."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programme.models import StudyVisit
from registrations.admin.downloads import attachment, export_filename, for_exporters
from registrations.domain.ids import IDS
from registrations.exports.background import request_export
from registrations.exports.badges import badge_language
from registrations.models import ExportFile


def dashboard_url(visit_id: int) -> str:
    return reverse("admin:registrations_dashboard") + f"?visit={visit_id}#prepared"


@require_POST
@for_exporters
def prepare(request, pk, fmt):
    kind = fmt  # the file's kind, named as the downloads name their formats
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


@for_exporters
def download(request, pk):
    if pk not in IDS:
        raise Http404
    prepared = get_object_or_404(ExportFile, pk=pk, state=ExportFile.State.READY)
    return attachment(bytes(prepared.content), prepared.filename)
