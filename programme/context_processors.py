from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def language_switcher(request):
    """Links to the page the visitor is on, in each other language of the site.

    Where the address cannot be translated (a 404, say), the link goes to that language's home.
    """
    current = get_language()
    path = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        url = translate_url(path, code)
        if url == path:
            url = f"/{code}/"
        links.append({"code": code, "name": get_language_info(code)["name_local"], "url": url})
    return {"other_languages": links}


def organisers_contact(request):
    """The organisers' address (KISS_ORGANISERS_EMAIL), shown at the foot of every public page
    when it is set."""
    return {"organisers_email": settings.ORGANISERS_EMAIL}
