"""Command-line tools speak English unless asked otherwise (KISS_COMMAND_LANGUAGE), whatever the
site's default language (French, the seed's): `manage.py createsuperuser` as `make superuser`
runs it, at a terminal."""

import getpass
import os
import pty
import select
import subprocess
import time

import pytest

from tests.registrations.emails.test_over_smtp import database_url_of_this_test
from tests.servers import PYTHON, ROOT, end_process_group

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def first_prompt(command: list[str], **environment) -> str:
    """What the command asks first at a terminal (up to its ': '), before it is ended."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KISS_COMMAND_")},
        "DATABASE_URL": database_url_of_this_test(),
        **environment,
    }
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [PYTHON, "manage.py", *command],
        cwd=ROOT,
        env=environment,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        start_new_session=True,
    )
    os.close(terminal)
    said, deadline = b"", time.monotonic() + 60
    try:
        while not said.endswith(b": ") and time.monotonic() < deadline:
            if select.select([controller], [], [], 0.5)[0]:
                said += os.read(controller, 1024)
    finally:
        end_process_group(process)
        os.close(controller)
    return said.decode()


def test_createsuperuser_asks_in_english_by_default():
    assert first_prompt(["createsuperuser"]) == (
        f"Username (leave blank to use '{getpass.getuser()}'): "
    )


def test_createsuperuser_asks_in_the_language_asked_for():
    assert first_prompt(["createsuperuser"], KISS_COMMAND_LANGUAGE="fr") == (
        f"Nom d’utilisateur (leave blank to use '{getpass.getuser()}'): "
    )
