from celery import shared_task

from core.jobs import run_job

from . import reports


@shared_task
def build_roster_export(job_id: int) -> None:
    run_job(job_id, reports.roster_export)


@shared_task
def build_commitment_letters(job_id: int) -> None:
    run_job(job_id, reports.commitment_letters)
