"""The buttons of the organisers' pages (a person's agenda, a session's people, a registration,
the dashboard's waiting lists). Each is a small POST form sent to a view that calls one service,
says what happened (a refusal as an error, never beside a success) and goes back to the page the
button was on. The services write the history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registrations import services
from registrations.admin import cancelling
from registrations.admin.forms import (
    AddSessionsForm,
    AttendanceForm,
    DelegationForm,
    LineForm,
    MoveForm,
    PromoteForm,
    RestoreForm,
)
from registrations.admin.pages import signup_sessions
from registrations.models import Participant, Registration

SUCCESS, WARNING, ERROR = messages.SUCCESS, messages.WARNING, messages.ERROR


def organiser(request) -> services.Actor:
    return services.Actor.organiser(request.user)


def button(model, permission):
    """Turn `act(request, obj) -> (level, message)` into a view: POST only, permission checked,
    404 for an unknown id, a refusal shown as an error, then back where the button was."""

    def wrap(act):
        @require_POST
        def view(request, pk):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            obj = get_object_or_404(model.objects.select_related(*RELATED[model]), pk=pk)
            try:
                said = act(request, obj)
            except services.RegistrationError as error:
                said = ERROR, error.message
            if isinstance(said, HttpResponse):  # a page to confirm on, first
                return said
            level, message = said
            messages.add_message(request, level, message)
            return redirect(back(request, obj))

        view.act = act
        return view

    return wrap


RELATED = {Registration: ["participant__visit", "session__day"], Participant: ["visit"]}


def back(request, obj) -> str:
    """The page the button was on (`next`), if it is one of ours; else the object's page."""
    url = request.POST.get("next", "")
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse(f"admin:registrations_{obj._meta.model_name}_change", args=[obj.pk])


def refused(form) -> tuple:
    errors = [error for errors in form.errors.values() for error in errors]
    return ERROR, _("Nothing changed: %(errors)s") % {"errors": " ".join(errors)}


def titles(sessions) -> str:
    return ", ".join(str(session) for session in sessions)


# Registrations ---------------------------------------------------------------------------------

CHANGE_REGISTRATION = "registrations.change_registration"


@button(Registration, CHANGE_REGISTRATION)
def cancel(request, registration):
    """First a page saying what it does (who gets the place), then, confirmed, the cancellation."""
    if request.POST.get("confirmed") != "yes":
        if not registration.is_live:
            return WARNING, _("Nothing changed: this registration was already cancelled.")
        return cancelling.confirmation(
            request, [registration], form_action=request.path, back=back(request, registration),
        )  # fmt: skip
    cancelled, promoted = cancelling.cancel_all(request, [registration])
    if not cancelled:
        return WARNING, _("Nothing changed: this registration was already cancelled.")
    said = _("Cancelled: %(registration)s.") % {"registration": registration}
    return SUCCESS, " ".join(filter(None, [said, cancelling.place_went_to(promoted)]))


@button(Registration, CHANGE_REGISTRATION)
def undo(request, registration):
    restored = services.undo_cancellation(registration=registration, by=organiser(request))
    if restored.status == Registration.Status.WAITING:
        return SUCCESS, _(
            "Cancellation undone: %(registration)s is back at the same place in the waiting list."
        ) % {"registration": registration}
    return SUCCESS, _("Cancellation undone: %(registration)s has their place back.") % {
        "registration": registration
    }


@button(Registration, CHANGE_REGISTRATION)
def restore(request, registration):
    form = RestoreForm(request.POST)
    if not form.is_valid():
        return refused(form)
    try:
        restored = services.restore_registration(
            registration=registration,
            wait_if_full=form.cleaned_data["wait_if_full"],
            by=organiser(request),
        )
    except services.SessionsFull as full:
        return ERROR, _(
            "No place left in %(sessions)s: not restored. Tick “Waiting list if full” to put "
            "them at the end of its waiting list."
        ) % {"sessions": titles(full.sessions)}
    if restored.status == Registration.Status.WAITING:
        return SUCCESS, _("Restored on the waiting list: %(registration)s.") % {
            "registration": registration
        }
    return SUCCESS, _("Restored with a place: %(registration)s.") % {"registration": registration}


@button(Registration, CHANGE_REGISTRATION)
def move(request, registration):
    form = MoveForm(request.POST, sessions=signup_sessions(registration.participant.visit_id))
    if not form.is_valid():
        return refused(form)
    target = form.target()
    try:
        services.move_registration(
            registration=registration, to_session=target, by=organiser(request)
        )
    except services.SessionsFull:
        return ERROR, _("No place for them in %(session)s: not moved.") % {"session": target}
    return SUCCESS, _("%(participant)s moved to %(session)s.") % {
        "participant": registration.participant,
        "session": target,
    }


@button(Registration, CHANGE_REGISTRATION)
def promote(request, registration):
    form = PromoteForm(request.POST)
    if not form.is_valid():
        return refused(form)
    try:
        promotion = services.promote_registration(
            registration=registration,
            over_capacity=form.cleaned_data["over_capacity"],
            by=organiser(request),
        )
    except services.SessionsFull:
        return ERROR, _(
            "No place left in %(session)s: not promoted. Tick “Even if full” to raise its "
            "capacity by one place."
        ) % {"session": registration.session}
    if not promotion.promoted:
        return WARNING, _("Nothing changed: this registration is not on the waiting list.")
    if promotion.capacity_raised_to:
        return SUCCESS, _(
            "Promoted over capacity: %(registration)s. Capacity raised to %(capacity)s."
        ) % {"registration": registration, "capacity": promotion.capacity_raised_to}
    return SUCCESS, _("Promoted: %(registration)s.") % {"registration": registration}


@button(Registration, CHANGE_REGISTRATION)
def line(request, registration):
    form = LineForm(request.POST)
    if not form.is_valid():
        return refused(form)
    if form.cleaned_data["direction"] == "to":
        return to_position(request, registration, form.cleaned_data)
    up = form.cleaned_data["direction"] == "up"
    moved = services.move_in_line(
        registration=registration, up=up, reason=form.cleaned_data["reason"], by=organiser(request)
    )
    if not moved:
        if up:
            return WARNING, _("Nothing changed: they are already first in line.")
        return WARNING, _("Nothing changed: they are already last in line.")
    if up:
        return SUCCESS, _("Moved up the waiting list: %(registration)s.") % {
            "registration": registration
        }
    return SUCCESS, _("Moved down the waiting list: %(registration)s.") % {
        "registration": registration
    }


def to_position(request, registration, cleaned) -> tuple:
    position = services.move_to_position(
        registration=registration,
        position=cleaned["position"],
        reason=cleaned["reason"],
        by=organiser(request),
    )
    if position is None:
        return WARNING, _("Nothing changed: they already are at this place in line.")
    return SUCCESS, _("Moved to place %(position)s in the waiting list: %(registration)s.") % {
        "position": position,
        "registration": registration,
    }


@button(Registration, CHANGE_REGISTRATION)
def attendance(request, registration):
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        return refused(form)
    if not services.record_attendance(
        registrations=[registration], attended=form.value(), by=organiser(request)
    ):
        if registration.status != Registration.Status.CONFIRMED:
            return WARNING, _("Nothing changed: only a confirmed registration has an attendance.")
        return WARNING, _("Nothing changed: the attendance already was so.")
    choices = dict(form.fields["attended"].choices)
    return SUCCESS, _("Attendance of %(registration)s: %(value)s.") % {
        "registration": registration,
        "value": choices[form.cleaned_data["attended"]],
    }


# Participants ----------------------------------------------------------------------------------

CHANGE_PARTICIPANT = "registrations.change_participant"


@button(Participant, CHANGE_PARTICIPANT)
def add_sessions(request, participant):
    if not request.user.has_perm(CHANGE_REGISTRATION):
        raise PermissionDenied
    form = AddSessionsForm(request.POST, sessions=signup_sessions(participant.visit_id))
    if not form.is_valid():
        return refused(form)
    try:
        outcome = services.add_sessions(
            participant=participant,
            session_ids=form.cleaned_data["sessions"],
            join_waiting_list=form.cleaned_data["join_waiting_list"],
            by=organiser(request),
            notify=form.cleaned_data["notify"],
        )
    except services.SessionsFull as full:
        return ERROR, _(
            "No place left in %(sessions)s: nothing added. Tick “Waiting list if full” to put "
            "them on the waiting list."
        ) % {"sessions": titles(full.sessions)}
    if not outcome.changed_sessions:
        return WARNING, _("Nothing changed: they already have these sessions.")
    return SUCCESS, signed_up_message(outcome)


def signed_up_message(outcome) -> str:
    lines = [_("Signed up: %(participant)s.") % {"participant": outcome.participant}]
    if outcome.confirmed:
        lines.append(_("Confirmed: %(sessions)s.") % {"sessions": titles(outcome.confirmed)})
    if outcome.waiting:
        lines.append(
            _("On the waiting list: %(sessions)s.") % {"sessions": titles(outcome.waiting)}
        )
    return " ".join(lines)


@button(Participant, CHANGE_PARTICIPANT)
def delegation(request, participant):
    form = DelegationForm(request.POST)
    if not form.is_valid():
        return refused(form)
    member = form.cleaned_data["member"]
    who = {"participant": participant}
    mark = cancelling.history_mark()
    if not services.set_delegation(participant=participant, member=member, by=organiser(request)):
        if member:
            return WARNING, _("Nothing changed: %(participant)s already is a member.") % who
        return WARNING, _("Nothing changed: %(participant)s is not a member.") % who
    if member:
        said = (
            _(
                "Delegation membership confirmed: %(participant)s takes the places kept for the "
                "partners."
            )
            % who
        )
        went = cancelling.place_went_to(cancelling.places_given_since(mark))
        return SUCCESS, " ".join(filter(None, [said, went]))
    if participant.is_delegation:
        return SUCCESS, _(
            "Delegation membership withdrawn: %(participant)s takes local places."
        ) % who
    return SUCCESS, _("Delegation claim declined: %(participant)s takes local places.") % who


@button(Participant, CHANGE_PARTICIPANT)
def resend(request, participant):
    if not services.resend_confirmation(participant=participant, by=organiser(request)):
        return WARNING, _("Not sent: their personal data has been erased.")
    return SUCCESS, _("The confirmation e-mail is on its way to %(participant)s.") % {
        "participant": participant
    }


REGISTRATION_BUTTONS = [cancel, undo, restore, move, promote, line, attendance]
PARTICIPANT_BUTTONS = [add_sessions, delegation, resend]


def urls(admin_site, model, buttons):
    """`<pk>/<button>/` under the model's admin, named registrations_<model>_<button>."""
    name = model._meta.model_name
    return [
        path(
            f"<int:pk>/{view.act.__name__.replace('_', '-')}/",
            admin_site.admin_view(view),
            name=f"registrations_{name}_{view.act.__name__}",
        )
        for view in buttons
    ]
