"""The one-machine demo: SQLite file, eager tasks. DEBUG is off, as in production, so that the demo shows
the portal's own Chinese error pages (not Django's debug page listing every URL); DEBUG=1 turns it on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
ALLOW_DEMO_DATA = True

# Serve static files straight from static/ through whitenoise, with DEBUG off too (no collectstatic).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
