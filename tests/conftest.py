import os

import pytest
from django.core.management import call_command

from tests.servers import postgres_bin_dir, private_postgres


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Pages link to hashed static files, as in production: build the manifest once per run."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture
def seed_programme(db):
    """The Saint-Etienne 2018 programme, loaded from the committed fixture as the README does."""
    call_command("loaddata", "saint_etienne_2018", verbosity=0)


@pytest.fixture(autouse=True)
def default_language_and_empty_cache():
    """Each test starts in the site's default language (a request may leave another active in
    this thread), with an empty cache (the rate limiter counts posts there) and nothing of the
    programme kept in this process (programme/kept.py) from an earlier test."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    from programme import kept

    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()
    kept.visits.clear()
    kept.session_lists.clear()
    yield
    translation.activate(settings.LANGUAGE_CODE)


# Who is signed in: the roles of the admin ------------------------------------------------------


@pytest.fixture
def organiser(client):
    """Staff in the Organisers group (not superuser), signed in on `client`."""
    from django.contrib.auth.models import Group, User

    call_command("setup_organisers", stdout=None)
    user = User.objects.create_user("orga", "orga@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Organisers"))
    client.force_login(user)
    return user


@pytest.fixture
def other_staff(client):
    """A staff account without a single permission, signed in on `client`."""
    from django.contrib.auth.models import User

    user = User.objects.create_user("staff", "staff@example.org", "pw", is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def superuser(client):
    from django.contrib.auth.models import User

    user = User.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def postgres():
    """A PostgreSQL cluster of the test's own, which it may stop and start (outages)."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        message = "PostgreSQL's server binaries are missing (apt-get install -y postgresql)."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with private_postgres(bin_dir) as server:
        yield server
