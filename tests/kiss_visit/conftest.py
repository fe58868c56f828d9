import pytest

from tests.kiss_visit import servers


@pytest.fixture(scope="session")
def gunicorn_server(django_db_setup, tmp_path_factory):
    """gunicorn as shipped, started once for the run, on the test database."""
    server = servers.gunicorn(tmp_path_factory.mktemp("gunicorn") / "gunicorn.log")
    yield server
    server.stop()
