"""Content that a visitor reads, in French and in English.

Why explicit `<name>_fr` / `<name>_en` columns rather than django-modeltranslation: the site has two
languages, fixed by design, and its content comes from fixtures. Plain columns keep the fixtures,
migrations, querysets and admin forms ordinary Django, with no patched managers or `loaddata`
behaviour to keep in mind. Templates read `obj.title`, which gives the active language's text and
falls back to French (the seed's language) where an English text is missing.
"""

from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_LABELS = {"fr": _("French"), "en": _("English")}


def bilingual(field_class, verbose_name, **options) -> tuple[models.Field, models.Field]:
    """One field per site language: `title_fr, title_en = bilingual(models.CharField, ...)`."""
    return tuple(
        field_class(format_lazy("{} ({})", verbose_name, LANGUAGE_LABELS[code]), **options)
        for code, _name in settings.LANGUAGES
    )


def text_in_language(instance, name: str, language: str | None) -> str:
    code = (language or settings.LANGUAGE_CODE).split("-")[0]
    text = getattr(instance, f"{name}_{code}", "")
    return text or getattr(instance, f"{name}_{settings.LANGUAGE_CODE}")


class Translated:
    """Read-only attribute giving the text of the active language (French if it is missing)."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return text_in_language(instance, self.name, get_language())
