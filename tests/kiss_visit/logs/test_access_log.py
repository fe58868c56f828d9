"""gunicorn's access log: the atoms its format uses are masked (and only those: masking every
header and environ variable cost 0.13 ms a request); GUNICORN_ACCESSLOG turns it off or sends it
to a file."""

import datetime
import runpy
import urllib.request

import pytest
from django.conf import settings
from gunicorn.config import Config

from kiss_visit.logs.gunicorn_logging import PrivateLinksLogger, atoms_used
from tests.kiss_visit import servers

pytestmark = pytest.mark.slow  # one test starts gunicorn

TOKEN = "Zk3_q-9xYb"
LINK = f"/fr/the-visit/my-registration/{TOKEN}/"
MASKED = "/fr/the-visit/my-registration/[private]/"


class Response:
    status = "200 OK"
    sent = 1234
    headers = [("Content-Type", "text/html")]


def logged_line(tmp_path, access_log_format: str, headers: list, environ: dict) -> str:
    path = tmp_path / "access.log"
    config = Config()
    config.set("accesslog", str(path))
    config.set("access_log_format", access_log_format)
    logger = PrivateLinksLogger(config)
    environ = {"REQUEST_METHOD": "GET", "SERVER_PROTOCOL": "HTTP/1.1", **environ}

    logger.access(Response, headers, environ, datetime.timedelta(milliseconds=3))

    for handler in logger.access_log.handlers:
        handler.flush()
    return path.read_text().strip()


def test_atoms_used_are_those_of_the_format_headers_in_lower_case():
    used = atoms_used('%(h)s "%(r)s" %(s)s "%({Referer}i)s" %({raw_uri}e)s %(L)s')

    assert used == {"h", "r", "s", "{referer}i", "{raw_uri}e", "L"}


def test_access_line_masks_whatever_atom_the_format_asks_for(tmp_path):
    line = logged_line(
        tmp_path,
        '"%(r)s" %(s)s "%(f)s" %({x-next}i)s %({raw_uri}e)s %(U)s',
        [("X-NEXT", f"https://kiss.example.org{LINK}")],
        {
            "RAW_URI": f"{LINK}cancel/",
            "PATH_INFO": f"{LINK}cancel/",
            "HTTP_REFERER": f"http://kiss.example.org{LINK}",
        },
    )

    assert line == (
        f'"GET {MASKED}cancel/ HTTP/1.1" 200 "http://kiss.example.org{MASKED}" '
        f"https://kiss.example.org{MASKED} {MASKED}cancel/ {MASKED}cancel/"
    )


def test_access_line_without_private_link_is_written_as_it_came(tmp_path):
    line = logged_line(
        tmp_path,
        '"%(r)s" %(s)s "%(a)s"',
        [("USER-AGENT", "Mozilla/5.0 (X11)")],
        {"RAW_URI": "/fr/the-visit/register/?q=caf%C3%A9", "HTTP_USER_AGENT": "Mozilla/5.0 (X11)"},
    )

    assert line == '"GET /fr/the-visit/register/?q=caf%C3%A9 HTTP/1.1" 200 "Mozilla/5.0 (X11)"'


@pytest.mark.parametrize(
    ("setting", "accesslog"),
    [
        (None, "-"),
        ("", "-"),
        ("off", None),
        ("OFF", None),
        ("/var/log/kiss/access.log", "/var/log/kiss/access.log"),
    ],
)
def test_gunicorn_accesslog_setting_chooses_where_the_log_goes(monkeypatch, setting, accesslog):
    if setting is None:
        monkeypatch.delenv("GUNICORN_ACCESSLOG", raising=False)
    else:
        monkeypatch.setenv("GUNICORN_ACCESSLOG", setting)

    configuration = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))

    assert configuration["accesslog"] == accesslog


@pytest.mark.django_db(transaction=True)
def test_gunicorn_with_accesslog_off_logs_errors_but_no_request(tmp_path):
    server = servers.gunicorn(tmp_path / "gunicorn.log", GUNICORN_ACCESSLOG="off")
    try:
        start = server.log_path.stat().st_size
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/healthz") as answer:
            found = answer.status
        missing = server.request("GET", f"/en{LINK.removeprefix('/fr')}", logged="Not Found")
    finally:
        server.stop()

    # A worker may still be booting when the requests come: its line is gunicorn's, not a request's.
    logged = [
        line for line in server.log_since(start, until="Not Found") if "Booting worker" not in line
    ]
    assert (found, missing.status) == (200, 404)
    assert logged == [f"Not Found: /en{MASKED[3:]}"]
