"""Results in a real browser (SPEC §8, issue 12): base staff open the class's results grid (completion
shown), type the results — a pass for the trainee short of hours is refused with the missing hours — save,
submit the batch; the city bureau approves it and the batch is frozen."""

import pytest
from playwright.sync_api import Page, expect

from assessment.models import Result, ResultBatch
from tests.assessment.factories import assessed_class
from tests.conftest import PASSWORD


def _login(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_base_enters_results_submits_and_the_city_approves(page: Page, live_server, world):
    _, _, training_class, (a, b, short) = assessed_class(world)
    page.on("dialog", lambda dialog: dialog.accept())

    _login(page, live_server.url, "u-base")
    page.goto(f"{live_server.url}/attendance/{training_class.pk}/")
    page.locator("#class-results-link").click()
    expect(page.get_by_text("实操差 15 课时")).to_be_visible()
    for enrollment in (a, b, short):
        page.locator(f"input[name='score-{enrollment.pk}']").fill("86")
        page.locator(f"select[name='outcome-{enrollment.pk}']").select_option(label="合格")
    page.locator("#save-results").click()
    expect(page.get_by_text("未学满课时，不能评为合格：实操差 15 课时")).to_be_visible()
    assert not Result.objects.exists()
    page.locator(f"select[name='outcome-{short.pk}']").select_option(label="不合格")
    page.locator("#save-results").click()
    expect(page.get_by_text("已保存 3 名学员的考核结果")).to_be_visible()

    page.locator("#batch-link").click()
    page.get_by_role("button", name="提交审定").click()
    expect(page.get_by_text("考核结果已提交，等待市人社局审定")).to_be_visible()

    _login(page, live_server.url, "u-city")
    page.get_by_role("link", name="考核结果").first.click()
    page.locator("#batches a").first.click()
    page.get_by_role("button", name="审定通过").click()
    expect(page.get_by_text("考核结果已审定，批次已冻结")).to_be_visible()
    expect(page.locator("#batch-status")).to_have_text("已审定")
    assert ResultBatch.objects.get().status == ResultBatch.Status.APPROVED
