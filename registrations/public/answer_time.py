"""Answers that take as long whether or not an address is registered.

The registration form says the same thing for an address already registered as for a new one
(views.places_available), but it does less work for it: a refusal and a link to send, against a
participant, registrations, counters, history and a confirmation e-mail. Timed from outside,
that difference told the two apart (bench/timing_leak.py). So the cheaper answer waits: each
worker keeps how long its latest new sign-ups took, and an answer for a known address lasts as
long as one of them, drawn at random, which gives both the same distribution of times, whatever
the load, the database or the way e-mails are queued. Known addresses are rare (someone
registering twice); new sign-ups, the common path, never wait.
"""

import random
import threading
import time
from collections import deque
from collections.abc import Callable

# Until a worker has timed a sign-up of its own, what a new sign-up takes on a loaded machine
# (bench/timing_leak.py): erring long costs a known address a few milliseconds, once.
UNMEASURED = 0.015


class AnswerTime:
    """The times one kind of answer took, for the other kind to match."""

    def __init__(
        self,
        *,
        keep: int = 200,
        clock: Callable[[], float] = time.perf_counter,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.durations: deque[float] = deque(maxlen=keep)
        self.lock = threading.Lock()
        self.clock, self.sleep = clock, sleep

    def start(self) -> float:
        return self.clock()

    def record(self, started: float) -> None:
        """An answer of the measured kind, begun at `started`, is ready."""
        with self.lock:
            self.durations.append(self.clock() - started)

    def wait_like(self, started: float) -> float:
        """Hold an answer of the other kind, begun at `started`, until it has lasted as long as
        a measured one drawn at random. Returns the time it waited (0 if already longer)."""
        with self.lock:
            target = random.choice(self.durations) if self.durations else UNMEASURED
        remaining = target - (self.clock() - started)
        if remaining <= 0:
            return 0.0
        self.sleep(remaining)
        return remaining


# The registration form's answers: new sign-ups are measured, known addresses wait like them.
registration_answers = AnswerTime()
