import pytest
from django.db import connection
from django.test import Client

from tests.kiss_visit import servers
from tests.servers import free_port


@pytest.fixture
def database_gone(transactional_db):
    """The database stops answering for the rest of the test: the connection is closed and its
    address now leads nowhere (a missing directory for SQLite, a port nobody listens on for
    PostgreSQL). The real address is put back afterwards."""
    address = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/kiss.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT=free_port())
    yield
    connection.close()
    connection.settings_dict.update(address)


@pytest.fixture
def production(settings):
    """DEBUG off, as in production: Django then answers errors with handler500, not its
    debugging page."""
    settings.DEBUG = False


@pytest.fixture
def visitor(production):
    """A browser that sees error pages, as people do, instead of the test re-raising the error."""
    return Client(raise_request_exception=False)


@pytest.fixture(scope="session")
def gunicorn_server(django_db_setup, tmp_path_factory):
    """gunicorn as shipped, started once for the run, on the test database."""
    server = servers.gunicorn(tmp_path_factory.mktemp("gunicorn") / "gunicorn.log")
    yield server
    server.stop()
