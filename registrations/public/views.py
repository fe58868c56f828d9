"""Registration pages. Each view: form → service → message → redirect; the rules are in services."""

from django.conf import settings
from django.contrib import messages
from django.core.validators import slug_re
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kiss_visit.http.proxies import client_address
from programme.kept import published_visit, signup_sessions, visit_and_sessions
from programme.models import Session
from programme.page_cache import cached_page, render_page
from registrations import services
from registrations.forms import refuse_too_many, too_many_posts
from registrations.models import DelegationInvitation, Registration
from registrations.public import receipt
from registrations.public.answer_time import registration_answers
from registrations.public.form_page import render_registration_page
from registrations.public.forms import InvitedRegistrationForm, LostLinkForm, RegistrationForm
from registrations.public.received_page import render_received_page


def render_registration_form(request, visit, form, status=200):
    context = {"visit": visit, "form": form}
    return render_page(request, "registrations/register.html", context, status=status)


# The empty form (or with one session ticked, from a session's page) is the same for everyone
# but its CSRF token: served from the page cache until places change.
@cached_page(parameters={"session"}, with_csrf_token=True)
def register(request, visit):
    visit, offered = visit_and_sessions(visit)
    if not visit.is_registration_open():
        opens_later = visit.registration_opens_at and visit.registration_opens_at > timezone.now()
        return render_page(
            request, "registrations/closed.html", {"visit": visit, "opens_later": opens_later}
        )
    if request.method != "POST":
        slugs = [slug for slug in request.GET.getlist("session") if slug_re.fullmatch(slug)]
        chosen = Session.objects.filter(day__visit=visit, slug__in=slugs)
        checked = list(chosen.values_list("pk", flat=True)) if slugs else []
        return render_registration_page(request, visit, sessions=offered, checked=checked)

    form = RegistrationForm(request.POST, sessions=offered)
    return submitted(request, visit, form, render_form=render_registration_form)


def submitted(request, visit, form, *, render_form, invitation=None):
    """A posted registration form (the public one, or one reached through an invitation):
    service, then the received page; a refusal shows the form again, up to date. Every post
    counts against the posting limit: a sign-up in its own transaction (one transaction for all
    it writes), any other post on its own."""
    if not form.is_valid():
        if too_many_posts(request):
            refuse_too_many(form)
            return render_form(request, visit, form, status=429)
        return render_form(request, visit, form)
    started = registration_answers.start()
    try:
        outcome = services.register_participant(
            visit=visit,
            details=form.participant_details(),
            session_ids=form.cleaned_data["sessions"],
            join_waiting_list=form.cleaned_data["join_waiting_list"],
            language=get_language(),
            by=services.PUBLIC_FORM,
            posted_from=client_address(request),
            invitation_token=invitation.token if invitation else None,
        )
        answer = places_given(outcome)
        registration_answers.record(started)
    except services.TooManyPosts:
        refuse_too_many(form)
        return render_form(request, visit, form, status=429)
    except services.EmailAlreadyRegistered:
        too_many_posts(request)  # the refused sign-up undid its count: counted again
        services.send_manage_link(visit=visit, email=form.cleaned_data["email"], tried_again=True)
        answer = places_available(form, member=invitation is not None)
        # Less work than a sign-up: wait as long as one, so that the time tells nothing.
        registration_answers.wait_like(started)
    except services.RegistrationError as error:
        too_many_posts(request)  # the refused sign-up undid its count: counted again
        # Places may have changed since the form was shown: show it again, up to date.
        form = type(form)(request.POST, sessions=signup_sessions(visit))
        form.is_valid()
        form.add_error("sessions" if error.sessions else None, error.message)
        return render_form(request, visit, form)
    answer["delegation"] = delegation_answer(form, invitation)
    response = redirect("registrations:received", visit=visit.slug)
    receipt.remember(response, visit=visit, email=form.cleaned_data["email"], answer=answer)
    return response


def delegation_answer(form, invitation) -> str:
    """What the received page says of the delegation: a member through an invitation, a claim
    the organisers will settle, or nothing. From the form, so the same for a known address."""
    if invitation is not None:
        return "member"
    return "claimed" if form.cleaned_data.get("delegation_claimed") else ""


@never_cache
def invitation(request, visit, token):
    """The registration form reached through a delegation invitation's private link. Never
    cached: the key is in the address. A key unknown, revoked, ended or used up gets the same
    page, which says so."""
    visit = published_visit(visit)
    found = DelegationInvitation.objects.filter(visit=visit, token=token).first()
    if found is None or not found.is_usable():
        context = {"visit": visit}
        return render(request, "registrations/invitation_unusable.html", context, status=404)
    found.visit = visit  # read already: the page names it
    if not visit.is_registration_open():
        opens_later = visit.registration_opens_at and visit.registration_opens_at > timezone.now()
        context = {"visit": visit, "opens_later": opens_later}
        return render(request, "registrations/closed.html", context)

    def render_form(request, visit, form, status=200):
        context = {"visit": visit, "form": form, "invitation": found}
        return render(request, "registrations/register.html", context, status=status)

    if request.method != "POST":
        return render_form(request, visit, InvitedRegistrationForm(sessions=signup_sessions(visit)))
    form = InvitedRegistrationForm(request.POST, sessions=signup_sessions(visit))
    return submitted(request, visit, form, render_form=render_form, invitation=found)


def places_given(outcome) -> dict:
    """What the received page says, in ids only: the sessions confirmed, and the sessions
    waited for with the place in line."""
    waiting = [(s.pk, outcome.positions[s.pk]) for s in outcome.waiting]
    return {"confirmed": [s.pk for s in outcome.confirmed], "waiting": waiting}


def places_available(form, *, member: bool) -> dict:
    """For an address already registered, nothing changed; the page must not tell, so it
    answers as for a new registration: what the sessions had to offer."""
    chosen = [form.sessions[pk] for pk in form.cleaned_data["sessions"]]
    delegation = member or form.participant_details().get("is_delegation", False)
    open_places = [s for s in chosen if s.has_place_for(delegation=delegation)]
    full = [s.pk for s in chosen if s not in open_places]
    lines = Registration.objects.waiting().filter(session__in=full).order_by()
    in_line = dict(lines.values_list("session").annotate(Count("pk")))
    return {
        "confirmed": [s.pk for s in open_places],
        "waiting": [(pk, in_line.get(pk, 0) + 1) for pk in full],
    }


@never_cache
def registration_received(request, visit):
    """The same page whether the address was new or already registered: it reveals nothing.
    Shown once: the browser's receipt is deleted with it (see receipt.py)."""
    visit, offered = visit_and_sessions(visit)
    received = receipt.recall(request)
    if not received or received.get("visit") != visit.slug:
        response = redirect("registrations:register", visit=visit.slug)
        receipt.forget(response, request)
        return response
    positions = dict(received.get("waiting", []))
    chosen = {*received.get("confirmed", []), *positions}
    sessions = [session for session in offered if session.pk in chosen]
    if len(sessions) < len(chosen):  # closed since, or not open for sign-up any more
        sessions = list(Session.objects.filter(day__visit=visit, pk__in=chosen).for_listing())
    for session in sessions:
        session.waiting_position = positions.get(session.pk)
    response = render_received_page(
        request,
        visit,
        email=received["email"],
        sessions=sessions,
        delegation=received.get("delegation", ""),
    )
    receipt.forget(response, request)
    return response


def lost_link(request, visit):
    visit = published_visit(visit)
    form = LostLinkForm(request.POST or None)
    if request.method == "POST":
        if too_many_posts(request):
            refuse_too_many(form)
            return render(
                request, "registrations/lost_link.html", {"visit": visit, "form": form}, status=429
            )
        if form.is_valid():
            services.send_manage_link(visit=visit, email=form.cleaned_data["email"])
            messages.success(
                request,
                _(
                    "If %(email)s is registered for this study visit, its private link is on "
                    "its way. Check your inbox (and the spam folder) in a few minutes."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("registrations:lost_link", visit=visit.slug)
    return render(request, "registrations/lost_link.html", {"visit": visit, "form": form})


# Texts and settings only, the same for everyone: cached until the next release, no query.
@cached_page(shows_programme=False)
def privacy(request):
    context = {
        "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        "organisers_email": settings.ORGANISERS_EMAIL,
        "notice_version": settings.PRIVACY_NOTICE_VERSION,
    }
    return render(request, "registrations/privacy.html", context)
