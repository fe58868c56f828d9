"""deploy/nginx-kiss.conf as nginx reads it: `nginx -t` on the file, with a certificate of the
test's own where certbot's would be (skipped where nginx is not installed), and what a reading
of the file checks without nginx."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.servers import ROOT

CONFIG = ROOT / "deploy" / "nginx-kiss.conf"
CERTIFICATES = "/etc/letsencrypt/live/kiss.example.org/"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if Path(path).exists()), None
    )


def locations(text: str) -> dict[str, str]:
    """{a location's pattern: its body}, braces inside quotes left alone."""
    found = {}
    for match in re.finditer(r'^\s*location\s+((?:"[^"]*"|[^{"\n])*)\{', text, re.MULTILINE):
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        found[match.group(1).strip()] = text[match.end() : end - 1]
    return found


def test_nginx_config_sends_the_host_from_every_proxied_location():
    proxied = {
        name: body for name, body in locations(CONFIG.read_text()).items() if "proxy_pass" in body
    }

    without_host = [
        name for name, body in proxied.items() if "proxy_set_header Host $host;" not in body
    ]

    assert without_host == []
    assert len(proxied) == 3


def test_nginx_config_quotes_regular_expressions_with_braces():
    patterns = re.findall(r"^\s*location\s+~\*?\s+(\S+)", CONFIG.read_text(), re.MULTILINE)

    unquoted = [pattern for pattern in patterns if "{" in pattern and not pattern.startswith('"')]

    assert unquoted == []


def test_nginx_config_keeps_no_access_log_in_any_server():
    text = CONFIG.read_text()

    assert text.count("access_log off;") == len(re.findall(r"^server \{", text, re.MULTILINE))


def test_nginx_config_passes_nginx_test_with_a_certificate_in_place(tmp_path):
    nginx, openssl = nginx_binary(), shutil.which("openssl")
    if nginx is None or openssl is None:
        message = "nginx or openssl is not installed (apt-get install -y nginx)."
        if os.environ.get("CI") == "true":  # .ci/run installs it: a skip would hide a failure
            pytest.fail(message)
        pytest.skip(message)
    certificate = ["-subj", "/CN=kiss.example.org", "-nodes", "-days", "1"]
    files = ["-keyout", tmp_path / "privkey.pem", "-out", tmp_path / "fullchain.pem"]
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            *certificate,
            *files,
        ],
        check=True,
        capture_output=True,
    )
    (tmp_path / "kiss.conf").write_text(CONFIG.read_text().replace(CERTIFICATES, f"{tmp_path}/"))
    temporary = " ".join(
        f"{kind}_temp_path {tmp_path};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ {temporary} include {tmp_path}/kiss.conf; }}\n"
    )

    checked = subprocess.run(
        [nginx, "-t", "-p", tmp_path, "-c", tmp_path / "nginx.conf", "-e", tmp_path / "error.log"],
        capture_output=True,
        text=True,
    )

    assert checked.returncode == 0, checked.stderr
