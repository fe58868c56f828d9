"""A message to many people, queued, for the worker tests and bench/email_delivery.py. Runs in
the test's process or in another (`manage.py shell -c`), against whatever database is set."""

from registrations import services
from registrations.domain.history import SYSTEM
from registrations.models.mailing import Mailing
from tests.factories import DayFactory, participant_details, signup_session


def addresses(count: int) -> list[str]:
    return [f"person{n:03}@example.org" for n in range(count)]


def people_with_a_place(count: int):
    """A session with `count` people holding a place; their confirmations not queued, so that
    the message is all the worker has to send."""
    session = signup_session(day=DayFactory(), capacity=None, kind="meal", title_en="Lunch")
    for address in addresses(count):
        services.register_participant(
            visit=session.day.visit,
            details=participant_details(email=address),
            session_ids=[session.pk],
            join_waiting_list=False,
            language="en",
            notify=False,
        )
    return session


def message_to_many(count: int) -> Mailing:
    """A message to `count` people, queued: one e-mail each."""
    return mailing_to(people_with_a_place(count))


def mailing_to(session) -> Mailing:
    """A message to the people with a place in the session, sent: one e-mail each, queued."""
    mailing = Mailing.objects.create(
        visit=session.day.visit,
        session=session,
        audience="confirmed",
        subject_fr="Changement de salle",
        body_fr="Salle B.",
        subject_en="Room change",
        body_en="Room B.",
    )
    services.send_mailing(mailing=mailing, by=SYSTEM)
    return mailing
