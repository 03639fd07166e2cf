"""Every job ends, on the real stack: a worker process killed mid-job, a broker that is down or hangs, a
storage that refuses the result, a job that nobody runs any more."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from config.celery_app import app
from core.jobs import MSG_LOST, MSG_NOT_QUEUED, job_start, jobs_fail_stale, run_job
from core.models import Job
from core.tasks import export_audit_log
from tests.job_tasks import slow_job

ROOT = Path(settings.BASE_DIR)


def wait_for(condition, *, timeout: float, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"condition not met within {timeout} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def worker_process():
    """A real `celery worker` (prefork, one child) on the test database and the suite's Redis."""
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "make test provides REDIS_URL"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = tempfile.NamedTemporaryFile(prefix="worker-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-I", "tests.job_tasks",
         "--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    app.conf.task_always_eager = False
    try:
        yield process
    finally:
        app.conf.task_always_eager = True
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        os.unlink(log.name)


def start_slow_job(world, *, finish_on_attempt: int) -> Job:
    return job_start(
        task=slow_job,
        kind="fault_test",
        title="慢任务",
        user=world.users["city"],
        organisation=world.city,
        params={"finish_on_attempt": finish_on_attempt},
    )


def kill_the_process_running(job: Job, *, attempt: int) -> None:
    def running_attempt():
        job.refresh_from_db()
        return job.status == Job.Status.RUNNING and job.attempts == attempt and job.params.get("pid")

    pid = wait_for(running_attempt, timeout=60)
    os.kill(pid, signal.SIGKILL)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_process_is_killed_is_run_again_and_finishes(world, worker_process):
    job = start_slow_job(world, finish_on_attempt=2)
    kill_the_process_running(job, attempt=1)
    wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, timeout=60)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (Job.Status.SUCCEEDED, 2, "")
    assert job.result.read() == b"attempt 2"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_job_that_kills_its_worker_every_time_fails_with_a_reason(world, worker_process):
    job = start_slow_job(world, finish_on_attempt=10)
    for attempt in range(1, settings.JOB_MAX_ATTEMPTS + 1):
        kill_the_process_running(job, attempt=attempt)
    wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, timeout=60)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == MSG_LOST.format(pk=job.pk)
    assert job.attempts == settings.JOB_MAX_ATTEMPTS + 1


@pytest.fixture
def own_redis():
    """A redis-server of this test's own, and the Celery app publishing to it (restored afterwards)."""
    port = free_port()
    directory = tempfile.mkdtemp(prefix="redis-")
    process = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", directory],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for(lambda: _accepts(port), timeout=10)
    original = app.conf.broker_url
    _point_app_at(f"redis://127.0.0.1:{port}/0")
    try:
        yield process
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)
            process.kill()
        process.wait()
        _point_app_at(original)
        os.rmdir(directory) if not os.listdir(directory) else None


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def _point_app_at(url: str) -> None:
    app.conf.broker_url = url
    app.conf.task_always_eager = url == settings.CELERY_BROKER_URL and settings.CELERY_TASK_ALWAYS_EAGER
    app._pool = None  # the producer connections were made for the old URL
    app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def _exports_go_to_a_worker(monkeypatch):
    """A small audit export is built at once in the request; these tests are about queued ones."""
    import core.views

    monkeypatch.setattr(core.views, "AUDIT_ROWS_AT_ONCE", -1)


def export_through_the_page(client) -> tuple[float, Job]:
    started = time.monotonic()
    response = client.post(reverse("core:audit_export"), {})
    elapsed = time.monotonic() - started
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    return elapsed, job


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_stopped_broker_fails_the_job_with_a_chinese_message_within_seconds(world, login, own_redis):
    client = login(world.users["city"])
    own_redis.terminate()
    own_redis.wait()
    elapsed, job = export_through_the_page(client)
    print(f"stopped broker: the page answered in {elapsed:.2f} s")
    assert elapsed < 10
    assert (job.status, job.error) == (Job.Status.FAILED, MSG_NOT_QUEUED)
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert MSG_NOT_QUEUED in page and "重试" in page
    assert not Job.objects.filter(status=Job.Status.PENDING).exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_hanging_broker_fails_the_job_with_a_chinese_message_within_seconds(world, login, own_redis):
    client = login(world.users["city"])
    os.kill(own_redis.pid, signal.SIGSTOP)  # accepts connections, never answers
    elapsed, job = export_through_the_page(client)
    print(f"hanging broker: the page answered in {elapsed:.2f} s")
    assert elapsed < 15
    assert (job.status, job.error) == (Job.Status.FAILED, MSG_NOT_QUEUED)
    assert not Job.objects.filter(status=Job.Status.PENDING).exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_working_broker_queues_the_job(world, login, own_redis):
    """The counterpart of the two above: the same page with the broker up leaves the job queued."""
    client = login(world.users["city"])
    _, job = export_through_the_page(client)
    assert job.status == Job.Status.PENDING and job.error == ""


def test_a_result_the_storage_refuses_fails_the_job_with_a_chinese_reason(world, unwritable_media):
    job = Job.objects.create(kind="x", title="x", requested_by=world.users["city"], organisation=world.city)
    run_job(job.pk, lambda job, progress: ("a.txt", b"data"))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "结果文件未能保存" in job.error and job.result.name == ""


def test_a_job_that_no_longer_exists_is_ignored(db):
    run_job(987654, lambda job, progress: ("a.txt", b""))  # a message left for a deleted job: no error


def test_the_sweep_fails_jobs_stale_past_their_time_limit_and_leaves_the_others(world):
    def job(status, *, created_ago=0, started_ago=None):
        made = Job.objects.create(
            kind="x", title=status, requested_by=world.users["city"], organisation=world.city, status=status
        )
        now = timezone.now()
        Job.objects.filter(pk=made.pk).update(
            created_at=now - timedelta(seconds=created_ago),
            started_at=None if started_ago is None else now - timedelta(seconds=started_ago),
        )
        return made.pk

    running_long = settings.JOB_RUNNING_STALE_AFTER + 60
    queued_long = settings.JOB_PENDING_STALE_AFTER + 60
    stale_running = job("running", created_ago=running_long, started_ago=running_long)
    stale_pending = job("pending", created_ago=queued_long)
    stale_unstamped = job("running", created_ago=running_long)  # started before started_at existed
    fresh_running = job("running", created_ago=running_long, started_ago=60)
    fresh_pending = job("pending", created_ago=60)
    done = job("succeeded", created_ago=queued_long, started_ago=queued_long)

    assert jobs_fail_stale() == 3
    status = dict(Job.objects.values_list("pk", "status"))
    assert status[stale_running] == status[stale_pending] == status[stale_unstamped] == "failed"
    assert (status[fresh_running], status[fresh_pending], status[done]) == ("running", "pending", "succeeded")
    assert "超过时限" in Job.objects.get(pk=stale_running).error
    assert "排队超过" in Job.objects.get(pk=stale_pending).error


def test_the_sweep_is_scheduled_and_the_nightly_job_runs_at_night_in_shanghai():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["sweep-stale-jobs"]["task"] == "core.tasks.sweep_stale_jobs"
    assert schedule["sweep-stale-jobs"]["schedule"] <= 10 * 60
    nightly = schedule["close-ended-public-notices"]["schedule"]
    assert nightly.hour == {1} and nightly.minute == {30}
    assert app.conf.timezone == "Asia/Shanghai"


def test_a_retried_job_runs_again_for_its_requester(world, login, django_capture_on_commit_callbacks):
    failed = Job.objects.create(
        kind="audit_export",
        title="导出操作日志",
        task_name=export_audit_log.name,
        requested_by=world.users["city"],
        organisation=world.city,
        status=Job.Status.FAILED,
        error=MSG_NOT_QUEUED,
    )
    client = login(world.users["city"])
    assert "重试" in client.get(reverse("core:job_detail", args=[failed.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:job_retry", args=[failed.pk]))
    again = Job.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == reverse("core:job_detail", args=[again.pk])
    assert (again.kind, again.requested_by, again.status) == (
        "audit_export",
        world.users["city"],
        "succeeded",
    )


def test_a_job_that_succeeded_is_not_retried(world, login):
    done = Job.objects.create(
        kind="audit_export",
        title="导出操作日志",
        task_name=export_audit_log.name,
        requested_by=world.users["city"],
        organisation=world.city,
        status=Job.Status.SUCCEEDED,
    )
    client = login(world.users["city"])
    response = client.post(reverse("core:job_retry", args=[done.pk]), follow=True)
    assert "只有失败的任务可以重试" in response.content.decode()
    assert Job.objects.count() == 1
