"""The registration form answers a known address in the time of a new sign-up. No timing here
(bench/timing_leak.py measures it): the clock and the sleep are handed in, and these tests
check what is waited for."""

import pytest
from django.urls import reverse

from registrations.models import Participant
from registrations.public.answer_time import UNMEASURED, AnswerTime, registration_answers
from tests.factories import signup_session

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self):
        self.now, self.slept = 100.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def answers_timed_by(clock: Clock) -> AnswerTime:
    return AnswerTime(clock=clock, sleep=clock.sleep)


def test_known_address_waits_until_it_lasted_as_long_as_a_new_sign_up():
    clock = Clock()
    answers = answers_timed_by(clock)
    started = answers.start()
    clock.now += 0.012  # a new sign-up: 12 ms
    answers.record(started)

    started = answers.start()
    clock.now += 0.004  # a known address: 4 ms of work
    answers.wait_like(started)

    assert (clock.slept, round(clock.now - started, 6)) == ([0.008], 0.012)


def test_known_address_waits_like_one_of_the_sign_ups_measured():
    clock = Clock()
    answers = answers_timed_by(clock)
    for took in (0.010, 0.020, 0.030):
        started = answers.start()
        clock.now += took
        answers.record(started)

    for _ in range(60):
        answers.wait_like(answers.start())

    assert set(clock.slept) == {0.010, 0.020, 0.030}


def test_known_address_slower_than_the_sign_up_drawn_does_not_wait():
    clock = Clock()
    answers = answers_timed_by(clock)
    started = answers.start()
    clock.now += 0.005
    answers.record(started)

    started = answers.start()
    clock.now += 0.009

    assert (answers.wait_like(started), clock.slept) == (0.0, [])


def test_known_address_before_any_sign_up_waits_the_default():
    clock = Clock()

    answers_timed_by(clock).wait_like(clock())

    assert clock.slept == [UNMEASURED]


def test_register_measures_new_sign_ups_and_not_known_addresses(client):
    session = signup_session()
    url = reverse("registrations:register", kwargs={"visit": session.day.visit.slug})
    registration_answers.durations.clear()

    for email in ("camille@example.org", "other@example.org", "camille@example.org"):
        form = {"first_name": "Camille", "last_name": "Martin", "email": email, "country": "FR"}
        response = client.post(url, {**form, "sessions": [session.pk], "consent": "on"})
        assert response.status_code == 302

    # The third, a known address, waited like the others but was not measured.
    assert (len(registration_answers.durations), Participant.objects.count()) == (2, 2)
