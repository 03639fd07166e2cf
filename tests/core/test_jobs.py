import io

from django.urls import reverse
from openpyxl import load_workbook

import core.views
from core.audit import audit_record
from core.models import AuditEntry, Job


def test_exporting_the_audit_log_runs_a_job_and_offers_the_file(
    world, login, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(core.views, "AUDIT_ROWS_AT_ONCE", 0)  # "big": built by the job
    audit_record(actor=world.users["county"], action="plan.stamp", obj=world.base, note="同意")
    audit_record(actor=world.users["base_other"], action="plan.submit", obj=world.base_other)
    client = login(world.users["city"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:audit_export"), {"action": "plan.stamp"})
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED and job.progress == 100
    status = client.get(reverse("core:job_status", args=[job.pk])).json()
    assert status["finished"] and status["download_url"].endswith(f"/jobs/{job.pk}/download/")

    download = client.get(reverse("core:job_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("时间", "操作人", "操作", "对象", "原状态", "新状态", "说明")
    assert [r[2:4] for r in rows[1:]] == [
        ("县区审核盖章", "兰山技师学院")
    ]  # the other city's entry is not there
    assert AuditEntry.objects.filter(action="audit.export").exists()
    assert AuditEntry.objects.filter(action="job.download").exists()


def test_a_failing_job_shows_a_chinese_message_and_no_file(world):
    from core.jobs import JobError, run_job

    job = Job.objects.create(kind="x", title="x", requested_by=world.users["city"], organisation=world.city)

    def builder(job, progress):
        raise JobError("模板表头不正确。")

    run_job(job.pk, builder)
    job.refresh_from_db()
    assert (job.status, job.error, job.result.name) == (Job.Status.FAILED, "模板表头不正确。", "")


def test_an_unexpected_error_is_not_shown_to_the_user(world):
    from core.jobs import run_job

    job = Job.objects.create(kind="x", title="x", requested_by=world.users["city"], organisation=world.city)

    def builder(job, progress):
        raise KeyError("internal detail")

    run_job(job.pk, builder)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "internal detail" not in job.error and "任务执行出错" in job.error


def test_progress_is_recorded_as_the_builder_reports_it(world):
    from core.jobs import run_job

    job = Job.objects.create(kind="x", title="x", requested_by=world.users["city"], organisation=world.city)
    seen = []

    def builder(job, progress):
        for i in range(1, 5):
            progress(i, 4)
            seen.append(Job.objects.get(pk=job.pk).progress)
        return "a.txt", b"done"

    run_job(job.pk, builder)
    assert seen == [25, 50, 75, 99]  # 100 only once the file is stored
    assert Job.objects.get(pk=job.pk).progress == 100


def test_a_small_audit_export_downloads_at_once(world, login):
    for _ in range(7):
        audit_record(actor=world.users["county"], action="plan.stamp", obj=world.base, note="同意")
    response = login(world.users["city"]).post(reverse("core:audit_export"), {"action": "plan.stamp"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert len(rows) == 1 + 7
    assert Job.objects.get().status == Job.Status.SUCCEEDED
