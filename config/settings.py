"""Settings come from the environment only (see .env.example); nothing here is per machine."""

import ipaddress
import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.paths import BASE_DIR, data_dir


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("ACTIONPLAN_DEBUG", False)
# Known to everyone who has read the repository: only for development (DEBUG), and
# `check --deploy` reports it (actionplan.core.checks).
DEVELOPMENT_SECRET_KEY = "django-insecure-actionplan-local-development-key-never-in-production"  # noqa: S105
# Without a key (and DEBUG off) the settings still load, so that tooling that signs nothing
# (makemigrations, migrate, collectstatic, makemessages) works; the web server refuses to
# start (config/wsgi.py) and anything that would sign with the key fails.
SECRET_KEY = os.environ.get("ACTIONPLAN_SECRET_KEY", "") or (
    DEVELOPMENT_SECRET_KEY if DEBUG else ""
)
ALLOWED_HOSTS = env_list("ACTIONPLAN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

INSTALLED_APPS = [
    "actionplan.core.admin_site.ActionplanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "actionplan.core",
    "actionplan.organisations",
    "actionplan.plans",
    "actionplan.indicators",
    "actionplan.projects",
    "actionplan.rounds",
    "actionplan.attachments",
    "actionplan.reports",
    "actionplan.accounts",
    "actionplan.web",
    "actionplan.portal",
    "actionplan.workspace",
    "django_htmx",
    "actionplan.ingest",
    "actionplan.privacy",
    "actionplan.opendata",
    "actionplan.api",
    "actionplan.notices",
    "actionplan.jobs",
    # django-ninja's bundled Swagger UI, so the API docs load no script from a CDN.
    "ninja",
]

MIDDLEWARE = [
    "actionplan.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "actionplan.accounts.security.SessionSecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "actionplan.core.faults.DiskFullMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "actionplan.workspace.context.workspace",
            ],
        },
    },
]

DATA_DIR = data_dir()
# SQLite cannot create the folder of its file itself, nor WhiteNoise its static root.
(DATA_DIR / "static").mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'actionplan.sqlite3'}"),
        conn_max_age=int(os.environ.get("ACTIONPLAN_DB_CONN_MAX_AGE", "60")),
        # A connection that died (a database restart) is replaced before the next request
        # instead of failing it.
        conn_health_checks=True,
    )
}
# PgBouncer in transaction mode (ACTIONPLAN_PGBOUNCER=true) hands each transaction to any of
# its server connections, so nothing may outlive a transaction on the server: no server-side
# cursors (.iterator() and the streaming exports then fetch in chunks client-side). The
# connection to PgBouncer itself is kept (ACTIONPLAN_DB_CONN_MAX_AGE), as PgBouncer pools the
# server's connections; the database's time zone must be UTC (README, Operations).
PGBOUNCER = env_bool("ACTIONPLAN_PGBOUNCER", False)
if PGBOUNCER or env_bool("ACTIONPLAN_DB_DISABLE_SERVER_SIDE_CURSORS", False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent writers wait for each other instead of failing with "database is locked":
    # WAL lets readers go on while one writes (a long import blocks no page), every
    # transaction takes the write lock when it begins (IMMEDIATE, so two transactions that
    # read and then write cannot deadlock), and a writer waits up to `timeout` seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": int(os.environ.get("ACTIONPLAN_SQLITE_TIMEOUT", "30")),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# Uploaded files (attachments) go through Django's storage API: the file system under the data
# folder by default; an S3-compatible store through django-storages by changing "default".
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("ACTIONPLAN_FILES_DIR", str(DATA_DIR / "files")),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACTIONPLAN_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("ACTIONPLAN_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024))
)

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Serve straight from the apps in development and tests; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or env_bool("ACTIONPLAN_STATIC_FROM_APPS", True)

# Public pages and API answers are kept whole for callers who are not logged in, under the
# data version (actionplan.core.pagecache); 0 turns that off.
ACTIONPLAN_PUBLIC_CACHE_SECONDS = int(os.environ.get("ACTIONPLAN_PUBLIC_CACHE_SECONDS", "600"))
# The organisation this installation belongs to (a slug): its current plan is the front page.
ACTIONPLAN_OWN_ORGANISATION = os.environ.get("ACTIONPLAN_OWN_ORGANISATION", "")
# The cache (public pages, filter options, the cockpit, export sizes, the data version's
# generation): local memory, one copy per process, unless ACTIONPLAN_REDIS_URL names a Redis
# that every web server and worker then shares (e.g. redis://redis.internal:6379/0).
REDIS_URL = os.environ.get("ACTIONPLAN_REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "actionplan.core.cache.SharedRedisCache",  # Django's RedisCache
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("ACTIONPLAN_REDIS_PREFIX", "actionplan"),
            # A Redis that does not answer within a second is reported, not waited for.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Pages of 20-50 KB, none kept above 200 KB: 20 MB per process, 100 MB at most.
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    }

LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:home"

# -- security (OWASP ASVS level 2 as the yardstick) ----------------------------------------
AUTHENTICATION_BACKENDS = ["actionplan.accounts.security.ThrottledModelBackend"]
ACTIONPLAN_LOGIN_MAX_FAILURES = int(os.environ.get("ACTIONPLAN_LOGIN_MAX_FAILURES", "5"))
ACTIONPLAN_LOGIN_MAX_FAILURES_PER_ADDRESS = int(
    os.environ.get("ACTIONPLAN_LOGIN_MAX_FAILURES_PER_ADDRESS", "20")
)
# Proxies (addresses or networks, e.g. 10.0.0.0/8) whose X-Forwarded-For is believed: the
# client address for throttling and the logs is read from it, right to left, past them.
ACTIONPLAN_TRUSTED_PROXIES = env_list("ACTIONPLAN_TRUSTED_PROXIES", "")
for _proxy in ACTIONPLAN_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"ACTIONPLAN_TRUSTED_PROXIES: '{_proxy}' is not an IP address or network."
        ) from None
ACTIONPLAN_LOGIN_LOCK_SECONDS = int(os.environ.get("ACTIONPLAN_LOGIN_LOCK_SECONDS", "900"))
ACTIONPLAN_SESSION_ABSOLUTE_SECONDS = int(
    os.environ.get("ACTIONPLAN_SESSION_ABSOLUTE_SECONDS", str(8 * 3600))
)
ACTIONPLAN_SESSION_IDLE_SECONDS = int(os.environ.get("ACTIONPLAN_SESSION_IDLE_SECONDS", "3600"))
SESSION_COOKIE_AGE = ACTIONPLAN_SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind TLS in production: ACTIONPLAN_HTTPS=true turns on HSTS, secure cookies and redirects.
HTTPS = env_bool("ACTIONPLAN_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("ACTIONPLAN_CSRF_TRUSTED_ORIGINS", "")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logs go to standard error, one JSON object a line in production (ACTIONPLAN_LOG_FORMAT=json,
# the default unless DEBUG), each with the request id, path, user and client address
# (actionplan.core.logs). Server errors are logged with their traceback whatever DEBUG is.
LOG_FORMAT = os.environ.get("ACTIONPLAN_LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "actionplan.core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "actionplan.core.logs.JsonFormatter"},
        "plain": {"()": "actionplan.core.logs.PlainFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "actionplan": {"level": os.environ.get("ACTIONPLAN_LOG_LEVEL", "INFO")},
        # Django's own default sends request errors to the console only under DEBUG.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Upload limits (defaults and meaning in actionplan/ingest/safety.py), when set here.
for _limit in (
    "MAX_BYTES",
    "MAX_ZIP_ENTRIES",
    "MAX_UNZIPPED_BYTES",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_CELLS",
    "MAX_XML_DEPTH",
    "MAX_PDF_PAGES",
):
    if os.environ.get(f"ACTIONPLAN_INGEST_{_limit}"):
        globals()[f"ACTIONPLAN_INGEST_{_limit}"] = int(os.environ[f"ACTIONPLAN_INGEST_{_limit}"])

ACTIONPLAN_INVITATION_DAYS = int(os.environ.get("ACTIONPLAN_INVITATION_DAYS", "7"))
EMAIL_BACKEND = os.environ.get(
    "ACTIONPLAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("ACTIONPLAN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ACTIONPLAN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ACTIONPLAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ACTIONPLAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ACTIONPLAN_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("ACTIONPLAN_EMAIL_FROM", "actionplan@localhost")
# The site's address as people reach it: links in e-mails start with it.
ACTIONPLAN_BASE_URL = os.environ.get("ACTIONPLAN_BASE_URL", "http://127.0.0.1:8000")

# Where questions about the open data and the API go (set it: the default is a placeholder):
# the catalogue's contact point
# (vcard:hasEmail, which Open Data DK's harvester reads) and the OpenAPI document's contact.
ACTIONPLAN_OPENDATA_EMAIL = os.environ.get("ACTIONPLAN_OPENDATA_EMAIL", "opendata@example.org")
# How long a catalogue request may spend exporting downloads to measure their byte sizes
# (sizes are kept per data version, and kept too whenever a download is sent).
ACTIONPLAN_CATALOGUE_SIZE_SECONDS = float(os.environ.get("ACTIONPLAN_CATALOGUE_SIZE_SECONDS", "10"))
# How many database connections build the JSON export's projects at once on PostgreSQL
# (opendata.pg_json: each builds one chunk of projects; 1 builds them one after the other).
ACTIONPLAN_EXPORT_DATABASE_WORKERS = int(os.environ.get("ACTIONPLAN_EXPORT_DATABASE_WORKERS", "2"))

# -- tasks and workers (Celery; docs/operations.md "Tasks and workers") -----------------------
# With ACTIONPLAN_BROKER_URL set (redis://... or amqp://...), jobs (memo rendering, imports,
# full exports, reminders, notices, retention) go to Celery workers; unset, the web process runs
# the same task functions itself in one background thread (the embedded default, `make run`).
ACTIONPLAN_BROKER_URL = os.environ.get("ACTIONPLAN_BROKER_URL", "")
CELERY_BROKER_URL = ACTIONPLAN_BROKER_URL or "memory://"
# Task results are not read through Celery (the Job model holds state and result); progress
# lives in the "jobs" cache below. Redis stores Celery's own results when it is the broker.
CELERY_RESULT_BACKEND = ACTIONPLAN_BROKER_URL if ACTIONPLAN_BROKER_URL.startswith("redis") else None
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged once it has finished, and given back to the queue when the worker
# running it dies (kill -9, out of memory): every task is idempotent and safe to run again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = float(os.environ.get("ACTIONPLAN_BROKER_TIMEOUT", "3"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis gives an unacknowledged task to another worker after this many seconds (a worker that
# vanished whole); longer than the longest job, or a slow job would run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("ACTIONPLAN_BROKER_VISIBILITY_TIMEOUT", "7200")),
}
# How often a job is started again after its worker died before it counts as failed.
ACTIONPLAN_JOB_ATTEMPTS = int(os.environ.get("ACTIONPLAN_JOB_ATTEMPTS", "3"))
# A job running longer than this is taken as lost (jobs_sweep fails it).
ACTIONPLAN_JOB_MAX_SECONDS = int(os.environ.get("ACTIONPLAN_JOB_MAX_SECONDS", str(6 * 3600)))
# "celery" with a broker, "thread" without one; the tests run jobs "inline" (in the caller).
ACTIONPLAN_JOB_RUNNER = os.environ.get(
    "ACTIONPLAN_JOB_RUNNER", "celery" if ACTIONPLAN_BROKER_URL else "thread"
)
# Periodic work (celery beat; `actionplan beat`). Times in TIME_ZONE.
CELERY_BEAT_SCHEDULE = {
    "reminders": {"task": "actionplan.jobs.reminders", "schedule": 3600 * 24, "options": {}},
    "notices-immediate": {"task": "actionplan.jobs.notices_immediate", "schedule": 60},
    "notices-digest": {"task": "actionplan.jobs.notices_digest", "schedule": 3600 * 24},
    "retention": {"task": "actionplan.jobs.retention", "schedule": 3600 * 24},
    "exports": {"task": "actionplan.jobs.exports_refresh", "schedule": 300},
    "jobs-sweep": {"task": "actionplan.jobs.sweep", "schedule": 600},
}
# Live progress of running jobs: shared by web servers and workers through Redis when there is
# one (ACTIONPLAN_REDIS_URL, else a redis:// broker); in this process's memory otherwise.
_jobs_redis = os.environ.get("ACTIONPLAN_REDIS_URL", "") or (
    ACTIONPLAN_BROKER_URL if ACTIONPLAN_BROKER_URL.startswith("redis") else ""
)
CACHES["jobs"] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _jobs_redis,
        "KEY_PREFIX": "actionplan-jobs",
    }
    if _jobs_redis
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jobs"}
)
