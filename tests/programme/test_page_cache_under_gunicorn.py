"""Under gunicorn each worker keeps its own cached pages: a sign-up answered by one worker must
drop the programme cached by the other too."""

import re
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.servers import Visitor, gunicorn, manage, site_environment

pytestmark = pytest.mark.slow

PROGRAMME = "/fr/saint-etienne-2018/programme/"
REGISTER = "/fr/saint-etienne-2018/register/"
# Each access-log line names the worker (its pid) and the request's probe number.
ACCESS_LOG_FORMAT = "probe %(p)s %({x-probe}i)s %(s)s"
CONFIRM_CAPACITIES = (
    "from programme.models import Session; Session.objects.update(capacity_is_provisional=False)"
)


@pytest.fixture
def two_workers():
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "kiss.sqlite3"
        environment = site_environment(
            f"sqlite:///{database}", GUNICORN_CMD_ARGS=f"--access-logformat '{ACCESS_LOG_FORMAT}'"
        )
        manage("migrate", environment=environment)
        manage("load_programme", environment=environment)
        # The seed's capacities are provisional and the programme does not count them down until
        # organisers confirm them: confirmed here, as organisers would.
        manage("shell", "-c", CONFIRM_CAPACITIES, environment=environment)
        with gunicorn(environment, workers=2, log_dir=Path(directory)) as server:
            server.environment = environment  # for an organiser's edit, from another process
            yield server


class Probe:
    """Asks for the programme, each time on a new connection, and finds in the access log which
    worker answered."""

    def __init__(self, server):
        self.server = server
        self.count = 0

    def places(self, title: str) -> tuple[str, str]:
        """(worker pid, places shown for the session titled `title`)."""
        self.count += 1
        request = urllib.request.Request(
            self.server.url + PROGRAMME, headers={"X-Probe": str(self.count)}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            page = BeautifulSoup(response.read().decode(), "html.parser")
        session = next(
            item
            for item in page.select(".session")
            if item.select_one(".session__title").get_text(strip=True) == title
        )
        return self.worker_of(self.count), session.select_one(".session__places").get_text(
            " ", strip=True
        )

    def worker_of(self, number: int) -> str:
        for _ in range(100):  # gunicorn writes the line right after the answer
            found = re.search(rf"^probe <(\d+)> {number} 200$", self.server.log(), re.MULTILINE)
            if found:
                return found.group(1)
            time.sleep(0.05)
        raise AssertionError(f"request {number} is not in the access log:\n{self.server.log()}")

    def until_both_workers_answered(self, title: str, *, at_most: int = 200) -> set[str]:
        """Places shown by every answer, asking until each of the two workers has answered twice
        (the second answer of each comes from its cache)."""
        answers, shown = {}, set()
        while min(answers.values(), default=0) < 2 or len(answers) < 2:
            assert self.count < at_most, f"only workers {answers} answered"
            worker, places = self.places(title)
            answers[worker] = answers.get(worker, 0) + 1
            shown.add(places)
        return shown


def test_sign_up_through_one_worker_updates_the_programme_both_workers_serve(two_workers):
    visitor = Visitor(two_workers.url)
    form = visitor.get(REGISTER)
    first_box = form.page.select_one("input[name=sessions]")
    title = form.page.select_one(f"label[for={first_box['id']}] .session-choice__title").get_text(
        strip=True
    )
    probe = Probe(two_workers)
    assert probe.until_both_workers_answered(title) == {"16 places restantes"}

    answers = {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": "camille@example.org",
        "country": "FR",
        "sessions": first_box["value"],
        "consent": "on",
    }
    received = visitor.post(REGISTER, answers, token=form.form_token())

    assert received.h1() == "Merci — consultez votre messagerie"
    assert probe.until_both_workers_answered(title) == {"15 places restantes"}


def test_title_edited_elsewhere_reaches_the_form_both_workers_serve(two_workers):
    """Each worker keeps the visit and its sessions between requests (programme/kept.py): an
    organiser's edit, saved by another process, shows at once in the form of both."""
    probe, box = Probe(two_workers), first_box_id(two_workers)
    assert form_titles(probe, box) == {"Petit déjeuner ESS avec acteurs locaux"}

    rename = (
        "from programme.models import Session; s = Session.objects.get(slug='petit-dejeuner-ess');"
        " s.title_fr = 'Petit déjeuner ESS, acteurs locaux'; s.save()"
    )
    manage("shell", "-c", rename, environment=two_workers.environment)

    assert form_titles(probe, box) == {"Petit déjeuner ESS, acteurs locaux"}


def first_box_id(server) -> str:
    form = Visitor(server.url).get(REGISTER)
    label = form.page.find(string=re.compile("Petit déjeuner ESS"))
    return label.find_parent("label")["for"]


def form_titles(probe: Probe, box_id: str) -> set[str]:
    """The titles the form shows for the box, asking until each worker answered twice."""
    answers, shown = {}, set()
    while min(answers.values(), default=0) < 2 or len(answers) < 2:
        assert probe.count < 200, f"only workers {answers} answered"
        probe.count += 1
        request = urllib.request.Request(
            probe.server.url + REGISTER, headers={"X-Probe": str(probe.count)}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            page = BeautifulSoup(response.read().decode(), "html.parser")
        title = page.select_one(f"label[for={box_id}] .session-choice__title")
        shown.add(title.get_text(strip=True))
        worker = probe.worker_of(probe.count)
        answers[worker] = answers.get(worker, 0) + 1
    return shown
