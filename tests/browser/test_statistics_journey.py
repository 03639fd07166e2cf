import pytest
from playwright.sync_api import Page, expect

from stats.models import StatisticsPolicy
from stats.selectors import statistics_policy
from tests.conftest import PASSWORD
from tests.statistics.factories import stats_world


def _login(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(url)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_county_submits_its_sheet_and_the_city_sees_it_downloads_its_own_and_looks_at_the_charts(
    page: Page, live_server, world
):
    program = stats_world(world)["program"]
    policy = statistics_policy(program)
    policy.sender = StatisticsPolicy.Sender.COUNTY
    policy.save()
    sheet_url = f"{live_server.url}/statistics/programs/{program.code}/"

    _login(page, sheet_url, "u-county")
    expect(page.locator("#statistics-sheet tr.total td").first).to_have_text("合计")
    page.get_by_label("填报人").fill("王五")
    page.get_by_label("联系电话").fill("0539-8888888")
    page.get_by_role("button", name="报送").click()
    expect(page.locator("#submissions")).to_contain_text("兰山区")

    _login(page, sheet_url, "u-city")
    expect(page.locator("#tracker")).to_contain_text("未报送 1 个")
    expect(page.locator("#tracker tr.sent")).to_contain_text("兰山区")
    expect(page.locator("#tracker tr.not-sent")).to_contain_text("罗庄区")
    with page.expect_download() as sent:
        page.locator("#tracker tr.sent a").click()
    assert sent.value.suggested_filename.endswith(".xlsx")
    page.locator("#export-sheet").click()
    expect(page.locator("#job-status")).to_have_text("已完成")
    with page.expect_download() as download:
        page.locator("#job-download-link").click()
    assert "临沂市_培训情况统计表" in download.value.suggested_filename

    page.goto(f"{live_server.url}/statistics/programs/{program.code}/dashboard/")
    expect(page.locator('canvas[data-chart="by-base"]')).to_have_attribute("data-drawn", "1")
    expect(page.locator("#chart-by-base table")).to_contain_text("兰山技师学院")
    page.goto(f"{live_server.url}/")
    expect(page.locator('#home-charts canvas[data-chart="by-occupation"]')).to_have_attribute(
        "data-drawn", "1"
    )
