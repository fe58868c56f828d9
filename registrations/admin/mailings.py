"""Organisers write to the people of a session, a day or the visit: a form, a preview with the
number of recipients and the e-mail as each language reads it, then one button that sends."""

import copy

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kiss_visit.typed_text import TypedTextField
from programme.models import Day, Session, StudyVisit
from registrations import services
from registrations.admin.buttons import organiser
from registrations.admin.pages import WrittenBySiteOnly
from registrations.domain.ids import IDS, id_in
from registrations.emails import mailing_message
from registrations.models.mailing import LANGUAGE_CODES, TEXT_FIELDS, Mailing

WRITE_PERMISSION = "registrations.add_mailing"
SCOPES = {"visit": StudyVisit, "day": Day, "session": Session}
# Shown in the preview instead of a real person's private link, which the admin never shows.
LINK_SHOWN = "xxxxxxxx"


class MailingForm(forms.ModelForm):
    class Meta:
        model = Mailing
        fields = ["audience", *TEXT_FIELDS]
        field_classes = dict.fromkeys(TEXT_FIELDS, TypedTextField)
        widgets = {"audience": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = Mailing.Audience.choices  # no empty choice
        self.fields["audience"].initial = Mailing.Audience.CONFIRMED

    def clean(self):
        """Each language written has both a subject and a text; at least one is written."""
        data = super().clean()
        written = 0
        for code in LANGUAGE_CODES:
            if f"subject_{code}" in self.errors or f"body_{code}" in self.errors:
                written += 1  # refused already, with its reason: nothing to add
                continue
            subject, body = data.get(f"subject_{code}"), data.get(f"body_{code}")
            if subject and not body:
                self.add_error(f"body_{code}", gettext("Write the text, or leave out the subject."))
            elif body and not subject:
                self.add_error(f"subject_{code}", gettext("Give the subject of this text."))
            written += bool(subject and body)
        if not written and not self.errors:
            raise forms.ValidationError(
                gettext("Write the subject and the text in at least one language.")
            )
        return data


def check_permission(request):
    if not request.user.has_perm(WRITE_PERMISSION):
        raise PermissionDenied


def page(request, template, context):
    context = {**admin.site.each_context(request), "opts": Mailing._meta, **context}
    return render(request, f"admin/registrations/mailing/{template}.html", context)


def write(request, scope, pk):
    """Step 1: the form. Posted, it is stored unsent and the preview is shown."""
    check_permission(request)
    if scope not in SCOPES or pk not in IDS:
        raise Http404
    about = get_object_or_404(SCOPES[scope], pk=pk)
    form = MailingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        mailing = form.save(commit=False)
        mailing.session = about if scope == "session" else None
        mailing.day = about if scope == "day" else None
        mailing.visit = about if scope == "visit" else (mailing.day or about.day).visit
        mailing.created_by = request.user
        mailing.save()
        return redirect("admin:registrations_mailing_preview", mailing.pk)
    title = gettext("Write to the people of %(about)s") % {"about": about}
    return page(request, "write", {"title": title, "form": form, "about": about})


def preview(request, pk):
    """Step 2: how many people it goes to, who they are, and the e-mail in each language read."""
    check_permission(request)
    if pk not in IDS:
        raise Http404
    mailing = get_object_or_404(
        Mailing.objects.select_related("visit", "day", "session__day"), pk=pk
    )
    people = list(mailing.recipients().select_related("visit"))
    context = {
        "title": gettext("Message: %(subject)s") % {"subject": mailing.subject},
        "mailing": mailing,
        "people": people,
        "samples": samples(mailing, people),
        "delivery": delivery(mailing) if mailing.sent_at else None,
        "failed": mailing.emails.filter(state="failed").select_related("participant"),
    }
    return page(request, "preview", context)


def delivery(mailing) -> dict[str, int]:
    """How many of its e-mails wait (or are leaving), have left, failed, or were not sent."""
    counts = mailing.emails.counts()
    return {
        "queued": counts["queued"] + counts["sending"],
        "sent": counts["sent"],
        "failed": counts["failed"],
        "skipped": counts["skipped"],
    }


def samples(mailing, people) -> list[dict]:
    """One per language of the recipients: who they are, the language of the text they get
    (their own, or the one they fall back to), and the e-mail as the first of them receives it."""
    names = dict(settings.LANGUAGES)
    found = []
    for code, name in settings.LANGUAGES:
        readers = [person for person in people if person.language == code]
        if not readers:
            continue
        read = mailing.language_read(code) or code
        found.append(
            {
                "language": name,
                "readers": readers,
                "read_in": names[read],
                "falls_back": read != code,
                "message": sample_message(mailing, readers[0]),
            }
        )
    return found


def sample_message(mailing, reader):
    """The e-mail as `reader` will receive it, but for their private link."""
    reader = copy.copy(reader)
    reader.manage_token = LINK_SHOWN
    return mailing_message(mailing, reader)


@require_POST
def send(request, pk):
    """Step 3: send, once."""
    check_permission(request)
    if pk not in IDS:
        raise Http404
    mailing = get_object_or_404(Mailing, pk=pk)
    count = services.send_mailing(mailing=mailing, by=organiser(request))
    if count is None:
        messages.warning(request, gettext("Nothing sent: this message had already been sent."))
    else:
        messages.success(
            request,
            ngettext(
                "The message is on its way to %(count)s person.",
                "The message is on its way to %(count)s people.",
                count,
            )
            % {"count": count},
        )
    return redirect("admin:registrations_mailing_preview", mailing.pk)


@require_POST
def resend_failed(request, pk):
    """Send again to those whose e-mail failed; a second click finds none to send."""
    check_permission(request)
    if pk not in IDS:
        raise Http404
    mailing = get_object_or_404(Mailing, pk=pk)
    count = services.resend_failed(mailing=mailing)
    if count:
        text = ngettext(
            "Queued again for %(count)s person.", "Queued again for %(count)s people.", count
        )
        messages.success(request, text % {"count": count})
    else:
        messages.warning(request, gettext("No failed e-mail to send again."))
    return redirect("admin:registrations_mailing_preview", mailing.pk)


@admin.register(Mailing)
class MailingAdmin(WrittenBySiteOnly, admin.ModelAdmin):
    """The messages written, read-only: they are written from a session, a day or the visit."""

    list_display = ["subject", "about", "audience", "sent_count", "sent_at", "created_by"]
    list_filter = ["visit", "audience"]
    list_select_related = ["visit", "day", "session__day", "created_by"]

    @admin.display(description=_("subject"))
    def subject(self, mailing):
        return mailing.subject

    @admin.display(description=_("about"))
    def about(self, mailing):
        return str(mailing.subject_of)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A message's page is its preview: the e-mail, and once sent, what became of it."""
        pk = id_in(object_id)
        if pk is None:
            raise Http404
        return redirect("admin:registrations_mailing_preview", pk)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "write/<str:scope>/<int:pk>/",
                view(write),
                name="registrations_mailing_write",
            ),
            path("<int:pk>/preview/", view(preview), name="registrations_mailing_preview"),
            path("<int:pk>/send/", view(send), name="registrations_mailing_send"),
            path(
                "<int:pk>/resend-failed/",
                view(resend_failed),
                name="registrations_mailing_resend_failed",
            ),
            *super().get_urls(),
        ]
