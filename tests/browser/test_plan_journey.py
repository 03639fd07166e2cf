"""The plan chain in a real browser (SPEC §5): a base applies and stamps, its county stamps, the city
approves and publishes, and an anonymous citizen reads the public notice. Each persona logs in through
the login form in its own browser context, so no session leaks from one role to the next.

Set PLAN_JOURNEY_SHOTS=/some/dir to also save full-page screenshots of each page along the way."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import Page, expect

from bases.models import PlanApplication, Publication
from core.models import AuditEntry
from core.workdays import working_day_end
from tests.bases.factories import make_base, make_plan, open_program
from tests.conftest import PASSWORD

SHOTS = os.environ.get("PLAN_JOURNEY_SHOTS", "")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def login(page: Page, url: str, username: str) -> Page:
    """Open ``url``, be sent to the login form, log in as ``username`` and land back on ``url``."""
    page.goto(url)
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="用户登录")).to_have_count(0)
    expect(page.locator(".who .name")).to_have_text(username)
    return page


def persona(new_context, live_server, url: str, username: str) -> Page:
    """A fresh browser context (no cookies) logged in as ``username`` on ``url``; dialogs are accepted."""
    page = new_context().new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return login(page, f"{live_server.url}{url}", username)


# What a clerk's browser looks like: Chinese locale, China time, a laptop screen.
CLERK_BROWSER = pytest.mark.browser_context_args(
    locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1366, "height": 900}
)


@pytest.mark.browser
@CLERK_BROWSER
@pytest.mark.django_db(transaction=True)
def test_plan_goes_from_base_to_public_notice(page: Page, new_context, live_server, world):
    program = open_program(world)
    make_base(world)
    today = timezone.localdate()
    ends = working_day_end(today, 5)

    # --- base staff: create the plan, fill two lines, stamp and submit ------------------------------
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, f"{live_server.url}/", "u-base")
    page.locator(".mainnav").get_by_role("link", name="培训计划").click()
    expect(page.get_by_role("heading", name="培训计划申报")).to_be_visible()
    shot(page, "01-plan-list-base-empty")
    create = page.locator("form", has=page.get_by_role("button", name="新建申报"))
    create.get_by_label("申报项目").select_option(label=program.name)
    create.get_by_role("button", name="新建申报").click()

    expect(page).to_have_url(re.compile(r"/bases/plans/\d+/lines/$"))
    plan = PlanApplication.objects.get(program=program, base__organisation=world.base)
    rows = page.locator("#plan-lines tbody tr")
    for index, (occupation, count) in enumerate([("焊工", "30"), ("电工", "20")]):
        row = rows.nth(index)
        row.locator("select[name$='-occupation']").select_option(label=occupation)
        row.locator("select[name$='-level']").select_option(label="技师")
        row.locator("input[name$='-planned_count']").fill(count)
    shot(page, "02-plan-edit")
    page.get_by_role("button", name="保存明细").click()

    expect(page).to_have_url(f"{live_server.url}/bases/plans/{plan.pk}/")
    expect(page.locator(".messages")).to_contain_text("计划明细已保存")
    expect(page.locator("#plan-total")).to_have_text("50")
    expect(page.locator("#plan-status")).to_have_text("草稿")
    shot(page, "03-plan-detail-base-draft")
    page.get_by_role("button", name="盖章提交", exact=True).click()
    expect(page.locator("#plan-status")).to_have_text("基地已盖章提交")
    # Stamped: the base can no longer edit the lines.
    expect(page.get_by_role("link", name="编辑计划明细")).to_have_count(0)
    shot(page, "04-plan-detail-base-submitted")
    page.locator(".mainnav").get_by_role("link", name="培训计划").click()
    shot(page, "05-plan-list-base")

    # --- county reviewer: open the plan from the list and stamp it --------------------------------
    county = persona(new_context, live_server, "/bases/plans/", "u-county")
    shot(county, "06-plan-list-county")
    county.locator("table").get_by_role("link", name="兰山技师学院").click()
    expect(county).to_have_url(f"{live_server.url}/bases/plans/{plan.pk}/")
    expect(county.locator("#plan-total")).to_have_text("50")
    shot(county, "07-plan-detail-county")
    county.locator("#opinion-stamp").fill("经审核，该基地申报情况属实，同意上报。")
    county.get_by_role("button", name="审核盖章", exact=True).click()
    expect(county.locator("#plan-status")).to_have_text("县区已审核盖章")
    expect(county.get_by_role("button", name="审核盖章", exact=True)).to_have_count(0)
    county.context.close()

    # --- city clerk: approve, then publish the notice ----------------------------------------------
    city = persona(new_context, live_server, f"/bases/plans/{plan.pk}/", "u-city")
    shot(city, "08-plan-detail-city")
    city.locator("#opinion-approve").fill("同意。")
    city.get_by_role("button", name="审批通过", exact=True).click()
    expect(city.locator("#plan-status")).to_have_text("市级审批通过")
    shot(city, "09-plan-detail-city-approved")
    city.get_by_role("link", name="发布公示").click()
    expect(city).to_have_url(f"{live_server.url}/bases/programs/{program.code}/publish/")
    # The period defaults to the policy's minimum of 5 working days; the address to the city bureau.
    expect(city.get_by_label("公示开始日期")).to_have_value(today.isoformat())
    expect(city.get_by_label("公示截止日期")).to_have_value(ends.isoformat())
    expect(city.get_by_label("异议受理地址")).to_have_value(program.city.display_name)
    city.get_by_label("异议受理电话").fill("0539-8721234")
    city.get_by_label("兰山技师学院").check()
    shot(city, "10-publication-form")
    city.get_by_role("button", name="发布公示", exact=True).click()
    expect(city.locator(".messages")).to_contain_text("已发布公示")
    shot(city, "11-publication-list")
    city.goto(f"{live_server.url}/bases/plans/{plan.pk}/")
    expect(city.locator("#plan-status")).to_have_text("公示中")
    shot(city, "12-plan-detail-city-in-notice")
    city.context.close()

    # --- anonymous citizen: the public notice --------------------------------------------------------
    public = new_context().new_page()
    public.goto(f"{live_server.url}/public/notices/")
    shot(public, "13-public-notice-list")
    public.get_by_role("link", name=Publication.default_title(program)).click()
    notice = public.locator("#notice-table")
    expect(notice).to_contain_text("兰山技师学院")
    expect(notice).to_contain_text("焊工（技师）30人")
    expect(notice).to_contain_text("电工（技师）20人")
    expect(notice.locator("tr.total")).to_contain_text("合计")
    expect(notice.locator("tr.total td.num")).to_have_text("50")
    expect(public.locator("#notice-contact")).to_contain_text("0539-8721234")
    expect(public.get_by_role("link", name="打印版（PDF，加盖公章）")).to_be_visible()
    expect(public.locator("body")).to_contain_text(f"{today.year}年{today.month}月{today.day}日")
    shot(public, "14-public-notice-detail")
    if SHOTS:  # citizens read notices on their phones
        public.set_viewport_size({"width": 390, "height": 844})
        shot(public, "14m-public-notice-detail-phone")
    public.context.close()

    # --- the audit log: each step, by the right person ---------------------------------------------
    plan.refresh_from_db()
    assert plan.status == PlanApplication.Status.IN_NOTICE
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PlanApplication), object_id=str(plan.pk)
    )
    for action, username in {
        "plan.submit": "u-base",
        "plan.stamp": "u-county",
        "plan.approve": "u-city",
        "plan.publish": "u-city",
    }.items():
        assert [e.actor.username for e in entries.filter(action=action)] == [username], action
    assert entries.get(action="plan.stamp").note == "经审核，该基地申报情况属实，同意上报。"


@pytest.mark.browser
@CLERK_BROWSER
@pytest.mark.django_db(transaction=True)
def test_outsiders_get_the_chinese_404_for_a_plan(new_context, live_server, world):
    plan = make_plan(world, status="submitted")
    for username in ("u-county-other", "u-base-2"):
        outsider = persona(new_context, live_server, f"/bases/plans/{plan.pk}/", username)
        expect(outsider.get_by_role("heading", name="页面不存在")).to_be_visible()
        assert outsider.request.get(f"{live_server.url}/bases/plans/{plan.pk}/").status == 404
        expect(outsider.locator("body")).not_to_contain_text("兰山技师学院")
        shot(outsider, f"15-404-{username}")
        outsider.context.close()
