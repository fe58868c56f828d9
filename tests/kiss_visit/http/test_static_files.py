"""Static files are answered in front of Django (kiss_visit/wsgi.py), with the same security
headers as every page, HSTS included over HTTPS; everything else goes on to Django."""

from wsgiref.util import setup_testing_defaults

from django.contrib.staticfiles.storage import staticfiles_storage

from kiss_visit.http.static_files import StaticFiles
from tests.kiss_visit.http.test_security_headers import EXPECTED

HSTS_FOR_A_YEAR = "max-age=31536000; includeSubDomains"


class Django:
    """Stands for the application behind the static files: notes what reaches it."""

    def __init__(self):
        self.paths = []

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"page"]


def get(application, path: str, **environ) -> tuple[str, dict, bytes]:
    environ = {"PATH_INFO": path, **environ}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    body = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], body


def security_headers(headers: dict) -> dict:
    found = {name: headers.get(name) for name in EXPECTED}
    directives = (
        part.strip().split(" ", 1) for part in found["Content-Security-Policy"].split(";")
    )
    found["Content-Security-Policy"] = dict(directives)
    return found


def test_static_file_is_answered_before_django_with_the_security_headers():
    django = Django()
    stylesheet = staticfiles_storage.url("css/site.css")

    status, headers, body = get(StaticFiles(django), stylesheet)

    assert (status, django.paths) == ("200 OK", [])
    assert body == staticfiles_storage.open("css/site.css").read()
    assert headers["Content-Type"] == 'text/css; charset="utf-8"'
    assert "immutable" in headers["Cache-Control"]
    assert security_headers(headers) == {**EXPECTED, "X-Frame-Options": None}
    assert "Strict-Transport-Security" not in headers


def test_static_file_over_https_carries_hsts(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    files = StaticFiles(Django())
    path = staticfiles_storage.url("img/favicon.svg")

    over_https = get(files, path, HTTP_X_FORWARDED_PROTO="https")
    over_http = get(files, path, HTTP_X_FORWARDED_PROTO="http")

    assert over_https[1]["Strict-Transport-Security"] == HSTS_FOR_A_YEAR
    assert "Strict-Transport-Security" not in over_http[1]


def test_anything_but_a_static_file_goes_on_to_django():
    django = Django()
    files = StaticFiles(django)

    answers = [get(files, path) for path in ("/fr/", "/static/css/no-such.css", "/static/")]

    assert [status for status, _, _ in answers] == ["200 OK"] * 3
    assert django.paths == ["/fr/", "/static/css/no-such.css", "/static/"]


def test_site_application_serves_static_files_itself():
    from kiss_visit.wsgi import application

    status, headers, _ = get(application, staticfiles_storage.url("js/print.js"))

    assert (status, security_headers(headers)) == ("200 OK", {**EXPECTED, "X-Frame-Options": None})
