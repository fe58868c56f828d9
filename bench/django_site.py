"""Django set up for the benchmarks that run the site in their own process: production settings
(DEBUG off, so no query log), a throwaway SQLite database and var directory of their own."""

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure_django(var_dir: str, **environment: str) -> None:
    """`environment`: more settings for this benchmark (they win over the defaults here)."""
    os.environ["DJANGO_VAR_DIR"] = var_dir
    Path(var_dir, "staticfiles").mkdir(exist_ok=True)  # whitenoise warns without it
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="kiss_visit.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_HTTPS="false",
        # fontTools logs every font subsetting at INFO (a hundred lines per PDF): keep the
        # figures readable.
        DJANGO_LOG_LEVEL="WARNING",
        **environment,
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
