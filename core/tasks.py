"""Celery tasks of core: thin wrappers that run a service under a Job, and the sweep of stale jobs."""

from celery import shared_task

from .jobs import declare_job_kind, jobs_fail_stale, run_job
from .reports import audit_log_xlsx

# The audit log names people and their actions: the requester alone gets the file.
declare_job_kind("audit_export", retryable=True)


@shared_task
def export_audit_log(job_id: int) -> None:
    run_job(job_id, audit_log_xlsx)


@shared_task
def sweep_stale_jobs() -> int:
    return jobs_fail_stale()
