#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import contextlib
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiss_visit.settings")
    import django
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.utils import translation

    # Without this, commands speak the site's default language (French): see COMMAND_LANGUAGE.
    # Pages are unaffected: each request activates its own language. Settings that refuse to
    # load are left for Django to report, as it does without us.
    with contextlib.suppress(ImproperlyConfigured):
        django.setup()
        translation.activate(settings.COMMAND_LANGUAGE)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
