import pytest
from playwright.sync_api import Page, expect

import core.views
from core.audit import audit_record
from tests.conftest import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_export_job_page_turns_into_a_download_without_reload(page: Page, live_server, world, monkeypatch):
    monkeypatch.setattr(core.views, "AUDIT_ROWS_AT_ONCE", 0)  # a "big" export: it goes to the job page
    audit_record(actor=world.users["county"], action="plan.stamp", obj=world.base, note="同意")
    page.goto(f"{live_server.url}/audit/")
    page.get_by_label("用户名").fill("u-city")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="导出 Excel").click()
    expect(page.locator("#job-status")).to_have_text("已完成")
    expect(page.locator("#job-percent")).to_have_text("100%")
    with page.expect_download() as download:
        page.locator("#job-download-link").click()
    assert download.value.suggested_filename.startswith("操作日志_")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_failed_job_is_retried_from_its_page(page: Page, live_server, world):
    from core.jobs import MSG_NOT_QUEUED
    from core.models import Job
    from core.tasks import export_audit_log

    failed = Job.objects.create(
        kind="audit_export",
        title="导出操作日志",
        task_name=export_audit_log.name,
        requested_by=world.users["city"],
        organisation=world.city,
        status=Job.Status.FAILED,
        error=MSG_NOT_QUEUED,
    )
    page.goto(f"{live_server.url}/jobs/{failed.pk}/")
    page.get_by_label("用户名").fill("u-city")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#job-error")).to_have_text(MSG_NOT_QUEUED)
    page.get_by_role("button", name="重试").click()
    expect(page.locator("#job-status")).to_have_text("已完成")
    assert f"/jobs/{failed.pk}/" not in page.url
    expect(page.get_by_role("button", name="重试")).to_be_hidden()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_small_export_downloads_at_once_from_the_list(page: Page, live_server, world):
    audit_record(actor=world.users["county"], action="plan.stamp", obj=world.base, note="同意")
    page.goto(f"{live_server.url}/audit/")
    page.get_by_label("用户名").fill("u-city")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="导出 Excel").click()
    assert download.value.suggested_filename.startswith("操作日志_")
