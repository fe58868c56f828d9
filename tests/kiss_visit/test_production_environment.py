"""The environments that .env.example documents: Django's deployment checks pass with the real
deployment's, and a server started with it sends HSTS for a year over HTTPS."""

import os
import re
import secrets
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

from tests.servers import ROOT, gunicorn, manage

HSTS_FOR_A_YEAR = "max-age=31536000; includeSubDomains"


def documented_environment(block: str) -> dict:
    """The variables of one block of .env.example ("Local production trial" or "Real
    deployment"), uncommented, with a fresh secret key where the reader must write one."""
    text = (ROOT / ".env.example").read_text()
    start = text.index(f"# == {block}")
    end = text.find("# == ", start + 1)
    variables = {}
    for line in text[start : end if end > 0 else None].splitlines():
        found = re.fullmatch(r"#? ?([A-Z][A-Z0-9_]*)=(.*)", line)
        if found:
            variables[found.group(1)] = found.group(2).strip('"')
    if not variables.get("DJANGO_SECRET_KEY"):
        variables["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    return variables


def only(variables: dict) -> dict:
    """This process's environment without any setting of the site's, plus `variables`."""
    ours = ("DJANGO_", "KISS_", "GUNICORN_", "DATABASE_URL", "REDIS_URL")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    return {**environment, "DJANGO_SETTINGS_MODULE": "kiss_visit.settings", **variables}


def deployment_check(environment: dict) -> subprocess.CompletedProcess:
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_deployment_checks_pass_with_the_documented_real_deployment():
    environment = only(documented_environment("Real deployment"))

    result = deployment_check(environment)

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip() == "System check identified no issues (1 silenced)."


def test_real_deployment_uncommented_leaves_redis_off():
    """Redis is for a second app server: uncommenting the block must not ask for one."""
    assert "REDIS_URL" not in documented_environment("Real deployment")


def test_deployment_checks_refuse_the_local_trial_served_over_plain_http():
    environment = only(documented_environment("Local production trial"))

    result = deployment_check(environment)

    assert result.returncode == 1
    assert re.findall(r"\(security\.(W\d+)\)", result.stderr) == ["W004", "W008", "W012", "W016"]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"KISS_TRUSTED_PROXIES": ""}, ["kiss.E001"]),
        ({"GUNICORN_BIND": "0.0.0.0:8000"}, ["kiss.E002"]),
        ({"KISS_TRUSTED_PROXIES": "", "GUNICORN_BIND": "[::]:8000"}, ["kiss.E001", "kiss.E002"]),
        ({"KISS_TRUSTED_PROXIES": "127.0.0.1,nginx"}, ["kiss.E003"]),
    ],
)
def test_deployment_checks_refuse_a_proxy_whose_forwarded_address_anyone_could_send(
    changes, errors
):
    environment = only({**documented_environment("Real deployment"), **changes})

    result = deployment_check(environment)

    assert result.returncode == 1
    assert re.findall(r"\((kiss\.E\d+)\)", result.stderr) == errors


@pytest.fixture
def deployed_site():
    with tempfile.TemporaryDirectory() as directory:
        database = f"sqlite:///{Path(directory) / 'kiss.sqlite3'}"
        deployment = documented_environment("Real deployment")
        # This machine's: a database of the test's own, no Redis, mail to the console.
        environment = only(
            {
                **deployment,
                "DATABASE_URL": database,
                "REDIS_URL": "",
                "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            }
        )
        manage("migrate", environment=environment)
        with gunicorn(environment, workers=1, log_dir=Path(directory)) as server:
            yield server


@pytest.mark.slow
def test_deployed_site_sends_hsts_for_a_year_over_https_and_redirects_plain_http(deployed_site):
    through_nginx = urllib.request.Request(
        deployed_site.url + "/fr/privacy/", headers={"X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(through_nginx, timeout=60) as response:
        secure = (response.status, response.headers["Strict-Transport-Security"])

    plain = urllib.request.Request(deployed_site.url + "/fr/privacy/", method="HEAD")
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(plain, timeout=60) as response:
        redirected = (response.status, response.headers["Location"])

    assert secure == (200, HSTS_FOR_A_YEAR)
    https_address = deployed_site.url.replace("http://", "https://")
    assert redirected == (301, https_address + "/fr/privacy/")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_301(self, request, response, code, message, headers):
        return response
