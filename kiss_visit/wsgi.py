"""WSGI entry point, used by gunicorn (see gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

from kiss_visit.http.request_headers import with_readable_content_type

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiss_visit.settings")

application = with_readable_content_type(get_wsgi_application())
