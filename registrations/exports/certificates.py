"""Certificates of attendance: one A4 page per person (more if their list runs long), in the
person's language, drawn from the check-in records. It names the visit, its dates and city,
the sessions the person was marked present at with their dates, and ends with the signatory's
name and signature image set by the organisers (VisitOptions)."""

import datetime
import io

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from kiss_visit.typed_text import printable
from programme.templatetags.programme_text import visit_date
from registrations.emails.compose import render_message
from registrations.exports.printing import a4_pdf, fit
from registrations.models import Participant, Registration, VisitOptions

WIDTH = 190  # mm between the margins
LIST_BOTTOM = 235  # below: the signature block
LINE = 6.5


class NoCertificate(Exception):
    """Why a person gets no certificate, in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def attended_registrations():
    return (
        Registration.objects.filter(attended=True)
        .select_related("session__day", "session__venue")
        .in_programme_order()
    )


def certificate_people(people):
    """People not erased who attended at least one session, by name, each with
    `attended_registrations` in programme order: two queries for any number."""
    attended = Registration.objects.filter(attended=True, participant=OuterRef("pk"))
    return (
        people.active()
        .filter(Exists(attended))
        .select_related("visit")
        .order_by("last_name", "first_name", "pk")
        .prefetch_related(
            Prefetch(
                "registrations",
                queryset=attended_registrations(),
                to_attr="attended_registrations",
            )
        )
    )


def certificate_person(participant: Participant) -> Participant:
    """The participant ready for a certificate; NoCertificate says why not."""
    if participant.erased_at:
        raise NoCertificate(
            _("This participant's data has been erased: there is no certificate to make.")
        )
    found = certificate_people(Participant.objects.filter(pk=participant.pk)).first()
    if found is None:
        raise NoCertificate(
            _("No attendance is recorded for %(name)s: there is no certificate to make.")
            % {"name": printable(str(participant))}
        )
    return found


def options_of(visit) -> VisitOptions:
    return VisitOptions.objects.filter(visit=visit).first() or VisitOptions(visit=visit)


def certificates_pdf(people, options: VisitOptions) -> bytes:
    """A certificate for each person (certificate_people), each in their own language."""
    pdf = a4_pdf()
    for participant in people:
        with translation.override(participant.language):
            draw_certificate(pdf, participant, options)
    if pdf.page == 0:
        pdf.add_page()
        pdf.set_font("DejaVu", size=12)
        pdf.cell(text=_("Nobody attended a session in this selection."))
    return bytes(pdf.output())


def draw_certificate(pdf, participant: Participant, options: VisitOptions) -> None:
    visit = participant.visit
    pdf.add_page()
    pdf.set_xy(10, 30)
    pdf.cell(
        WIDTH,
        14,
        fit(pdf, _("Certificate of attendance"), WIDTH, size=26, style="B"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(8)
    pdf.set_font("DejaVu", size=12)
    pdf.multi_cell(
        WIDTH, LINE, _("This is to certify that"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    name = printable(f"{participant.first_name} {participant.last_name}")
    pdf.cell(
        WIDTH,
        12,
        fit(pdf, name, WIDTH, size=22, style="B"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    about = ", ".join(
        filter(
            None,
            [
                printable(participant.organisation),
                participant.country.name if participant.country else "",
            ],
        )
    )
    if about:
        pdf.cell(
            WIDTH, 8, fit(pdf, about, WIDTH, size=12), align="C", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(4)
    pdf.set_font("DejaVu", size=12)
    took_part = _(
        "took part in the study visit “%(visit)s” in %(city)s, from %(start)s to %(end)s, "
        "and attended the following activities:"
    ) % {
        "visit": printable(visit.title),
        "city": printable(visit.city),
        "start": visit_date(visit.start_date, "day_month_year"),
        "end": visit_date(visit.end_date, "day_month_year"),
    }
    pdf.multi_cell(WIDTH, LINE, took_part, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for registration in participant.attended_registrations:
        if pdf.get_y() > LIST_BOTTOM:
            pdf.add_page()
            pdf.set_xy(10, 20)
        draw_session_line(pdf, registration.session)
    draw_signature(pdf, visit, options)


def draw_session_line(pdf, session) -> None:
    when = visit_date(session.day.date, "weekday_date")
    if session.start_time:
        when += " " + time_format(session.start_time, "TIME_FORMAT")
    pdf.set_x(20)
    pdf.cell(60, LINE, fit(pdf, when, 60, size=10))
    where = f" — {printable(session.venue.name)}" if session.venue else ""
    pdf.cell(
        WIDTH - 70,
        LINE,
        fit(pdf, printable(session.title) + where, WIDTH - 70, size=10),
        new_x="LMARGIN",
        new_y="NEXT",
    )


def draw_signature(pdf, visit, options: VisitOptions) -> None:
    """Bottom right: the place and date of issue, the signature image, the signatory's name."""
    if pdf.get_y() > LIST_BOTTOM + 5:
        pdf.add_page()
    top = 245
    issued = timezone.localtime(timezone.now(), visit.tzinfo).date()
    pdf.set_xy(110, top)
    pdf.set_font("DejaVu", size=10)
    pdf.cell(
        90,
        5,
        fit(
            pdf,
            _("%(city)s, %(date)s")
            % {"city": printable(visit.city), "date": visit_date(issued, "day_month_year")},
            90,
            size=10,
        ),
    )
    if options.has_signature:
        pdf.image(io.BytesIO(bytes(options.signature_image)), x=120, y=top + 6, h=22)
    pdf.set_xy(110, top + 30)
    signatory = printable(options.signatory_name) or _("The organisers")
    pdf.cell(90, 6, fit(pdf, signatory, 90, size=11, style="B"))


def certificate_email(email, participant: Participant):
    """The e-mail of kind CERTIFICATE (composed by the worker; hooked in by apps.py, since the
    e-mails, a lower layer, may not import the exports): the PDF attached, and the private
    link where it can be downloaded again. Nothing if there is no certificate to send now."""
    try:
        person = certificate_person(participant)
    except NoCertificate:
        return None
    message = render_message(participant, "certificate", {})
    with translation.override(participant.language):
        content = certificates_pdf([person], options_of(participant.visit))
        filename = _("certificate-of-attendance.pdf")
    message.attach(filename, content, "application/pdf")
    return message


def available_from(visit) -> datetime.date:
    """Participants download their certificate from the day after the visit's last day."""
    return visit.end_date + datetime.timedelta(days=1)


def visit_is_over(visit, now=None) -> bool:
    local = timezone.localtime(now or timezone.now(), visit.tzinfo)
    return local.date() >= available_from(visit)
