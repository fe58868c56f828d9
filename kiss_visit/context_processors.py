from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def language_switcher(request):
    """Every language of the site, each linking to the page the visitor is on in it; the
    current one is marked. Where the address cannot be translated (a 404, say), the link goes
    to that language's home."""
    current = get_language()
    path = request.get_full_path()
    languages = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            url = f"/{code}/"
        languages.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "is_current": code == current,
            }
        )
    return {
        "site_languages": languages,
        "other_languages": [language for language in languages if not language["is_current"]],
    }


def organisers_contact(request):
    """The organisers' address (KISS_ORGANISERS_EMAIL), shown at the foot of every public page
    when it is set."""
    return {"organisers_email": settings.ORGANISERS_EMAIL}
