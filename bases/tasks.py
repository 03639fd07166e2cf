from celery import shared_task

from core.jobs import declare_job_kind, run_job

from . import reports
from .services import notices_close_due

# Plan documents and tables hold no personal data: everyone whose scope covers the plan may see them.
declare_job_kind("plan_pdf", shared_in_scope=True, retryable=True)
declare_job_kind("plan_table", shared_in_scope=True, retryable=True)


@shared_task
def close_ended_notices() -> int:
    return notices_close_due()


@shared_task
def build_plan_pdf(job_id: int) -> None:
    run_job(job_id, reports.plan_pdf)


@shared_task
def build_plan_table(job_id: int) -> None:
    run_job(job_id, reports.plan_table)
