"""WSGI entry point, used by gunicorn (see gunicorn.conf.py) and by `runserver`.

Static files are answered first, before Django builds a request (kiss_visit/http/static_files.py).
"""

import os

from django.core.wsgi import get_wsgi_application

from kiss_visit.http.request_headers import with_readable_content_type
from kiss_visit.http.static_files import StaticFiles

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiss_visit.settings")

application = StaticFiles(with_readable_content_type(get_wsgi_application()))
