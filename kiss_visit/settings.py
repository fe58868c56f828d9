"""Settings for the KISS study-visit site.

One module for every environment. Everything that differs between a laptop and production is read
from environment variables (see `.env.example`); the defaults are safe for development: SQLite,
DEBUG on, a throw-away secret. With DEBUG off the site refuses to start unless the secret key and
allowed hosts are given, so a half-configured production cannot boot.
"""

import datetime
import os
import socket
from contextlib import suppress
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))
# Local state (SQLite files, collected static files) lives here, outside version control.
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The address `make run HOST=... PORT=...` serves on (development only).
RUN_HOST = os.environ.get("KISS_RUN_HOST", "127.0.0.1")
RUN_PORT = os.environ.get("KISS_RUN_PORT", "8000")
# Served on every address, the site is reached by the machine's name or by loopback, never by
# the wildcard itself: links in e-mails then point to loopback, which always answers.
RUN_ON_EVERY_ADDRESS = RUN_HOST in {"0.0.0.0", "::", "[::]"}


def machine_addresses() -> list[str]:
    """This machine's addresses on the network: the one it reaches the outside from (a UDP
    "connection" sends nothing) and those its name resolves to."""
    addresses = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe, suppress(OSError):
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
        addresses.append(probe.getsockname()[0])
    with suppress(OSError):
        addresses += socket.gethostbyname_ex(socket.gethostname())[2]
    return addresses


if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-never-use-in-production"
    # Whatever name a visitor on the network uses for this machine, a page, not a 400.
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, RUN_HOST, socket.gethostname()]
    if RUN_ON_EVERY_ADDRESS:
        ALLOWED_HOSTS += machine_addresses()
    ALLOWED_HOSTS = list(dict.fromkeys(ALLOWED_HOSTS))
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")

INSTALLED_APPS = [
    # Before the admin: its translation-aware admin classes patch the admin's forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # runserver serves static files as production does: through kiss_visit/wsgi.py (whitenoise).
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "csp",
    "axes",
    "programme",
    "registrations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy, Permissions-Policy: see "Security headers" below.
    "csp.middleware.CSPMiddleware",
    "kiss_visit.http.headers.PermissionsPolicyMiddleware",
    # No WhiteNoise here: static files are answered before Django (kiss_visit/wsgi.py).
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known, before anything reads the request's query string or body.
    "kiss_visit.http.middleware.UnexpectedRequestMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kiss_visit.http.admin_parameters.AdminParametersMiddleware",
    "kiss_visit.http.organiser_language.OrganiserLanguageMiddleware",
    # Clear-Site-Data on the admin's logout: the check-in pages kept on the phone go.
    "kiss_visit.http.signing_out.SignOutClearsSiteDataMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kiss_visit.urls"
WSGI_APPLICATION = "kiss_visit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kiss_visit.context_processors.language_switcher",
                "kiss_visit.context_processors.organisers_contact",
                # Last: a page rendered for the page cache gets a CSRF placeholder.
                "programme.page_cache.csrf_placeholder",
            ],
        },
    },
]

# Databases -------------------------------------------------------------------------------------
# SQLite by default. BEGIN IMMEDIATE makes every transaction take the write lock up front, so two
# requests can never both read "one place left" and then both write; the busy timeout makes the
# second one wait for the lock instead of failing at once. WAL lets readers run during a write.
SQLITE_ENGINE = "django.db.backends.sqlite3"
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
# A file, not the in-memory default: concurrency tests need real, separate connections.
# One per test process, so that two test runs on one machine never share it.
SQLITE_TEST = {"NAME": VAR_DIR / f"test-db-{os.getpid()}.sqlite3"}
# A database server that does not answer must fail the request in seconds (the visitor gets the
# "temporarily unavailable" page), not hold a gunicorn worker until it is killed.
POSTGRESQL_OPTIONS = {"connect_timeout": 5}


def database_from_url(url: str) -> dict:
    """The database DATABASE_URL names, with our options for its engine: SQLite spelled as a URL
    (sqlite:///path) must lock and wait exactly as the default one does. Options written in the
    URL itself (?timeout=60) win."""
    database = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    if database["ENGINE"] == SQLITE_ENGINE:
        database["OPTIONS"] = {**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
        database["TEST"] = SQLITE_TEST
    elif database["ENGINE"] == "django.db.backends.postgresql":
        database["OPTIONS"] = {**POSTGRESQL_OPTIONS, **database.get("OPTIONS", {})}
    return database


if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": SQLITE_ENGINE,
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
            "TEST": SQLITE_TEST,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Cache: shared Redis when several app servers run, an in-process cache otherwise. It holds only
# the rendered pages (their version is in the database, programme/page_cache.py). A Redis that
# does not answer must cost a request a fraction of a second, not hold it: short timeouts, no
# retries; the page cache then leaves it alone for a few seconds.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "kiss",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Public pages in 5 languages (programme/page_cache.py): a few hundred entries.
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation ---------------------------------------------------------------------------
# French, the seed's language, and the languages of the KISS partners' visitors (Spain, Italy,
# Greece), with English as their common one.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("el", _("Greek")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language of the command-line tools (manage.py: createsuperuser, export_attendees...): the
# people at a terminal are the organisers' technicians, who may read no French.
COMMAND_LANGUAGE = os.environ.get("KISS_COMMAND_LANGUAGE", "en")
# Our few departures from Django's formats of a language (kiss_visit/formats/<language>/).
FORMAT_MODULE_PATH = ["kiss_visit.formats"]
# Programme content (programme/translation.py): one column per language. French and English
# come from the fixture; a Spanish, Italian or Greek text missing shows the English one, an
# English one missing the French (templates then mark it with its own lang attribute).
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "fr"), "en": ("fr",), "fr": ("en",)}
MODELTRANSLATION_REQUIRED_LANGUAGES = ("fr", "en")


def localized_verbose_name(name, code):
    """Labels like "title (Greek)" rather than modeltranslation's "title [el]"."""
    return format_lazy("{} ({})", name, dict(LANGUAGES)[code])


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = localized_verbose_name
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# Static files -----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security -------------------------------------------------------------------------------------
# Behind a TLS-terminating proxy, set DJANGO_SECURE_PROXY_SSL_HEADER=true.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HTTPS_ONLY = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS_ONLY
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Security headers -----------------------------------------------------------------------------
# HSTS for a year wherever the site is served over HTTPS only (production), subdomains included;
# no preload, which is hard to undo (hence security.W021 silenced). DJANGO_HSTS_SECONDS changes it
# (0 turns it off: do so before moving the site off HTTPS, and wait out the old value).
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS_ONLY else 0)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Nothing inline and nothing from elsewhere: scripts, styles, images and fonts from our own
# static files only (Bootstrap draws its check marks and select arrows with data: images). The
# Django admin's few inline scripts get a nonce (templates/admin/, see README "Security").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Powerful browser features the site never uses, refused to it and to anything it could embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# Organisers' sign-in (the policy: kiss_visit/lockout.py). KISS_LOGIN_FAILURES failed attempts (5)
# for one user name from one address lock that pair out for KISS_LOGIN_LOCKOUT_MINUTES (15);
# KISS_LOGIN_ACCOUNT_FAILURES (20) for one user name from all addresses lock it out everywhere but
# from the addresses it signed in from in the last 30 days. Attempts are counted in the database
# (django-axes), so across every worker and app server. Organisers unlock from the admin (Access
# attempts → delete) or `manage.py axes_reset_username <name>`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "kiss_visit.lockout.LockoutHandler"
KISS_LOGIN_FAILURES = int(os.environ.get("KISS_LOGIN_FAILURES", 5))
KISS_LOGIN_ACCOUNT_FAILURES = int(os.environ.get("KISS_LOGIN_ACCOUNT_FAILURES", 20))
AXES_FAILURE_LIMIT = "kiss_visit.lockout.failure_limit"
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("KISS_LOGIN_LOCKOUT_MINUTES", 15))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "kiss_visit.lockout.username"
AXES_CLIENT_IP_CALLABLE = "kiss_visit.http.proxies.client_address"
AXES_LOCKOUT_CALLABLE = "kiss_visit.lockout.lockout_page"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# E-mail ----------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
# A mail server that hangs must not hold a participant's request (and a gunicorn worker) for long.
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "KISS <kiss@localhost>")

# The address of the site, for links in e-mails (sent outside any request).
SITE_URL = os.environ.get(
    "DJANGO_SITE_URL",
    (
        f"http://{'127.0.0.1' if RUN_ON_EVERY_ADDRESS else RUN_HOST}:{RUN_PORT}"
        if DEBUG
        else f"https://{ALLOWED_HOSTS[0]}"
    ),
).rstrip("/")

# E-mail outbox ---------------------------------------------------------------------------------
# Every e-mail is a row of the outbox, sent by `manage.py send_emails` (started by `make run`; a
# service of its own in production). See registrations/models/outgoing_email.py and
# registrations/emails/delivery.py.
# A worker holds an e-mail this long while sending it; if it dies, the e-mail is taken up again
# once the lease has run out. Longer than EMAIL_TIMEOUT, so a slow server is not sent to twice.
EMAIL_LEASE_SECONDS = int(os.environ.get("KISS_EMAIL_LEASE_SECONDS", 60))
# A temporary refusal is retried after this many seconds, then twice as long each time...
EMAIL_RETRY_SECONDS = int(os.environ.get("KISS_EMAIL_RETRY_SECONDS", 60))
# ...up to this many attempts in all (with 60 s: the last about four hours after the first).
EMAIL_MAX_ATTEMPTS = int(os.environ.get("KISS_EMAIL_MAX_ATTEMPTS", 8))

# Registrations ----------------------------------------------------------------------------------
# Bump the version whenever templates/registrations/privacy.html changes in substance: each
# participant's consent records the version they agreed to.
PRIVACY_NOTICE_VERSION = "2026-11-26"
# Personal data is erased this many days after a visit ends (see the purge command).
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("KISS_RETENTION_DAYS", 90))
# ...but never before this many days after it was entered or last changed, whatever the visit's
# dates: the daily purge must not erase someone who signed up yesterday for a past visit.
PERSONAL_DATA_RECENT_DAYS = int(os.environ.get("KISS_RETENTION_RECENT_DAYS", 30))
# Where participants can write to the organisers (shown on the privacy page when set).
ORGANISERS_EMAIL = os.environ.get("KISS_ORGANISERS_EMAIL", "")
# Form posts allowed per client address, counted in the database: the limit holds across all
# the workers of all the app servers (registrations/domain/limits.py).
REGISTRATION_RATE_LIMIT = os.environ.get("KISS_RATE_LIMIT", "10/m")
# E-mails that anybody can trigger (lost link, registering an address again, changes) sent to
# one mailbox; more are dropped silently. Promotions and organisers' resends are not counted.
MAILS_PER_MAILBOX = os.environ.get("KISS_MAILS_PER_HOUR", "5/h")
# Behind a reverse proxy every request comes from the proxy's address: then the client's is the
# last entry the proxy appends to X-Forwarded-For, believed only on requests from the proxies
# listed (addresses or networks: 127.0.0.1 for nginx on this machine). See
# kiss_visit/http/proxies.py.
BEHIND_PROXY = env_bool("KISS_BEHIND_PROXY", default=False)
TRUSTED_PROXIES = env_list("KISS_TRUSTED_PROXIES")
# Where gunicorn listens (gunicorn.conf.py reads the same variable): for the deployment check.
GUNICORN_BIND = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Private links are masked in every line Django writes (kiss_visit/logs/log_filters.py;
# gunicorn's own logs: kiss_visit/logs/gunicorn_logging.py). Django's "django" and
# "django.server" loggers are configured here rather than left with Django's default handlers,
# which would write unmasked.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "private_links": {"()": "kiss_visit.logs.log_filters.MaskPrivateLinks"},
        "database_unavailable": {
            "()": "kiss_visit.http.unavailable.OneLineWhenDatabaseUnavailable"
        },
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["private_links"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["private_links"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Through the root's handler only (Django's default adds a second, unfiltered one).
        "django": {"handlers": [], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # During a database outage: one line per failed request, not a traceback.
        "django.request": {"filters": ["database_unavailable"]},
        # fontTools (under fpdf2) reports every font subset it makes at INFO: a hundred lines a PDF.
        "fontTools": {"level": "WARNING"},
    },
}
