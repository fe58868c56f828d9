"""`make test-quick` leaves out the tests marked `slow`: every test module that starts a server
(gunicorn, PostgreSQL, Redis, runserver, the e-mail worker) or races threads marks them."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# What starts a server or a race in the tests (tests/servers.py and the modules beside them).
STARTERS = {
    "gunicorn",
    "private_postgres",
    "private_redis",
    "snapshot_redis",
    "at_once",
    "Popen",
    "Worker",
    "run_mail_worker",
}


def called_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            function = node.func
            if isinstance(function, ast.Attribute):
                names.add(function.attr)
            elif isinstance(function, ast.Name):
                names.add(function.id)
    return names


def test_modules_that_start_servers_or_race_are_marked_slow():
    unmarked = [
        str(path.relative_to(TESTS))
        for path in sorted(TESTS.rglob("test_*.py"))
        if called_names(path) & STARTERS and "pytest.mark.slow" not in path.read_text()
    ]

    assert unmarked == []
