import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

CHECK = [sys.executable, "-c", "import django; django.setup()"]


def start_with(**environment):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kiss_visit.settings", **environment}
    return subprocess.run(CHECK, env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)


@pytest.mark.parametrize(
    ("environment", "complaint"),
    [
        (
            {"DJANGO_SECRET_KEY": "", "DJANGO_ALLOWED_HOSTS": "kiss.example.org"},
            "DJANGO_SECRET_KEY",
        ),
        ({"DJANGO_SECRET_KEY": "s" * 50, "DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_required_settings(environment, complaint):
    result = start_with(DJANGO_DEBUG="false", **environment)

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: "
        f"{complaint} must be set when DJANGO_DEBUG is off."
    )


def test_production_starts_with_secret_key_and_hosts():
    result = start_with(
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY="s" * 50, DJANGO_ALLOWED_HOSTS="kiss.example.org"
    )

    assert (result.returncode, result.stderr) == (0, "")


def test_sqlite_takes_the_write_lock_at_transaction_start():
    options = settings.DATABASES["default"]["OPTIONS"]
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite settings only")

    assert (options["transaction_mode"], options["timeout"]) == ("IMMEDIATE", 30)


SHOW_HOSTS_AND_LINKS = (
    "import django, json, socket; django.setup(); from django.conf import settings; "
    "print(json.dumps([socket.gethostname(), settings.ALLOWED_HOSTS, settings.SITE_URL]))"
)


def development_hosts_and_links(**environment) -> tuple[str, list[str], str]:
    """What `make run HOST=... PORT=...` gives the site: the settings it starts with."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KISS_RUN_"))}
    env.update(DJANGO_SETTINGS_MODULE="kiss_visit.settings", DJANGO_DEBUG="true", **environment)
    result = subprocess.run(
        [sys.executable, "-c", SHOW_HOSTS_AND_LINKS],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.stderr == ""
    return tuple(json.loads(result.stdout))


def test_development_on_every_address_allows_its_names_and_links_to_loopback():
    machine, allowed_hosts, site_url = development_hosts_and_links(
        KISS_RUN_HOST="0.0.0.0", KISS_RUN_PORT="8101"
    )

    assert allowed_hosts[:6] == [
        "localhost",
        "127.0.0.1",
        "[::1]",
        "testserver",
        "0.0.0.0",
        machine,
    ]
    assert site_url == "http://127.0.0.1:8101"


def test_development_on_a_named_address_allows_it_and_links_to_it():
    machine, allowed_hosts, site_url = development_hosts_and_links(
        KISS_RUN_HOST="192.0.2.7", KISS_RUN_PORT="8102"
    )

    assert allowed_hosts == ["localhost", "127.0.0.1", "[::1]", "testserver", "192.0.2.7", machine]
    assert site_url == "http://192.0.2.7:8102"


def test_development_site_url_given_is_kept():
    _, _, site_url = development_hosts_and_links(
        KISS_RUN_HOST="0.0.0.0", KISS_RUN_PORT="8101", DJANGO_SITE_URL="http://kiss.lan:8101/"
    )

    assert site_url == "http://kiss.lan:8101"
