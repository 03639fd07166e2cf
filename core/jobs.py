"""Background jobs: a Job row follows a Celery task so that a page can show its progress and then
offer the result file to the users in scope.

A job task is thin: ``run_job(job_id, builder)``, where ``builder(job, progress)`` returns
``(file name, bytes)``; it raises ``JobError`` with a Chinese message for failures the user can fix.
"""

import logging
from collections.abc import Callable

from celery import Task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User

from .errors import PortalError
from .models import Job

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Builder = Callable[[Job, Progress], tuple[str, bytes]]


class JobError(PortalError):
    """A failure of a job whose message (Chinese) is shown to the user as is."""


def job_start(
    *, task: Task, kind: str, title: str, user: User, organisation: Organisation, params: dict | None = None
) -> Job:
    """Create the job and queue its task once the surrounding transaction has committed."""
    job = Job.objects.create(
        kind=kind, title=title, requested_by=user, organisation=organisation, params=params or {}
    )
    transaction.on_commit(lambda: task.delay(job.pk))
    return job


def job_run_or_start(
    *,
    task: Task,
    builder: Builder,
    small: bool,
    kind: str,
    title: str,
    user: User,
    organisation: Organisation,
    params: dict | None = None,
) -> Job:
    """Small work (a 7-row roster, a 1-page PDF) is built at once, in the request, by the same builder
    and recorded in the same Job row as queued work, so it shows in 我的任务 and downloads the same way;
    big work is queued for a worker and followed on the job page."""
    if not small:
        return job_start(
            task=task, kind=kind, title=title, user=user, organisation=organisation, params=params
        )
    job = Job.objects.create(
        kind=kind, title=title, requested_by=user, organisation=organisation, params=params or {}
    )
    run_job(job.pk, builder)
    job.refresh_from_db()
    return job


def run_job(job_id: int, builder: Builder) -> None:
    """Run ``builder`` for the job, keeping its status and progress up to date."""
    job = Job.objects.get(pk=job_id)
    if job.is_finished:  # a redelivered message must not run a finished job twice
        return
    _update(job, status=Job.Status.RUNNING, progress=0)
    last = {"pct": 0}

    def progress(done: int, total: int) -> None:
        pct = min(99, int(done * 100 / total)) if total else 0
        if pct != last["pct"]:  # one UPDATE per percent, not per row
            last["pct"] = pct
            Job.objects.filter(pk=job.pk).update(progress=pct)

    try:
        name, content = builder(job, progress)
    except JobError as exc:
        _update(job, status=Job.Status.FAILED, error=str(exc), finished_at=timezone.now())
        return
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _update(
            job,
            status=Job.Status.FAILED,
            error=f"任务执行出错，请稍后重试或联系系统管理员（任务编号 {job.pk}）。",
            finished_at=timezone.now(),
        )
        return
    job.result.save(name, ContentFile(content), save=False)
    _update(
        job,
        status=Job.Status.SUCCEEDED,
        progress=100,
        result=job.result.name,
        result_name=name,
        finished_at=timezone.now(),
    )


def _update(job: Job, **fields) -> None:
    Job.objects.filter(pk=job.pk).update(**fields)
    for key, value in fields.items():
        setattr(job, key, value)
