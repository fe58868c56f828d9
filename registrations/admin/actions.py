"""What the changelist actions of participants and registrations share: the confirmation page,
resending, and messages that say what happened to each selected line."""

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext

from registrations import services
from registrations.admin.buttons import organiser


def tell(model_admin, request, done: str, *others) -> None:
    """One success message when something was done (never "…: 0"), then, for the lines left
    as they were, a warning saying why (`others`: (level, message or None) pairs)."""
    if done:
        model_admin.message_user(request, done, messages.SUCCESS)
    for level, message in others:
        if message:
            model_admin.message_user(request, message, level)


def resend_to(model_admin, request, participants) -> None:
    """Queue the confirmation again for each participant (the services record it); erased
    participants have no address left: they are counted apart, never as sent."""
    queued = [
        p
        for p in participants
        if services.resend_confirmation(participant=p, by=organiser(request))
    ]
    sent, erased = len(queued), len(participants) - len(queued)
    tell(
        model_admin,
        request,
        sent
        and ngettext(
            "%(count)s confirmation e-mail is on its way.",
            "%(count)s confirmation e-mails are on their way.",
            sent,
        )
        % {"count": sent},
        (
            messages.WARNING,
            erased
            and ngettext(
                "%(count)s participant was not written to: their data has been erased.",
                "%(count)s participants were not written to: their data has been erased.",
                erased,
            )
            % {"count": erased},
        ),
    )


def confirmation_page(request, model_admin, queryset, action, explanation):
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Are you sure?"),
        "explanation": explanation,
        "objects": queryset,
        "action": action,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/registrations/confirm_action.html", context)
