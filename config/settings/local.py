"""The one-machine demo: SQLite file, eager tasks, debug pages."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
ALLOW_DEMO_DATA = True

# Serve static files straight from static/ (no collectstatic for a demo).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
