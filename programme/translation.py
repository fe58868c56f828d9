"""Which texts of the programme exist in each site language (django-modeltranslation).

Each field named here gets a column per language (`title_fr`, `title_en`, `title_es`,
`title_it`, `title_el`); `session.title` reads the active language's text, or the fallback
set in settings (the English text for Spanish, Italian and Greek; the French for English).
Names of venues and addresses are proper names: one column, never translated.
"""

from contextvars import ContextVar

from modeltranslation.translator import TranslationOptions, register
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

from programme.models import Day, Session, StudyVisit, Venue


@register(StudyVisit)
class StudyVisitTranslation(TranslationOptions):
    fields = (
        "title",
        "subtitle",
        "tagline",
        "project_intro",
        "objective",
        "questions",
        "conditions",
    )


@register(Day)
class DayTranslation(TranslationOptions):
    fields = ("theme",)


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("description",)


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")


def shown_language(obj, field: str) -> str:
    """The language of the text that `obj.<field>` shows in the active language: the active
    language itself, or the fallback whose text is shown instead."""
    active = get_language()
    for code in resolution_order(active):
        if getattr(obj, build_localized_fieldname(field, code), None):
            return code
    return active


# The languages of the fallback texts shown on the page being rendered: the page then says once,
# in the reader's language, that some texts are not translated yet (templates/base.html).
fallbacks_shown: ContextVar[frozenset] = ContextVar("fallbacks_shown", default=frozenset())


def note_fallback(code: str) -> None:
    fallbacks_shown.set(fallbacks_shown.get() | {code})


def forget_fallbacks() -> None:
    fallbacks_shown.set(frozenset())
