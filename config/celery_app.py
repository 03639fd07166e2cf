"""The Celery application: configured from Django settings (CELERY_*), tasks found in each app's tasks.py.

Like wsgi.py it defaults to the production settings: a worker started as the README says must not run with
DEBUG or demo data; the test and demo setups name their settings module explicitly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
