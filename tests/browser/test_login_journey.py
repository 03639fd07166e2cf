import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_base_staff_log_in_and_see_their_home_page(page: Page, live_server, world):
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
    page.get_by_label("用户名").fill("u-base")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="兰山技师学院 · 工作台")).to_be_visible()
    expect(page.locator(".who .role")).to_have_text("培训基地")
    # Another base of the same county never appears on this user's pages.
    assert "兰山机械厂" not in page.content()
