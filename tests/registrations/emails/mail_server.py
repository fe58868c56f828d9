"""A real SMTP server on loopback (aiosmtpd) for the e-mail tests: it keeps what it accepts and
can refuse some recipients, for good (5xx) or for now (4xx), as real servers do."""

import asyncio
import email
import email.policy
from collections import Counter

from aiosmtpd.controller import Controller

from tests.servers import free_port


class MailServer:
    def __init__(self, *, refuse=(), refuse_once=(), delay: float = 0):
        self.refuse = set(refuse)  # refused for good: 550
        self.refuse_once = set(refuse_once)  # refused the first time only: 451
        self.delay = delay  # seconds per message, to catch a worker in the middle of a batch
        self.messages = []
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if address in self.refuse_once:
            self.refuse_once.discard(address)
            return f"451 4.7.1 <{address}>: Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((tuple(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    @property
    def recipients(self) -> list[str]:
        return [address for rcpt_tos, _message in self.messages for address in rcpt_tos]

    def duplicates(self) -> int:
        return sum(n - 1 for n in Counter(self.recipients).values())

    def settings(self) -> dict:
        """Django settings that send through this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.controller.port,
        }

    def environment(self) -> dict:
        """The same, for a worker in another process."""
        return {
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(self.controller.port),
        }

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
