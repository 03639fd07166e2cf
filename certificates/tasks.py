from celery import shared_task

from core.jobs import declare_job_kind, run_job

from . import documents

# Certificates carry full ID numbers: only the requester gets the file (the strictest kind, not shared);
# a failed job can be started again with the same certificates.
declare_job_kind("certificates_pdf", retryable=True)


@shared_task
def build_certificates(job_id: int) -> None:
    run_job(job_id, documents.certificates_job)
