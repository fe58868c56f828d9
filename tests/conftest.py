import pytest
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Pages link to hashed static files, as in production: build the manifest once per run."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture
def seed_programme(db):
    """The Saint-Etienne 2018 programme, loaded from the committed fixture as the README does."""
    call_command("loaddata", "saint_etienne_2018", verbosity=0)
