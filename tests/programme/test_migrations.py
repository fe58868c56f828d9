"""The move to five languages keeps every French and English text where it was, organisers'
edits included, on a database that holds the programme."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("programme", "0002_session_places_taken")]
AFTER = [("programme", "0003_content_in_five_languages")]
TEXTS = {
    "studyvisit": [
        "title",
        "subtitle",
        "tagline",
        "project_intro",
        "objective",
        "questions",
        "conditions",
    ],
    "day": ["theme"],
    "venue": ["description"],
    "session": ["title", "description"],
}
FOREIGN_KEYS = {"visit", "day", "venue"}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def load_fixture_with(apps):
    """The committed fixture, written through the models as they were at `apps`."""
    path = Path(settings.FIXTURE_DIRS[0]) / "saint_etienne_2018.yaml"
    for item in yaml.safe_load(path.read_text(encoding="utf-8")):
        model = apps.get_model(item["model"])
        known = {field.name for field in model._meta.fields}
        fields = {
            (f"{name}_id" if name in FOREIGN_KEYS else name): value
            for name, value in item["fields"].items()
            if name in known
        }
        model.objects.create(pk=item["pk"], **fields)


def texts(apps, suffixes):
    return {
        (name, obj.pk, f"{field}{suffix}"): getattr(obj, f"{field}{suffix}")
        for name, fields in TEXTS.items()
        for obj in apps.get_model("programme", name).objects.all()
        for field in fields
        for suffix in suffixes
    }


@pytest.fixture
def programme_before_five_languages():
    old = migrate(BEFORE)
    yield old
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_migration_keeps_french_and_english_texts_and_organisers_edits(
    programme_before_five_languages,
):
    old = programme_before_five_languages
    load_fixture_with(old)
    old.get_model("programme", "session").objects.filter(pk=7).update(
        title_en="Edited by an organiser", description_fr="Texte revu"
    )
    before = texts(old, ["_fr", "_en"])

    new = migrate(AFTER)

    assert texts(new, ["_fr", "_en"]) == before
    assert set(texts(new, ["_es", "_it", "_el"]).values()) == {None}
    originals = texts(new, [""])
    assert originals == {
        (name, pk, field[:-3]): text
        for (name, pk, field), text in before.items()
        if field.endswith("_fr")
    }
    assert len(before) == 2 * (7 + 6 + 11 + 2 * 26)


def test_migrated_programme_reads_in_every_language(programme_before_five_languages):
    load_fixture_with(programme_before_five_languages)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from programme.models import Session

    session = Session.objects.get(pk=4)
    shown = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            shown[code] = session.title
    assert shown == {
        "fr": "Petit déjeuner ESS avec acteurs locaux",
        "en": "SSE breakfast with local actors",
        "es": "SSE breakfast with local actors",
        "it": "SSE breakfast with local actors",
        "el": "SSE breakfast with local actors",
    }
