"""Benchmarks only (`make bench`): production settings served over plain HTTP on loopback, with the URLs
of the bench's baseline page added (benchmarks/urls.py). Never used to serve users."""

from .production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
