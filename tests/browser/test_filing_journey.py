"""Scheme filing and a spot check in a real browser (SPEC §7, issue 11 points 3 and 8): base staff fill
the outline and textbooks, list the teacher and file the class's scheme; the county, its reviewer, finds
it in its queue and acknowledges it; then the county records an unannounced check of a session with the
signed record and a photo."""

import pytest
from playwright.sync_api import Page, expect

from attendance.models import SchemeFiling, SpotCheck
from tests.attendance.factories import delivery_setup, full_schedule
from tests.conftest import PASSWORD
from tests.trainees.factories import PNG

PDF = b"%PDF-1.4\n%signed spot check record\n"


def _login(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_base_files_the_scheme_the_county_acknowledges_and_records_a_spot_check(
    page: Page, live_server, world
):
    _, _, training_class, _ = delivery_setup(world)
    sessions = full_schedule(training_class)
    page.on("dialog", lambda dialog: dialog.accept())

    _login(page, live_server.url, "u-base")
    page.goto(f"{live_server.url}/attendance/{training_class.pk}/")
    page.get_by_role("link", name="查看开班备案").click()
    expect(page.locator("#filing-problems")).to_contain_text("未列入师资名单")
    page.get_by_role("link", name="填写大纲与教材").click()
    page.locator("#id_outline").fill("焊工技师培训大纲：思政、理论、实操")
    page.locator("#id_textbooks").fill("《焊工（技师）》")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("培训方案已保存")).to_be_visible()
    page.get_by_label("教师姓名").fill("王老师")
    page.locator("#id_qualification").select_option(label="高级专业技术职务")
    page.get_by_role("button", name="添加教师").click()
    expect(page.get_by_text("已添加教师 王老师")).to_be_visible()
    expect(page.locator("#filing-problems")).to_have_count(0)
    page.get_by_role("button", name="报送开班备案").click()
    expect(page.get_by_text("已报送开班备案")).to_be_visible()
    expect(page.locator("#filing-state")).to_have_text("已报备待审")

    _login(page, live_server.url, "u-county")
    page.get_by_role("link", name="开班备案").first.click()
    page.locator("#waiting").get_by_role("link", name=training_class.name).click()
    page.get_by_role("button", name="确认备案").click()
    expect(page.get_by_text("已确认开班备案")).to_be_visible()
    expect(page.locator("#filing-state")).to_have_text("已备案")
    assert SchemeFiling.objects.get(training_class=training_class).status == SchemeFiling.Status.ACKNOWLEDGED

    first = sessions[0]
    page.goto(f"{live_server.url}/attendance/sessions/{first.pk}/")
    page.get_by_role("link", name="登记现场抽查").click()
    page.get_by_label("检查人员").fill("兰山区人社局 张明、李华")
    page.get_by_label("检查时间").fill(f"{first.day:%Y-%m-%d}T09:30")
    for name in ("content_matches", "teacher_matches", "time_matches"):
        page.locator(f"#id_{name}_0").check()
    page.locator("#id_place_matches_1").check()
    page.get_by_label("实到人数").fill("2")
    page.get_by_label("发现的问题").fill("实际在实训楼 203 上课")
    page.get_by_label("检查记录扫描件").set_input_files(
        {"name": "检查记录.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("现场照片").set_input_files(
        {"name": "现场.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="登记抽查").click()
    expect(page.get_by_text("已登记现场抽查")).to_be_visible()
    expect(page.locator("#spot-check-attendance")).to_have_text("应到 3 人，实到 2 人")
    check = SpotCheck.objects.get()
    assert check.inspector_org == world.county and not check.place_matches and check.photos.count() == 1
