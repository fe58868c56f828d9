"""`make run HOST=0.0.0.0 PORT=...`: Django's development server, started as the Makefile starts
it, answers under every name a visitor may use for the machine, and under no other."""

import http.client
import os
import socket
import subprocess
import time

import pytest

from tests.servers import PYTHON, ROOT, end_process_group, free_port

pytestmark = pytest.mark.slow


def status_for_host(port: int, host: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/healthz", headers={"Host": host})
        return connection.getresponse().status
    finally:
        connection.close()


def outward_address() -> str:
    """The address another machine on the network reaches this one at."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))
        return probe.getsockname()[0]


def wait_for_port(process: subprocess.Popen, port: int, *, within: float = 30) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"runserver did not listen on {port} within {within} s")


def test_development_server_on_every_address_answers_the_machine_names(tmp_path):
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KISS_RUN_"))},
        "DATABASE_URL": "",
        "DJANGO_VAR_DIR": str(tmp_path),
        "KISS_RUN_HOST": "0.0.0.0",
        "KISS_RUN_PORT": str(port),
    }
    process = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"0.0.0.0:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for_port(process, port)
        names = [
            "0.0.0.0",
            "localhost",
            socket.gethostname(),
            outward_address(),
            "kiss.example.org",
        ]
        statuses = {name: status_for_host(port, f"{name}:{port}") for name in names}
    finally:
        end_process_group(process)

    assert statuses == {
        "0.0.0.0": 200,
        "localhost": 200,
        socket.gethostname(): 200,
        outward_address(): 200,
        "kiss.example.org": 400,
    }
