from celery import shared_task

from core.jobs import declare_job_kind, run_job

from . import reports

# Both files carry full ID numbers: only the requester gets them; a failed one can be retried.
declare_job_kind("roster_export", retryable=True)
declare_job_kind("commitment_letters", retryable=True)


@shared_task
def build_roster_export(job_id: int) -> None:
    run_job(job_id, reports.roster_export)


@shared_task
def build_commitment_letters(job_id: int) -> None:
    run_job(job_id, reports.commitment_letters)
