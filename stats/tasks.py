from celery import shared_task

from core.jobs import declare_job_kind, run_job

from . import reports

# Statistics tables hold counts only, no personal data: shown to everyone whose scope covers them.
declare_job_kind("statistics_sheet", shared_in_scope=True, retryable=True)
declare_job_kind("statistics_province", shared_in_scope=True, retryable=True)


@shared_task
def build_statistics_sheet(job_id: int) -> None:
    run_job(job_id, reports.statistics_sheet)


@shared_task
def build_province_sheet(job_id: int) -> None:
    run_job(job_id, reports.province_sheet)
