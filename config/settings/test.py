"""Settings for pytest: DATABASE_URL and REDIS_URL point at the throwaway services `make test` starts."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed: tests create many users
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Tests run tasks in-process unless a test starts a real worker (see tests/test_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
AXES_FAILURE_LIMIT = 5
ALLOW_DEMO_DATA = True

# Serve static files straight from static/ for the browser tests (no collectstatic).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Each test process keeps its own cache (the lookup limiter's counters), cleared before every test.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
