"""One job finished by a real Celery worker over the real Redis that `make test` started."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import transaction

from config.celery_app import app
from core.audit import audit_record
from core.jobs import job_start
from core.models import Job
from core.tasks import export_audit_log


@pytest.fixture
def real_worker():
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "make test provides REDIS_URL"
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = True


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_finishes_an_export_job(world, real_worker):
    audit_record(actor=world.users["county"], action="plan.stamp", obj=world.base)
    with transaction.atomic():
        job = job_start(
            task=export_audit_log,
            kind="audit_export",
            title="导出操作日志",
            user=world.users["city"],
            organisation=world.city,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.2)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.progress == 100
    assert job.result.read()[:2] == b"PK"  # an xlsx is a zip
