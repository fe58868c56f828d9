"""The outbox as organisers see it: every e-mail, its state and the mail server's refusal, read
only (the site writes it; *Send again to the failed* is on a message's page)."""

from django.contrib import admin

from registrations.admin.pages import WrittenBySiteOnly
from registrations.models.outgoing_email import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(WrittenBySiteOnly, admin.ModelAdmin):
    list_display = ["kind", "participant", "subject", "state", "attempts", "queued_at", "sent_at"]
    list_filter = ["state", "kind"]
    list_select_related = ["participant"]
    fields = [
        "kind",
        "participant",
        "mailing",
        "subject",
        "state",
        "attempts",
        "queued_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    readonly_fields = fields
