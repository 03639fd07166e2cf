from celery import shared_task

from core.jobs import run_job

from . import reports
from .services import notices_close_due


@shared_task
def close_ended_notices() -> int:
    return notices_close_due()


@shared_task
def build_plan_pdf(job_id: int) -> None:
    run_job(job_id, reports.plan_pdf)


@shared_task
def build_plan_table(job_id: int) -> None:
    run_job(job_id, reports.plan_table)
