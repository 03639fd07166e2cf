"""Celery tasks of accounts: thin wrappers that run a service under a Job."""

from celery import shared_task

from .jobs import run_job
from .reports import audit_log_xlsx


@shared_task
def export_audit_log(job_id: int) -> None:
    run_job(job_id, audit_log_xlsx)
