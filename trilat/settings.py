"""Trilat settings, read from the environment with sane defaults (SQLite, DEBUG off).

Environment variables: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS,
HTTPS (HSTS_SECONDS, HSTS_INCLUDE_SUBDOMAINS, HSTS_PRELOAD), DB_POOL (DB_POOL_MIN, DB_POOL_MAX),
DB_PREPARE, FACET_INDEX_SECONDS, FACET_INDEX_REBUILD, PAGE_CACHE_ENTRIES, INGEST_MAX_BYTES,
INGEST_MAX_FILES, INGEST_MAX_BATCH_BYTES, LOG_LEVEL. See README.md.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default="0"):
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envint(name, default):
    return int(os.environ.get(name, default))


DEBUG = envbool("DEBUG", "0")
HTTPS = envbool("HTTPS", "0")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "django_htmx",
    "template_partials",
    "simple_history",
    "csp",
    # Listed so the API docs page serves Swagger UI from our static files, not a CDN.
    "ninja",
    "commitments",  # the domain: models, services, ingestion, suggestion
    "browse",  # the public read side
    "api",  # data out: the API and the exports
    "editors",  # the admin: ingestion, review, tagging
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "api.head.HeadAsGetMiddleware",  # HEAD on the API as GET without the body
]

ROOT_URLCONF = "trilat.urls"

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

WSGI_APPLICATION = "trilat.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and envbool("DB_POOL", "1"):
    # psycopg 3's connection pool; Django requires CONN_MAX_AGE=0 with it.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": envint("DB_POOL_MIN", 2),
        "max_size": envint("DB_POOL_MAX", 10),
        "timeout": 10,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs more than it saves on a web app's short queries (seconds on a facet
    # count over 100,000 commitments, measured with bench/explain.py).
    options, server = DATABASES["default"].setdefault("OPTIONS", {}), ["-c jit=off"]
    if envbool("DB_PREPARE", "1"):
        # Server-side parameters, so that psycopg prepares a query run twice on a connection:
        # PostgreSQL parses it once, not at every request. Each execution is still planned for
        # its own values: a generic plan made a text search's floor query twice as slow (a
        # search's best plan depends on its words). DB_PREPARE=0 for a pooler that cannot keep
        # prepared statements.
        options.update(server_side_binding=True, prepare_threshold=2)
        server.append("-c plan_cache_mode=force_custom_plan")
    options.setdefault("options", " ".join(server))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# dumpdata's JSON keeps timestamps to the microsecond (Django's cuts them to milliseconds), so a
# dump loaded back changes no feed's `updated` nor the sitemap's `lastmod`.
SERIALIZATION_MODULES = {"json": "trilat.serializers.json", "jsonl": "trilat.serializers.jsonl"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Where the source texts live; the admin ingestion view lets staff pick from here.
SOURCES_DIR = BASE_DIR / "fixtures" / "sources"
# Largest source text accepted by ingestion (bytes); the longest joint statements are ~30 KB.
INGEST_MAX_BYTES = envint("INGEST_MAX_BYTES", 1_000_000)
# The admin ingestion's batch: at most this many texts, this many bytes in all (both stated on the
# upload page). The preview sends every text back, signed, with its form (editors/ingestion.py):
# the request limits below are derived from these, so a batch that previews always confirms.
INGEST_MAX_FILES = envint("INGEST_MAX_FILES", 100)
INGEST_MAX_BATCH_BYTES = envint("INGEST_MAX_BATCH_BYTES", 4_000_000)
# Fields a confirmation sends per text: 17 single fields and the ticked parties and participants.
INGEST_FIELDS_PER_FILE = 100
DATA_UPLOAD_MAX_NUMBER_FILES = INGEST_MAX_FILES
DATA_UPLOAD_MAX_NUMBER_FIELDS = max(1000, INGEST_MAX_FILES * INGEST_FIELDS_PER_FILE + 100)
# A signed text is at most 1.8 times its bytes (base64 twice when it does not compress).
DATA_UPLOAD_MAX_MEMORY_SIZE = max(10 * 1024 * 1024, 2 * INGEST_MAX_BATCH_BYTES + 2 * 1024 * 1024)
# The browser's facet index (browse/facet_index.py): kept at most this long per data version
# (0: built for every request), and rebuilt "background" (pages keep the previous index for the
# seconds it takes) or "inline" (the request waits).
FACET_INDEX_SECONDS = envint("FACET_INDEX_SECONDS", 300)
FACET_INDEX_REBUILD = os.environ.get("FACET_INDEX_REBUILD", "background")
if FACET_INDEX_REBUILD not in {"background", "inline"}:
    raise ImproperlyConfigured("FACET_INDEX_REBUILD must be “background” or “inline”.")

# "pages": browser pages kept per facet index (browse/page_cache.py), in each process's memory:
# at most PAGE_CACHE_ENTRIES of them (about 60 KB each).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "trilat-pages",
        "OPTIONS": {"MAX_ENTRIES": envint("PAGE_CACHE_ENTRIES", 500)},
    },
}

# Security headers. HTTPS=1 turns on the transport settings that need TLS in front.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 31_536_000)
    # Off unless asked: includeSubDomains binds every subdomain of the site's domain to HTTPS,
    # and preload asks browsers to hard-code it for months. Only the domain's owner can know
    # either is right, so the deploy check's warnings for them are silenced while they are off.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_INCLUDE_SUBDOMAINS", "0")
    SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", "0")
    SILENCED_SYSTEM_CHECKS = [
        *(["security.W005"] if not SECURE_HSTS_INCLUDE_SUBDOMAINS else []),
        *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
    ]

# Content-Security-Policy: no inline script or style anywhere; htmx is served from our static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGIN_URL = "admin:login"
FORMS_URLFIELD_ASSUME_HTTPS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
