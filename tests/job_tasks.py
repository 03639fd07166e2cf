"""A job task for the fault tests, loaded into a real worker subprocess with ``celery worker -I``.

Its builder records the worker process that runs it and then works slowly (so that a test can kill that
process mid-job), until the attempt named in ``params["finish_on_attempt"]``, which finishes at once."""

import os
import time

from celery import shared_task

from core.jobs import run_job
from core.models import Job


def slow_builder(job: Job, progress) -> tuple[str, bytes]:
    Job.objects.filter(pk=job.pk).update(params={**job.params, "pid": os.getpid()})
    if job.attempts < job.params.get("finish_on_attempt", 10**6):
        for second in range(1, 121):
            progress(second, 120)
            time.sleep(1)
    return "done.txt", f"attempt {job.attempts}".encode()


@shared_task
def slow_job(job_id: int) -> None:
    run_job(job_id, slow_builder)
