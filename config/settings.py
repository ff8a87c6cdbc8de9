"""Settings for the Union Press Archive.

Everything comes from the environment with embedded defaults, so a fresh checkout runs with
no setup: SQLite and the Whoosh index both live under ``ARCHIVE_DATA_DIR`` (``./var/``).
"""
from __future__ import annotations

import os
import secrets
from datetime import date, timedelta
from pathlib import Path

import dj_database_url

from config.private_files import PRIVATE_DIRECTORY, PRIVATE_FILE, SECRET_KEY_FILE

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# The data directory holds password hashes, sessions and the secret key: everything this
# process creates is readable by its own user only (files 0600, directories 0700).
os.umask(0o077)
DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
DATA_DIR.chmod(PRIVATE_DIRECTORY)


def _secret_key() -> str:
    """Use DJANGO_SECRET_KEY, or a key generated once and kept in the data directory."""
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    key_file = DATA_DIR / SECRET_KEY_FILE
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="ascii")
        key_file.chmod(PRIVATE_FILE)
    return key_file.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "config.chinese",  # first: its translations and createsuperuser win
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "config.chinese.apps.AxesConfig",  # axes, named in Chinese
    "archive",
    "search",  # before haystack: its rebuild_index (build beside, then swap) is the one run
    "haystack",
]

MIDDLEWARE = [
    "config.middleware.NulCharacterMiddleware",  # first: nothing reads a NUL after it
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "config.middleware.RequestBodyLimitMiddleware",  # before anything reads the body
    "config.middleware.MethodNotAllowedPageMiddleware",
    "config.middleware.UnreadableBodyMiddleware",
    # Compresses pages (HTML, JSON, feeds) for readers on slow phone connections; Django's
    # own, which pads each response against BREACH. Static files come precompressed.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PrivateForStaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "search.middleware.SearchUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
]
CSRF_FAILURE_VIEW = "archive.views.errors.csrf_failure"  # a Chinese page: reload and retry

ROOT_URLCONF = "config.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'archive.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Each gunicorn thread would keep its own server connection open (2 workers x 32
    # threads); connect per request unless told otherwise (a pooler such as PgBouncer).
    DATABASES["default"]["CONN_MAX_AGE"] = _env_int("ARCHIVE_DB_CONN_MAX_AGE", 0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # One writer, many readers: in WAL mode readers never wait for a writer; every write
    # transaction takes the write lock when it begins (BEGIN IMMEDIATE), so two writers
    # queue instead of one failing half-way; and a writer waits long enough for an issue
    # import to commit rather than giving up with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": _env_int("ARCHIVE_SQLITE_BUSY_TIMEOUT", 60),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    })

HAYSTACK_CONNECTIONS = {
    "default": {
        # The engine behind search.engine's contract (search/whoosh_engine/).
        "ENGINE": "search.whoosh_engine.backend.ArchiveWhooshEngine",
        "PATH": str(DATA_DIR / "whoosh_index"),
        # haystack's update_index hands the backend this many articles per commit.
        "BATCH_SIZE": 10000,
    },
}
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-ins while an account is locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling: five wrong passwords for one account from one address lock that pair
# out for 15 minutes; a right password resets the count.
AXES_FAILURE_LIMIT = _env_int("ARCHIVE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("ARCHIVE_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_address"  # X-Forwarded-For via a proxy
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [path for path in [BASE_DIR / "static"] if path.is_dir()]
STATIC_ROOT = DATA_DIR / "static"  # filled by collectstatic (make serve), served by WhiteNoise
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# An issue dated before this is asked about before it is imported (a mistyped year): the
# earliest Chinese trade-union papers date from the 1920s.
ARCHIVE_EARLIEST_ISSUE_DATE = date(1920, 1, 1)
# Largest page file the importer accepts; a newspaper page of OCR text is well under 1 MiB.
ARCHIVE_MAX_PAGE_BYTES = int(os.environ.get("ARCHIVE_MAX_PAGE_BYTES", 2 * 1024 * 1024))
# Largest request body: an upload of a whole issue's pages at most. A bigger request is
# refused from its Content-Length, before any of it is read.
ARCHIVE_MAX_REQUEST_BYTES = _env_int("ARCHIVE_MAX_REQUEST_BYTES", 40 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = PRIVATE_FILE
FILE_UPLOAD_DIRECTORY_PERMISSIONS = PRIVATE_DIRECTORY

# Behind HTTPS (a reverse proxy that terminates TLS and sets X-Forwarded-Proto, which
# gunicorn trusts from 127.0.0.1): DJANGO_HTTPS=1 turns on the redirect to https, secure
# cookies and HSTS; each can also be set on its own.
_HTTPS = _env_bool("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", _HTTPS)
SESSION_COOKIE_SECURE = _env_bool("DJANGO_SESSION_COOKIE_SECURE", _HTTPS)
CSRF_COOKIE_SECURE = _env_bool("DJANGO_CSRF_COOKIE_SECURE", _HTTPS)
SECURE_HSTS_SECONDS = _env_int("DJANGO_SECURE_HSTS_SECONDS", 365 * 24 * 3600 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", _HTTPS)
SECURE_HSTS_PRELOAD = _env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Everything the site loads is its own: no inline script or style, no third-party origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
