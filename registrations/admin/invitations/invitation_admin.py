"""Organisers make a delegation invitation (for a partner organisation or a person, a number of
uses, an end date), hand its private link on, follow who registered through it, and revoke it.
Registering through it is the public form's work (registrations/public/views.py, `invitation`)."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kiss_visit.typed_text import TypedTextField
from programme.models import StudyVisit
from registrations import services
from registrations.domain.ids import IDS
from registrations.models import DelegationInvitation

CHANGE_PERMISSION = "registrations.change_delegationinvitation"


class InvitationForm(forms.ModelForm):
    class Meta:
        model = DelegationInvitation
        fields = ["visit", "label", "uses_allowed", "ends_at"]
        field_classes = {"label": TypedTextField}

    def clean_uses_allowed(self):
        allowed = self.cleaned_data["uses_allowed"]
        used = self.instance.uses_count if self.instance.pk else 0
        if allowed < max(1, used):
            raise forms.ValidationError(
                gettext("At least %(minimum)s: it has been used %(used)s times.")
                % {"minimum": max(1, used), "used": used}
                if used
                else gettext("At least one use.")
            )
        return allowed


def state(invitation: DelegationInvitation) -> str:
    if invitation.revoked_at:
        return gettext("Revoked")
    if invitation.ends_at <= timezone.now():
        return gettext("Ended")
    if not invitation.uses_left:
        return gettext("No use left")
    return gettext("Usable")


@admin.register(DelegationInvitation)
class DelegationInvitationAdmin(admin.ModelAdmin):
    form = InvitationForm
    list_display = ["label", "visit", "uses", "ends_at", "state_shown"]
    list_filter = ["visit"]
    list_select_related = ["visit"]
    search_fields = ["label"]
    actions = ["revoke"]
    change_form_template = "admin/registrations/delegationinvitation/change_form.html"

    @admin.display(description=_("uses"))
    def uses(self, invitation):
        return f"{invitation.uses_count} / {invitation.uses_allowed}"

    @admin.display(description=_("state"))
    def state_shown(self, invitation):
        return state(invitation)

    @admin.display(description=_("private link, in each language"))
    def links(self, invitation):
        """The address to hand on; the same invitation in whichever language suits the reader."""
        addresses = []
        for code, name in settings.LANGUAGES:
            with translation.override(code):
                addresses.append((name, settings.SITE_URL + invitation.path()))
        return format_html_join("", "<p>{}: <code>{}</code></p>", addresses)

    @admin.display(description=_("registered through it"))
    def members(self, invitation):
        people = invitation.participants.order_by("created_at", "pk")
        rows = [
            (reverse("admin:registrations_participant_change", args=[person.pk]), person)
            for person in people
        ]
        if not rows:
            return gettext("Nobody yet.")
        items = format_html_join("", '<li><a href="{}">{}</a></li>', rows)
        return format_html("<ul>{}</ul>", items)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["visit", "links", "uses", "state_shown", "members", "created_by", "created_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["visit", "label", "uses_allowed", "ends_at"]
        return [
            "visit", "label", "links", "uses_allowed", "uses", "ends_at", "state_shown",
            "members", "created_by", "created_at",
        ]  # fmt: skip

    def get_changeform_initial_data(self, request):
        # One visit (the usual case): chosen already, not left at "---------".
        initial = super().get_changeform_initial_data(request)
        visits = list(StudyVisit.objects.values_list("pk", flat=True)[:2])
        if len(visits) == 1:
            initial.setdefault("visit", visits[0])
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: who registered through it stays visible

    @admin.action(description=_("Revoke the chosen invitations"), permissions=["change"])
    def revoke(self, request, queryset):
        count = sum(services.revoke_invitation(invitation=each) for each in queryset)
        self.message_revoked(request, count)

    def message_revoked(self, request, count: int) -> None:
        if count:
            text = ngettext(
                "%(count)s invitation revoked.", "%(count)s invitations revoked.", count
            )
            self.message_user(request, text % {"count": count}, messages.SUCCESS)
        else:
            self.message_user(request, gettext("Nothing to revoke."), messages.WARNING)

    def get_urls(self):
        view = self.admin_site.admin_view(self.revoke_view)
        return [
            path("<int:pk>/revoke/", view, name="registrations_delegationinvitation_revoke"),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def revoke_view(self, request, pk):
        if not request.user.has_perm(CHANGE_PERMISSION):
            raise PermissionDenied
        if pk not in IDS:
            raise Http404
        invitation = get_object_or_404(DelegationInvitation, pk=pk)
        self.message_revoked(request, int(services.revoke_invitation(invitation=invitation)))
        return redirect("admin:registrations_delegationinvitation_change", pk)
