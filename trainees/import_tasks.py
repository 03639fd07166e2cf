"""Background steps of the roster import for files above ``SYNC_ROW_LIMIT`` rows: thin tasks that run
the same step as the request would, through ``run_job`` (status, progress, result file).

Celery's autodiscovery only imports ``tasks.py``; ``TraineesConfig.ready`` imports this module."""

from celery import shared_task

from core.jobs import run_job

from . import import_reports


@shared_task
def check_roster_import(job_id: int) -> None:
    run_job(job_id, import_reports.check_job)


@shared_task
def commit_roster_import(job_id: int) -> None:
    run_job(job_id, import_reports.commit_job)
