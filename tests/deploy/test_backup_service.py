"""deploy/kiss-backup.service as systemd runs it, on a fresh machine: its folder does not exist
yet. Its commands run here against a PostgreSQL of the test's own, whose database is `kiss` as
in production, the folder moved under a temporary directory."""

import datetime
import os
import shlex
import subprocess

import pytest

from tests.servers import ROOT

pytestmark = pytest.mark.slow
UNIT = ROOT / "deploy" / "kiss-backup.service"


def unit_commands(folder) -> list[list[str]]:
    """ExecStartPre then ExecStart, with systemd's escapes and prefixes undone."""
    commands = []
    for key in ("ExecStartPre", "ExecStart"):
        for line in UNIT.read_text().splitlines():
            if line.startswith(f"{key}="):
                command = line.removeprefix(f"{key}=").lstrip("+-@:!")
                command = command.replace("%%", "%").replace("/var/backups/kiss", str(folder))
                commands.append(shlex.split(command))
    return commands


def test_backup_service_on_a_fresh_machine_writes_the_nights_dump(postgres, tmp_path):
    folder = tmp_path / "backups" / "kiss"
    environment = {**os.environ, "PGHOST": "127.0.0.1", "PGPORT": str(postgres.port)}
    environment["PGUSER"] = "postgres"

    for command in unit_commands(folder):
        subprocess.run(command, env=environment, check=True, capture_output=True)

    assert [path.name for path in folder.iterdir()] == [f"kiss-{datetime.date.today()}.dump"]
