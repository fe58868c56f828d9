"""E-mails to participants: queued by the services with the change that causes them
(`queue.py`), written from fresh data when they leave (`compose.py`), and sent one by one by
the worker (`delivery.py`, `manage.py send_emails`). This face hands on what the others call."""

from registrations.emails.compose import (
    mailing_message,
    message_for,
    render_message,
    render_plain_text,
)
from registrations.emails.queue import (
    promotions_grouped,
    queue_cancellation,
    queue_cancelled_by_organisers,
    queue_confirmation,
    queue_mailing,
    queue_manage_link,
    queue_promotion,
)

__all__ = [
    "mailing_message",
    "message_for",
    "promotions_grouped",
    "queue_cancellation",
    "queue_cancelled_by_organisers",
    "queue_confirmation",
    "queue_mailing",
    "queue_manage_link",
    "queue_promotion",
    "render_message",
    "render_plain_text",
]
