"""What the organisers' pages show beside their forms: a person's agenda, a session's people,
the sessions someone can be moved to, and the history of places. Each is a fixed number of
queries, whatever the number of people."""

from collections import defaultdict

from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programme.models import Session
from registrations.admin.forms import AddSessionsForm
from registrations.domain.history import describe
from registrations.domain.ids import id_in
from registrations.models import Change, Participant, Registration

HISTORY_SHOWN = 50  # the latest entries on a page; the History button shows them all


def signup_sessions(visit_id) -> list[Session]:
    return list(Session.objects.filter(day__visit_id=visit_id).open_for_signup().for_listing())


def move_targets(sessions, *, delegation: bool, excluding=()) -> list[tuple[Session, bool]]:
    """Where a move can go: every session they do not hold, each with whether it has a place
    for this kind of participant. A full one is listed as full (and cannot be chosen) rather
    than left out, so that an organiser does not wonder where it went."""
    return [
        (session, session.has_place_for(delegation=delegation))
        for session in sessions
        if session.pk not in excluding
    ]


class MoveLists:
    """The options of a page's Move lists, each written once: on a session's page a thousand
    rows list the same sessions, and only which ones a person holds, and whether a session has
    a place for their kind of participant, differ from row to row."""

    def __init__(self, sessions):
        self.sessions = sessions
        self.written = {}  # delegation or not: [(session id, <option>)] in the sessions' order

    def options(self, *, delegation: bool, excluding=()) -> SafeString:
        """The options of one person's list ("" when there is nowhere to move them)."""
        if delegation not in self.written:
            self.written[delegation] = [
                (session.pk, option(session, has_room))
                for session, has_room in move_targets(self.sessions, delegation=delegation)
            ]
        written = self.written[delegation]
        return mark_safe("".join(html for pk, html in written if pk not in excluding))


def option(session: Session, has_room: bool) -> str:
    """A full session is listed, and cannot be chosen (see move_targets)."""
    return format_html(
        '<option value="{}"{}>{}{}</option>',
        session.pk,
        "" if has_room else mark_safe(" disabled"),
        session,
        "" if has_room else " " + gettext("(full)"),
    )


def held_sessions(people) -> dict[int, set[int]]:
    """The sessions each of these people holds or waits for (one query for a whole page)."""
    held = defaultdict(set)
    live = Registration.objects.live().filter(participant__in=people.values("participant"))
    for participant_id, session_id in live.values_list("participant_id", "session_id"):
        held[participant_id].add(session_id)
    return held


def about(field: str, pk) -> Q:
    """The entries about one participant, session or registration; a session's include the
    moves out of it."""
    where = Q(**{field: pk})
    return where | Q(from_session=pk) if field == "session" else where


def history(where: Q) -> list[Change]:
    """The latest entries matching `where`, each with its `sentence`."""
    entries = list(Change.objects.filter(where).for_display()[: HISTORY_SHOWN + 1])
    for entry in entries:
        entry.sentence = describe(entry)
    return entries


def history_context(entries, *, column: str) -> dict:
    """For includes/_history.html; `column`: the one the page is about, left out."""
    return {
        "history": entries[:HISTORY_SHOWN],
        "history_cut": len(entries) > HISTORY_SHOWN,
        "history_column": column,
    }


def participant_page(participant: Participant) -> dict:
    """Their agenda (every sign-up, cancelled ones too, to restore them), where each can move,
    the sessions they can add, the e-mails sent to them, and their history."""
    agenda = list(
        participant.registrations.with_session_details()
        .with_waiting_position()
        .in_programme_order()
    )
    held = {r.session_id for r in agenda if r.is_live}
    sessions = signup_sessions(participant.visit_id)
    options = MoveLists(sessions).options(delegation=participant.is_delegation, excluding=held)
    for registration in agenda:
        registration.move_options = options
    addable = [s for s in sessions if s.pk not in held]
    return {
        "agenda": agenda,
        "add_form": AddSessionsForm(sessions=addable, auto_id="id_add_%s"),
        "emails": list(participant.emails.order_by("-queued_at", "-pk")),
        **history_context(history(about("participant", participant.pk)), column="participant"),
    }


# What a row of a session's people shows (includes/_person_row.html): on a big visit, reading
# a thousand people's every column would take longer than writing the page.
ROW_FIELDS = [
    "status",
    "attended",
    "waiting_rank",
    "session",
    "participant__first_name",
    "participant__last_name",
    "participant__erased_at",
    "participant__is_delegation",
]


def session_page(session: Session) -> dict:
    """Its people: confirmed, then the waiting list in order, then cancellations; each with the
    sessions they could be moved to."""
    registrations = session.registrations.all()
    people = list(
        registrations.select_related("participant")
        .only(*ROW_FIELDS)
        .with_waiting_position()
        .confirmed_then_waiting()
    )
    others = [s for s in signup_sessions(session.day.visit_id) if s.pk != session.pk]
    held = held_sessions(registrations)
    move_lists = MoveLists(others)
    for registration in people:
        registration.session = session  # all the same: not read again for each row
        participant = registration.participant
        # By kind of participant: delegation members may take the reserved places.
        registration.move_options = move_lists.options(
            delegation=participant.is_delegation, excluding=held[participant.pk]
        )
    return {
        "confirmed": [r for r in people if r.status == Registration.Status.CONFIRMED],
        "waiting": [r for r in people if r.status == Registration.Status.WAITING],
        "cancelled": [r for r in people if r.status == Registration.Status.CANCELLED],
        **history_context(history(about("session", session.pk)), column="session"),
    }


def registration_page(registration: Registration) -> dict:
    participant = registration.participant
    held = set(participant.registrations.live().values_list("session_id", flat=True))
    registration.move_options = MoveLists(signup_sessions(participant.visit_id)).options(
        delegation=participant.is_delegation, excluding=held
    )
    entries = history(about("registration", registration.pk))
    return {"registration": registration, **history_context(entries, column="registration")}


class PlacesHistoryMixin:
    """The admin's History button shows the whole history of places of the object, above the
    admin's own log of edits to its details."""

    object_history_template = "admin/registrations/object_history.html"
    history_of = ""  # the Change field that points to this model

    def history_view(self, request, object_id, extra_context=None):
        entries = []
        if id_in(object_id) is not None:
            entries = list(Change.objects.filter(about(self.history_of, object_id)).for_display())
            for entry in entries:
                entry.sentence = describe(entry)
        context = {"history": entries, "history_column": self.history_of, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)


class WrittenBySiteOnly:
    """An admin list of what only the site writes (its e-mails, the messages once written
    through their own pages): organisers read it, nobody adds, edits or deletes a row here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SearchByFoldedText:
    """The admin's search box, accent- and case-insensitive the same way on both databases
    (see registrations/domain/search.py): `nunez` finds Ñúñez."""

    search_help_text = _("Names, e-mail address or organisation; accents and case do not matter.")

    def matching(self, queryset, term):
        return queryset.matching(term)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return self.matching(queryset, search_term), False
