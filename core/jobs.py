"""Background jobs: a Job row follows a Celery task so that a page can show its progress and then
offer the result file to the user who asked for it.

A job task is thin: ``run_job(job_id, builder)``, where ``builder(job, progress)`` returns
``(file name, bytes)``; it raises ``JobError`` with a Chinese message for failures the user can fix.
A builder whose file holds personal data says what it holds in ``job.result_summary`` (``rows``,
``full_columns``), which every download records in the audit log.

Every job ends: failures of the lookup, the builder, the result storage and the broker all leave the job
failed with a Chinese reason; a task lost with its worker is redelivered (late acks) and run again up to
``JOB_MAX_ATTEMPTS`` times; ``jobs_fail_stale`` (run by Celery beat) fails what still hangs past its time
limit.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accounts.models import Organisation, User

from .errors import PortalError
from .models import Job

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Builder = Callable[[Job, Progress], tuple[str, bytes]]
Status = Job.Status


class JobError(PortalError):
    """A failure of a job whose message (Chinese) is shown to the user as is."""


@dataclass(frozen=True)
class JobKind:
    """What a kind of job allows. Undeclared kinds get the strictest rule: the requester alone sees the
    job, and it cannot be retried from its page (the user submits the work again)."""

    name: str
    # Users whose scope covers the job's organisation may see it too. Never for files of personal data.
    shared_in_scope: bool = False
    # The failed job can be started again, with the same parameters, from its page (重试).
    retryable: bool = False


JOB_KINDS: dict[str, JobKind] = {}


def declare_job_kind(name: str, *, shared_in_scope: bool = False, retryable: bool = False) -> JobKind:
    kind = JobKind(name=name, shared_in_scope=shared_in_scope, retryable=retryable)
    JOB_KINDS[name] = kind
    return kind


def job_kind(name: str) -> JobKind:
    return JOB_KINDS.get(name) or JobKind(name=name)


# Messages users read on the job page.
MSG_UNEXPECTED = "任务执行出错，请稍后重试或联系系统管理员（任务编号 {pk}）。"
MSG_STORAGE = "结果文件未能保存（服务器存储空间不可写或已满），请稍后重试或联系系统管理员（任务编号 {pk}）。"
MSG_TIME_LIMIT = "任务运行超过时限（{minutes} 分钟）仍未完成，已停止。请缩小范围后重试，或联系系统管理员。"
MSG_LOST = "任务在后台多次中断（处理进程意外退出），已停止执行。请重试，或联系系统管理员（任务编号 {pk}）。"
MSG_NOT_QUEUED = "后台任务服务暂时不可用，任务未能提交，请稍后重试。"
MSG_STALE_RUNNING = "任务运行超过时限（{minutes} 分钟）仍未结束（后台处理可能已中断），已判定失败，请重试。"
MSG_STALE_PENDING = "任务排队超过 {minutes} 分钟仍未开始（后台服务可能已中断），已判定失败，请重试。"


def job_start(
    *, task: Task, kind: str, title: str, user: User, organisation: Organisation, params: dict | None = None
) -> Job:
    """Create the job and queue its task once the surrounding transaction has committed. A broker that
    is down or slow fails the job with a Chinese message within seconds; no job is left queued."""
    job = Job.objects.create(
        kind=kind,
        title=title,
        task_name=task.name,
        requested_by=user,
        organisation=organisation,
        shared_in_scope=job_kind(kind).shared_in_scope,
        params=params or {},
    )
    transaction.on_commit(lambda: _publish(task, job))
    return job


def _publish(task: Task, job: Job) -> None:
    try:
        task.apply_async(
            (job.pk,),
            retry=True,
            retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY,
        )
    except Exception:
        # The broker refused, timed out or is unreachable: the job would wait forever.
        logger.exception("Job %s (%s) could not be queued", job.pk, job.kind)
        Job.objects.filter(pk=job.pk, status=Status.PENDING).update(
            status=Status.FAILED, error=MSG_NOT_QUEUED, finished_at=timezone.now()
        )


def job_retry(*, job: Job, task: Task, user: User) -> Job:
    """Start the failed job again as a new job of the same kind and parameters."""
    if job.status != Status.FAILED:
        raise JobError("只有失败的任务可以重试。")
    if not job_kind(job.kind).retryable:
        raise JobError("此类任务不能直接重试，请回到原页面重新提交。")
    return job_start(
        task=task, kind=job.kind, title=job.title, user=user, organisation=job.organisation, params=job.params
    )


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
    """Run ``builder`` for the job, keeping its status and progress up to date. Whatever goes wrong, the
    job ends failed with a reason the user can read (or, when even the database is gone, the sweep fails it
    later)."""
    try:
        _run(job_id, builder)
    except Exception:
        # Only the failure update itself failed here (the database is down): the sweep ends the job.
        logger.exception("Job %s: could not record its outcome", job_id)


def _run(job_id: int, builder: Builder) -> None:
    # Claim the job: count the attempt; a redelivered message of a finished job does nothing.
    claimed = Job.objects.filter(pk=job_id, status__in=(Status.PENDING, Status.RUNNING)).update(
        status=Status.RUNNING, progress=0, attempts=F("attempts") + 1, started_at=timezone.now()
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    if job.attempts > settings.JOB_MAX_ATTEMPTS:  # lost with its worker again and again
        _fail(job, MSG_LOST.format(pk=job.pk))
        return
    last = {"pct": 0}

    def progress(done: int, total: int) -> None:
        pct = min(99, int(done * 100 / total)) if total else 0
        if pct != last["pct"]:  # one UPDATE per percent, not per row
            last["pct"] = pct
            Job.objects.filter(pk=job.pk).update(progress=pct)

    try:
        name, content = builder(job, progress)
    except JobError as exc:
        _fail(job, str(exc))
        return
    except SoftTimeLimitExceeded:
        _fail(job, MSG_TIME_LIMIT.format(minutes=settings.CELERY_TASK_SOFT_TIME_LIMIT // 60))
        return
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _fail(job, MSG_UNEXPECTED.format(pk=job.pk))
        return
    try:
        job.result.save(name, ContentFile(content), save=False)
    except OSError:
        logger.exception("Job %s (%s): the result file could not be stored", job.pk, job.kind)
        _fail(job, MSG_STORAGE.format(pk=job.pk))
        return
    _update(
        job,
        status=Status.SUCCEEDED,
        progress=100,
        result=job.result.name,
        result_name=name,
        result_summary=job.result_summary,
        finished_at=timezone.now(),
    )


def _fail(job: Job, message: str) -> None:
    _update(job, status=Status.FAILED, error=message, finished_at=timezone.now())


def _update(job: Job, **fields) -> None:
    Job.objects.filter(pk=job.pk).update(**fields)
    for key, value in fields.items():
        setattr(job, key, value)


def stale_jobs(now=None) -> tuple[QuerySet[Job], QuerySet[Job]]:
    """Jobs running past the hard time limit, and jobs queued so long that no worker will take them."""
    now = now or timezone.now()
    too_old = now - timedelta(seconds=settings.JOB_RUNNING_STALE_AFTER)
    # Jobs started before started_at was recorded count from their creation.
    running = Job.objects.filter(
        Q(started_at__lt=too_old) | Q(started_at__isnull=True, created_at__lt=too_old), status=Status.RUNNING
    )
    pending = Job.objects.filter(
        status=Status.PENDING, created_at__lt=now - timedelta(seconds=settings.JOB_PENDING_STALE_AFTER)
    )
    return running, pending


def jobs_fail_stale(now=None) -> int:
    """Fail every stale job with a Chinese reason; return how many."""
    now = now or timezone.now()
    running, pending = stale_jobs(now)
    failed = running.update(
        status=Status.FAILED,
        error=MSG_STALE_RUNNING.format(minutes=settings.JOB_RUNNING_STALE_AFTER // 60),
        finished_at=now,
    )
    failed += pending.update(
        status=Status.FAILED,
        error=MSG_STALE_PENDING.format(minutes=settings.JOB_PENDING_STALE_AFTER // 60),
        finished_at=now,
    )
    if failed:
        logger.warning("Failed %s stale jobs", failed)
    return failed
