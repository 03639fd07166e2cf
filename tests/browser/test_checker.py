import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.ids import make_id
from tests.programs.factories import make_program


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_clerk_sees_why_an_applicant_is_or_is_not_eligible_as_they_type(page: Page, live_server, world):
    program = make_program(world)
    page.goto(f"{live_server.url}/programs/eligibility/")
    page.get_by_label("用户名").fill("u-base")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.get_by_label("培训项目").select_option(str(program.pk))
    page.get_by_label("参加培训职业（工种）").fill("焊工")
    page.get_by_label("培训等级").select_option("2")
    page.get_by_label("身份证号码").fill(make_id(datetime.date(1999, 3, 1)))  # 27 on the reference date
    page.get_by_label("单位类型").select_option(label="企业")
    page.get_by_label("参加职工社会保险").select_option("1")
    page.get_by_label("累计工作年限").fill("8")

    summary = page.locator("#decision-summary")
    expect(summary).to_have_text("不符合报名条件")
    reasons = page.locator("#decision-reasons")
    expect(reasons.locator("[data-code=age_below_min]")).to_have_text("年龄 27 周岁，低于 29 周岁下限")
    expect(reasons.locator("[data-code=route_years]")).to_contain_text("累计工作年限 8 年，不足 14 年")

    # Correct the facts: an older applicant with enough years qualifies by the years route.
    page.get_by_label("身份证号码").fill(make_id(datetime.date(1985, 3, 1)))
    page.get_by_label("累计工作年限").fill("15")
    expect(summary).to_have_text("符合报名条件")
    expect(page.locator("#decision-route")).to_contain_text("累计从事本职业（工种）年限")
    expect(reasons.locator("li")).to_have_count(0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_panel_says_failed_routes_are_alternatives_and_never_contradicts_itself(
    page: Page, live_server, world
):
    program = make_program(world)
    page.goto(f"{live_server.url}/programs/eligibility/")
    page.get_by_label("用户名").fill("u-base")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.get_by_label("培训项目").select_option(str(program.pk))
    page.get_by_label("参加培训职业（工种）").fill("焊工")
    page.get_by_label("培训等级").select_option("2")
    page.get_by_label("身份证号码").fill(make_id(datetime.date(1985, 3, 1)))
    page.get_by_label("参加职工社会保险").select_option("1")
    page.get_by_label("单位类型").select_option("enterprise")
    page.get_by_label("累计工作年限").fill("8")

    # Both routes fail: they are listed apart, named, and the clerk is told one of them is enough.
    summary = page.locator("#decision-summary")
    expect(summary).to_have_text("不符合报名条件")
    group = page.locator("#decision-reasons li.routes-failed")
    expect(group).to_contain_text("以下报名途径均未满足（满足其中任意一项即可）：")
    expect(group.locator("[data-code=route_years]")).to_have_text(
        "累计从事本职业（工种）年限：累计工作年限 8 年，不足 14 年"
    )
    expect(group.locator("[data-code=route_certificate]")).to_contain_text("持低一级证书满规定年限：")
    expect(page.locator("#decision-meta")).to_contain_text("资格审核基准日 2026年5月1日")

    # A route is met but the applicant is too young: the route line does not say "符合" under "不符合".
    page.get_by_label("身份证号码").fill(make_id(datetime.date(1999, 3, 1)))
    page.get_by_label("累计工作年限").fill("15")
    expect(page.locator("#decision-route")).to_have_text(
        "已满足报名途径“累计从事本职业（工种）年限”，但以下条件不符合："
    )
    expect(summary).to_have_text("不符合报名条件")
    expect(page.locator("#decision-reasons > li")).to_have_count(1)
    expect(page.locator("#decision-reasons [data-code=age_below_min]")).to_be_visible()
