"""The import pages: upload a file -> preview of every line's outcome (nothing written) ->
confirm (the same import, written). Between the two, the checked lines wait in the organiser's
session; the confirmation writes them only if every outcome is still the one previewed."""

from dataclasses import asdict

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from programme.models import Session, StudyVisit
from registrations.admin.buttons import organiser
from registrations.admin.imports.columns import header_keys
from registrations.admin.imports.reading import MAX_BYTES, UnreadableFile, read_table
from registrations.admin.imports.rows import ImportChoices, check_lines
from registrations.exports.rows import LANGUAGE_NAMES
from registrations.models import Participant
from registrations.services.importing import OutcomeChanged, PersonToImport, import_people

CHANGE = "registrations.change_registration"  # importing makes registrations, like a hand sign-up
KEPT = "participant_import"  # where the checked lines wait in the session


class UploadForm(forms.Form):
    visit = forms.ModelChoiceField(
        label=gettext_lazy("Study visit"), queryset=StudyVisit.objects.all(), empty_label=None
    )
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        help_text=gettext_lazy(
            "One line per person, the first line naming the columns as our exports do: Last "
            "name, First name, E-mail, Organisation, Country, Language, Delegation or local, "
            "Dietary needs, Accessibility needs, Sessions (separated by semicolons)."
        ),
    )
    default_language = forms.ChoiceField(
        label=gettext_lazy("Language of people without one"), choices=settings.LANGUAGES
    )
    join_waiting_list = forms.BooleanField(
        label=gettext_lazy("If a session is full, put them on its waiting list"),
        required=False,
        initial=True,
    )
    notify = forms.BooleanField(
        label=gettext_lazy("Send each new person the confirmation e-mail"),
        required=False,
        initial=True,
    )
    consent_given = forms.BooleanField(
        label=gettext_lazy("Everyone on the list gave their consent to the privacy notice"),
        help_text=gettext_lazy("Recorded as given to you, now."),
        error_messages={"required": gettext_lazy("Import people only once they have consented.")},
    )

    def choices(self) -> ImportChoices:
        data = self.cleaned_data
        return ImportChoices(
            visit=data["visit"],
            default_language=data["default_language"],
            join_waiting_list=data["join_waiting_list"],
            notify=data["notify"],
        )


def urls(model_admin):
    def view(function):
        def checked(request):
            if not (model_admin.has_add_permission(request) and request.user.has_perm(CHANGE)):
                raise PermissionDenied
            return function(request, model_admin)

        return model_admin.admin_site.admin_view(checked)

    return [
        path("import/", view(upload), name="registrations_participant_import"),
        path(
            "import/confirm/",
            view(require_POST(confirm)),
            name="registrations_participant_import_confirm",
        ),
    ]


def upload(request, model_admin):
    form = UploadForm(
        request.POST or None, request.FILES or None, initial={"visit": StudyVisit.objects.first()}
    )
    if form.is_valid():
        try:
            table = read_table(form.cleaned_data["file"])
            keys, ignored = header_keys(table[0])
        except UnreadableFile as error:
            form.add_error("file", error.message)
        except ValueError as error:
            form.add_error("file", str(error))
        else:
            return preview(request, model_admin, form.choices(), table, keys, ignored)
    context = {**page_context(request, model_admin, _("Import participants")), "form": form}
    context["max_megabytes"] = MAX_BYTES // 1024 // 1024
    return TemplateResponse(request, "admin/registrations/imports/upload.html", context)


def preview(request, model_admin, choices: ImportChoices, table, keys, ignored):
    lines = check_lines(table, keys, choices)
    people = [line.person for line in lines if line.person is not None]
    outcomes = import_people(
        visit=choices.visit,
        people=people,
        join_waiting_list=choices.join_waiting_list,
        notify=choices.notify,
        by=organiser(request),
        dry_run=True,
    )
    request.session[KEPT] = {
        "visit": choices.visit.pk,
        "join_waiting_list": choices.join_waiting_list,
        "notify": choices.notify,
        "people": [asdict(person) for person in people],
        "expected": [outcome.summary() for outcome in outcomes],
    }
    by_line = {outcome.line: outcome for outcome in outcomes}
    names = {
        s.pk: str(s) for s in Session.objects.filter(day__visit=choices.visit).select_related("day")
    }
    rows = [
        (line, *read_as(line), *outcome_text(line, by_line.get(line.line), names)) for line in lines
    ]
    writes = [o for o in outcomes if o.changes_something]
    context = {
        **page_context(request, model_admin, _("Import participants: preview")),
        "visit": choices.visit,
        "rows": rows,
        "ignored": ignored,
        "counts": {
            "new": sum(o.new and not o.refused for o in outcomes),
            "more": sum(not o.new and o.changes_something for o in outcomes),
            "unchanged": sum(not o.refused and not o.changes_something for o in outcomes),
            "left_out": sum(bool(line.errors) for line in lines)
            + sum(bool(o.refused) for o in outcomes),
        },
        "can_confirm": bool(writes),
    }
    return TemplateResponse(request, "admin/registrations/imports/preview.html", context)


def read_as(line) -> tuple[str, str]:
    """The language and the kind of place a line was read as (as typed, if it was refused)."""
    if line.person is None:
        return line.cells.get("language", ""), line.cells.get("group", "")
    delegation = line.person.details["is_delegation"]
    return (
        str(LANGUAGE_NAMES[line.person.language]),
        _("Partner delegation") if delegation else _("Local"),
    )


def outcome_text(line, outcome, names) -> tuple[str, list[str]]:
    """(kind, sentences) of a line's outcome, for the preview's table."""
    if line.errors:
        return "error", [_("Left out:"), *line.errors]
    if line.same_as:
        return "same", [
            _("Same person as line %(line)s: their sessions are added there.")
            % {"line": line.same_as}
        ]
    if outcome.refused:
        return "error", [_("Left out:"), outcome.refused]
    said = []
    if outcome.confirmed:
        said.append(_("Confirmed: %(sessions)s.") % {"sessions": titles(outcome.confirmed, names)})
    if outcome.waiting:
        said.append(_("Waiting list: %(sessions)s.") % {"sessions": titles(outcome.waiting, names)})
    if outcome.new:
        return "new", [_("New participant."), *said]
    if not said:
        return "unchanged", [_("Already registered: nothing to add.")]
    return "more", [_("Already registered: more sessions."), *said]


def titles(sessions, names) -> str:
    return ", ".join(names[session.pk] for session in sessions)


def confirm(request, model_admin):
    kept = request.session.pop(KEPT, None)
    visit = kept and StudyVisit.objects.filter(pk=kept["visit"]).first()
    if not visit:
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect(reverse("admin:registrations_participant_import"))
    try:
        outcomes = import_people(
            visit=visit,
            people=[PersonToImport(**person) for person in kept["people"]],
            join_waiting_list=kept["join_waiting_list"],
            notify=kept["notify"],
            by=organiser(request),
            expected=kept["expected"],
        )
    except OutcomeChanged as error:
        messages.error(request, error.message)
        return redirect(reverse("admin:registrations_participant_import"))
    new = sum(o.new and not o.refused for o in outcomes)
    more = sum(not o.new and o.changes_something for o in outcomes)
    messages.success(
        request,
        _("Imported. New participants: %(new)s. Already registered, with more sessions: %(more)s.")
        % {"new": new, "more": more},
    )
    changelist = reverse("admin:registrations_participant_changelist")
    return redirect(f"{changelist}?visit__id__exact={visit.pk}")


def page_context(request, model_admin, title) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": Participant._meta,
    }
