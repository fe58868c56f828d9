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
