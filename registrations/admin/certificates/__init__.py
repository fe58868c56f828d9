"""Certificates of attendance, the attendance report and the reminders: the admin of each
visit's options (signatory, signature image, reminders) and, on its pages, the downloads."""

import base64

from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from programme.models import StudyVisit
from registrations.admin.certificates import views
from registrations.admin.certificates.forms import VisitOptionsForm
from registrations.admin.downloads import may_export
from registrations.models import VisitOptions
from registrations.models.visit_options import SIGNATURE_FORMATS
from registrations.services.certificates import queue_certificates


@admin.register(VisitOptions)
class VisitOptionsAdmin(admin.ModelAdmin):
    form = VisitOptionsForm
    list_display = ["visit", "signatory_name", "reminders_on", "reminder_hour", "downloads"]
    readonly_fields = ["current_signature", "downloads"]
    fields = [
        "visit",
        "signatory_name",
        "current_signature",
        "signature",
        "remove_signature",
        "reminders_on",
        "reminder_hour",
        "downloads",
    ]

    actions = ["email_certificates"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("visit")

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "visit"] if obj else self.readonly_fields

    def has_add_permission(self, request):
        # The list makes each visit's row itself: an "Add" button led to a form that could
        # only be refused (this visit has its options already).
        return False

    def changelist_view(self, request, extra_context=None):
        # One row per visit, so that each visit's downloads are here without a step first.
        VisitOptions.objects.bulk_create(
            [
                VisitOptions(visit=visit)
                for visit in StudyVisit.objects.filter(options__isnull=True)
            ],
            ignore_conflicts=True,
        )
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("current signature"))
    def current_signature(self, options):
        if not options.has_signature:
            return _("None: the certificates leave the place above the name blank.")
        # Inline (data:), for organisers only: the image is never served at an address.
        data = base64.b64encode(bytes(options.signature_image)).decode()
        kind = SIGNATURE_FORMATS.get(options.signature_format, "image/png")
        return format_html(
            '<img src="data:{};base64,{}" alt="{}" style="max-height:80px">',
            kind,
            data,
            _("signature image"),
        )

    @admin.display(description=_("downloads"))
    def downloads(self, options):
        if options.pk is None:
            return ""
        pk = options.visit_id
        links = [
            (reverse("admin:registrations_certificates_visit", args=[pk]), _("Certificates (PDF)")),
            *(
                (reverse("admin:registrations_attendance_report", args=[pk, by, fmt]), label)
                for by, fmt, label in [
                    ("country", "csv", _("Attendance by country (CSV)")),
                    ("country", "xlsx", _("Attendance by country (XLSX)")),
                    ("organisation", "csv", _("Attendance by organisation (CSV)")),
                    ("organisation", "xlsx", _("Attendance by organisation (XLSX)")),
                ]
            ),
        ]
        items = format_html(
            "".join(['<li><a href="{}">{}</a></li>'] * len(links)),
            *(part for link in links for part in link),
        )
        return format_html("<ul>{}</ul>", items)

    @admin.action(
        description=_("E-mail their certificate to everyone who attended"),
        permissions=["export"],
    )
    def email_certificates(self, request, queryset):
        count = sum(queue_certificates(visit=options.visit) for options in queryset)
        if count:
            message = ngettext(
                "Certificate queued for %(count)s person.",
                "Certificates queued for %(count)s people.",
                count,
            )
            self.message_user(request, message % {"count": count}, messages.SUCCESS)
        else:
            self.message_user(
                request,
                gettext("Nobody has an attendance recorded: no certificate to send."),
                messages.WARNING,
            )

    def has_export_permission(self, request):
        return may_export(request.user)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "person/<int:pk>/certificate/",
                view(views.person_certificate),
                name="registrations_certificate_person",
            ),
            path(
                "visit/<int:pk>/certificates/",
                view(views.visit_certificates),
                name="registrations_certificates_visit",
            ),
            path(
                "visit/<int:pk>/attendance/<str:by>/<str:fmt>/",
                view(views.attendance_report),
                name="registrations_attendance_report",
            ),
            *super().get_urls(),
        ]
