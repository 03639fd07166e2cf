"""Settings shared by every environment; each value that differs between deployments comes from the
environment (or a `.env` file in the checkout) through django-environ."""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"))

# ---------------------------------------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY", default="insecure-local-only-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "import_export",
    # Project apps, in the direction their dependencies point.
    "accounts",
    "core",
    "programs",
    "bases",
    "trainees",
    "attendance",
    "assessment",
    "certificates",
    "subsidies",
    "stats",  # app label "statistics" (see stats/apps.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.login_security.SlidingSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes last: it reads the authentication outcome of the views above it.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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

# ---------------------------------------------------------------------------------------------------------
# Database: a SQLite file in the checkout unless DATABASE_URL says otherwise (PostgreSQL in production).
# ---------------------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A persistent connection that died with a database restart is replaced before the request uses it,
# instead of failing the first request of every web worker.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.login_security.AddressLockoutBackend",  # refuses addresses that failed too often, any username
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute-force protection: five wrong passwords for one user from one address lock that pair for an hour
# (never the user everywhere, so nobody can lock a colleague out on purpose); LOGIN_ADDRESS_FAILURE_LIMIT
# wrong passwords from one address, over any usernames, lock that address (accounts/login_security.py).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False  # no banner before every management command's output
# How many reverse proxies of ours stand in front of Django. 0: X-Forwarded-For is ignored (anyone can
# write it); N: the client is the N-th address from the right of X-Forwarded-For.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.login_security.client_address"

# A session ends after a working day without a request: activity renews it, at most once every
# SESSION_RENEW_AFTER seconds (accounts/login_security.py), instead of writing it on every request.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_RENEW_AFTER = 5 * 60

# ---------------------------------------------------------------------------------------------------------
# Language and time
# ---------------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# ---------------------------------------------------------------------------------------------------------
# Static and uploaded files (whitenoise serves static files; nothing is loaded from another host)
# ---------------------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# ---------------------------------------------------------------------------------------------------------
# Imported spreadsheets (core.spreadsheets): a workbook past any limit is refused before it is parsed,
# so a hostile file costs seconds and little memory. An xlsx is a zip of XML parts.
# ---------------------------------------------------------------------------------------------------------
SPREADSHEET_LIMITS = {
    "file_bytes": 10 * 1024 * 1024,  # the upload itself
    "zip_members": 200,  # a plain workbook has ~10 parts
    "part_bytes": 32 * 1024 * 1024,  # one part, uncompressed
    "total_bytes": 64 * 1024 * 1024,  # all parts, uncompressed
    "compression_ratio": 100,  # uncompressed / compressed, for parts above 1 MB
    "rows": 20_000,  # the last row number used in a sheet
    "columns": 100,  # the last column number used in a sheet (Excel's XFD is 16,384)
    "cells": 1_000_000,  # cells and shared strings, per workbook
    "string_length": 32_767,  # Excel's own limit for one cell
}
# Rows one roster import judges at once: its stored report (every row, rejected rows with their cells)
# stays a few megabytes. A bigger roster is split into several files.
ROSTER_MAX_ROWS = 10_000

# ---------------------------------------------------------------------------------------------------------
# Celery: with no REDIS_URL, tasks run in-process (eager) so a demo needs no other service.
# ---------------------------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None  # progress and results live in the Job table, not in Celery
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=60 * 60)  # seconds; the task is killed
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 5 * 60  # the job fails with a Chinese reason first
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # jobs are long; do not let one worker hoard them
# A task is acknowledged only once it has run, and a task whose worker process died is put back on the
# queue: a job lost with its worker runs again (up to JOB_MAX_ATTEMPTS times, see core/jobs.py).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Redis hands an unacknowledged task to another worker after this long: longer than any task may run.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 10 * 60,
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
}
# A broker that is down or hangs must not keep a user's request waiting: give up within seconds.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # Public notices whose period has ended confirm their plans without objection, at night (Asia/Shanghai).
    "close-ended-public-notices": {
        "task": "bases.tasks.close_ended_notices",
        "schedule": crontab(hour=1, minute=30),
    },
    # Jobs lost with a worker, a broker or a database end as failed with a reason.
    "sweep-stale-jobs": {"task": "core.tasks.sweep_stale_jobs", "schedule": 5 * 60},
}
# Background jobs: runs of one job (a run lost with its worker is retried), and when the sweep gives up.
JOB_MAX_ATTEMPTS = 3
JOB_RUNNING_STALE_AFTER = CELERY_TASK_TIME_LIMIT + 5 * 60  # seconds since the job started
JOB_PENDING_STALE_AFTER = env.int("JOB_PENDING_STALE_AFTER", default=6 * 60 * 60)  # seconds in the queue

# ---------------------------------------------------------------------------------------------------------
# Cache: shared by every web process through Redis (the lookup limiter counts per user across processes);
# in-process memory for the demo.
# ---------------------------------------------------------------------------------------------------------
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Lookups that could recover masked personal data (trainees.privacy.lookup_admit): (count, seconds) per
# user. "search": complete ID numbers or names searched by users who see masked data; "check": distinct
# ID numbers judged by the live registration check (a clerk typing in rosters by hand stays far below).
PERSONAL_LOOKUP_LIMITS = {"search": (30, 60 * 60), "check": (60, 60 * 60)}

# Certificates (certificates app): the site address printed in every certificate's QR code (the public
# verification page), and the verification lookups allowed per client address: (count, seconds).
PUBLIC_SITE_URL = env("PUBLIC_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CERTIFICATE_VERIFY_LIMIT = (20, 10 * 60)

# ---------------------------------------------------------------------------------------------------------
# Security defaults that hold everywhere
# ---------------------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# ---------------------------------------------------------------------------------------------------------
# Demo data: `manage.py seed_demo` runs these seeders in order; refused unless ALLOW_DEMO_DATA.
# ---------------------------------------------------------------------------------------------------------
ALLOW_DEMO_DATA = env.bool("ALLOW_DEMO_DATA", default=False)
DEMO_SEEDERS = [
    "accounts.demo.seed",
    "programs.demo.seed",
    "bases.demo.seed",
    "attendance.demo.seed",
    "attendance.demo_filing.seed",  # scheme filing, amendment, spot check of the 德州 classes
    "assessment.demo.seed",
    "certificates.demo.seed",
    "stats.demo.seed",
]
