"""Cancelling someone's place from the admin: first a page that says who loses what and who gets
the place, with a choice to tell the person by e-mail; then the cancellation; an undo gives back
the same place while nobody else has taken it. For the Cancel button and the list's action."""

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registrations import services
from registrations.models import Change, Registration


def confirmation(request, registrations, *, admin_site=None, form_action="", action="", back=""):
    """The page before cancelling `registrations`: one line each (what they lose, who gets the
    place); its form posts `confirmed=yes` and `notify` to `form_action` (a button's URL), or
    back to the list with `action` and the selected ids."""
    admin_site = admin_site or admin.site
    previews = [services.cancellation_preview(r) for r in registrations if r.is_live]
    context = {
        **admin_site.each_context(request),
        "title": _("Cancel these registrations?")
        if len(previews) > 1
        else _("Cancel this registration?"),
        "previews": previews,
        "form_action": form_action,
        "action": action,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "next_url": back,
        "opts": Registration._meta,
    }
    return TemplateResponse(request, "admin/registrations/confirm_cancel.html", context)


def cancel_all(request, registrations) -> tuple[int, list]:
    """Cancel each (telling the person if the organiser left the box ticked); return how many
    were cancelled and who got a place from it."""
    notify = request.POST.get("notify") == "yes"
    by = services.Actor.organiser(request.user)
    mark = history_mark()
    cancelled = sum(
        services.cancel_for_organiser(registration=r, notify=notify, by=by) for r in registrations
    )
    return cancelled, places_given_since(mark)


def history_mark() -> int:
    """Where the history stands now: places_given_since(mark) says who got a place after."""
    return Change.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def places_given_since(mark: int) -> list:
    """The registrations the site promoted since `mark` (the places an action freed)."""
    promoted = Change.objects.filter(pk__gt=mark, action=Change.Action.PROMOTED, actor="system")
    return list(
        Registration.objects.filter(pk__in=promoted.values("registration"))
        .select_related("participant")
        .order_by("pk")
    )


def place_went_to(promoted) -> str:
    if not promoted:
        return ""
    return ngettext(
        "The place went to %(people)s.", "The places went to %(people)s.", len(promoted)
    ) % {"people": ", ".join(str(r.participant) for r in promoted)}
