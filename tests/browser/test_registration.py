"""Registering a trainee in a real browser (SPEC §6): the decision appears as the clerk types, with the
reasons when the applicant does not qualify, and the saved trainee shows in the base's own list in full.

Set REGISTRATION_SHOTS=/some/dir to also save full-page screenshots along the way."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from core.idcard import mask_id_number
from tests.conftest import PASSWORD
from tests.trainees.factories import confirmed_base, id_number, quota_program
from trainees.models import Enrollment

SHOTS = os.environ.get("REGISTRATION_SHOTS", "")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


CLERK_BROWSER = pytest.mark.browser_context_args(
    locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1366, "height": 900}
)


def login(page: Page, url: str, username: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".who .name")).to_have_text(username)


@pytest.mark.browser
@CLERK_BROWSER
@pytest.mark.django_db(transaction=True)
def test_base_staff_see_the_decision_as_they_type_and_register_the_eligible_one(
    page: Page, live_server, world
):
    program = quota_program(world)
    confirmed_base(world, program=program)
    eligible = id_number(11)  # 40 on the reference date, 高级工 since 2018
    too_young = id_number(13, born=datetime.date(2000, 1, 1))

    login(page, f"{live_server.url}/", "u-base")
    page.locator(".mainnav").get_by_role("link", name="学员", exact=True).click()
    page.get_by_role("link", name="登记学员").click()
    expect(page.get_by_role("heading", name="登记学员", exact=True)).to_be_visible()

    form = page.locator("#enrollment-form")
    summary = page.locator("#decision-summary")
    form.get_by_label("培训项目").select_option(label=program.name)
    form.get_by_label("身份证号码").fill(eligible)
    form.get_by_label("姓名").fill("孙立平")
    form.get_by_label("单位类型").select_option(label="企业")
    form.get_by_label("参加职工社会保险").select_option(label="是")
    form.get_by_label("现职业（工种）").fill("焊工")
    form.get_by_label("现证书等级").select_option(label="高级工")
    form.get_by_label("发证日期").fill("2018-01-01")
    form.get_by_label("参加培训职业（工种）").fill("焊工")
    form.get_by_label("培训等级").select_option(label="技师")
    expect(summary).to_have_text("符合报名条件")
    expect(page.locator("#decision-route")).to_contain_text("持低一级证书满规定年限")
    expect(page.locator("#decision-places")).to_contain_text("剩余 30 人")
    shot(page, "01-eligible")

    # Another applicant: too young and without social insurance; both reasons show, nothing is saved.
    form.get_by_label("身份证号码").fill(too_young)
    form.get_by_label("参加职工社会保险").select_option(label="否")
    expect(summary).to_have_text("不符合报名条件")
    expect(page.locator("#decision-reasons li[data-code=age_below_min]")).to_be_visible()
    expect(page.locator("#decision-reasons li[data-code=social_insurance_missing]")).to_be_visible()
    shot(page, "02-not-eligible")
    assert not Enrollment.objects.exists()

    # Back to the eligible applicant, and register them.
    form.get_by_label("身份证号码").fill(eligible)
    form.get_by_label("参加职工社会保险").select_option(label="是")
    expect(summary).to_have_text("符合报名条件")
    expect(page.locator("#decision-reasons li")).to_have_count(0)
    form.get_by_role("button", name="登记").click()
    expect(page.locator(".messages")).to_contain_text("已登记学员 孙立平")
    expect(page.locator("#id-number")).to_have_text(eligible)  # the base sees it in full, audited
    shot(page, "03-detail")

    # The base entered this person: its own list shows them in full (two 孙*平 could not be told apart).
    page.locator(".mainnav").get_by_role("link", name="学员", exact=True).click()
    table = page.locator("#enrollments")
    expect(table).to_contain_text(eligible)
    expect(table).to_contain_text("孙立平")
    shot(page, "04-list")
    assert mask_id_number(eligible) not in page.content()
    assert Enrollment.objects.get().trainee.id_number == eligible


@pytest.mark.browser
@CLERK_BROWSER
@pytest.mark.django_db(transaction=True)
def test_the_sex_follows_the_id_number_as_the_clerk_types_unless_they_chose_it(
    page: Page, live_server, world
):
    program = quota_program(world)
    confirmed_base(world, program=program)
    login(page, f"{live_server.url}/trainees/new/", "u-base")
    form = page.locator("#enrollment-form")
    # The only programme is preselected; required fields show the red * before their label.
    expect(form.get_by_label("培训项目")).to_have_value(str(program.pk))
    star = page.evaluate(
        "getComputedStyle(document.querySelector('label[for=id_id_number]'), '::before').content"
    )
    assert star == '"* "'

    sex = form.get_by_label("性别")
    form.get_by_label("身份证号码").fill(id_number(11))  # odd 17th digit
    expect(sex).to_have_value("M")
    form.get_by_label("身份证号码").fill(id_number(12))  # even 17th digit
    expect(sex).to_have_value("F")
    form.get_by_label("身份证号码").fill(id_number(12)[:10])  # incomplete: what was filled stays
    expect(sex).to_have_value("F")
    # Once the clerk picks the sex, typing the number no longer overrides it (the engine will compare).
    sex.select_option("M")
    form.get_by_label("身份证号码").fill(id_number(14))
    expect(sex).to_have_value("M")
