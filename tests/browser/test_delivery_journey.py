"""Training delivery in a real browser (SPEC §7): base staff create a class from their confirmed plan,
assign trainees, download the schedule template, fill it with a 210-hour schedule, import it after the
preview, then record a session's attendance with the grid's "全部出勤" shortcut and upload the scan of
the handwritten sign-in sheet; the class page then shows each trainee's hours."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from attendance.models import Attendance, TrainingClass
from attendance.schedule import HEADER
from tests.attendance.test_imports import SCHEDULE_210
from tests.conftest import PASSWORD
from tests.trainees.factories import PNG, confirmed_base, make_enrollment, quota_program


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_base_staff_create_a_class_import_its_schedule_and_record_attendance(
    page: Page, live_server, world, tmp_path
):
    program = quota_program(world)
    base = confirmed_base(world, program=program)
    trainees = [make_enrollment(program=program, base=base, serial=s) for s in (1, 2, 3)]
    names = [e.trainee.name for e in trainees]
    page.on("dialog", lambda dialog: dialog.accept())

    page.goto(f"{live_server.url}/")
    page.get_by_label("用户名").fill("u-base")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="培训班次").first.click()
    page.get_by_role("link", name="新建班次").click()

    page.get_by_label("培训计划明细（职业、等级）").select_option(label=f"{program.name} · 焊工（技师）30 人")
    page.get_by_label("班次名称").fill("焊工技师一班")
    page.get_by_label("班主任").fill("张老师")
    page.get_by_label("培训地点").fill("实训楼 201")
    page.get_by_label("开班日期").fill("2026-06-01")
    page.get_by_label("结业日期").fill("2026-07-31")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="焊工技师一班")).to_be_visible()

    page.get_by_role("link", name="编入学员").click()
    # "全选" is wired by a script at the end of the page: act once the page has loaded, not as soon as
    # the box exists (under load the script arrives later than the markup).
    page.wait_for_load_state("load")
    page.get_by_label("全选").check()
    for name in names:
        expect(page.get_by_label(name)).to_be_checked()
    page.get_by_role("button", name="编入班次").click()
    expect(page.get_by_text("已编入 3 名学员")).to_be_visible()

    page.locator("#schedule").get_by_role("link", name="导入课程安排表").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="课程安排表模板").click()
    template = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADER)
    for row in SCHEDULE_210:
        sheet.append(row)
    workbook.save(template)

    page.get_by_label("Excel 文件（.xlsx）").set_input_files(str(template))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator("#preview-ok")).to_have_text("符合本项目的课时规定。")
    expect(page.get_by_role("heading", name="预览：22 次课")).to_be_visible()
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("已导入课程安排 22 次课")).to_be_visible()
    expect(page.locator("#verdict-ok")).to_be_visible()
    expect(page.locator("#sessions tbody tr")).to_have_count(22)

    page.locator("#sessions tbody tr").first.get_by_role("link", name="记录考勤").click()
    expect(page.locator("#expected")).to_have_text("3")
    page.wait_for_load_state("load")  # "全部出勤" is wired by the page's closing script
    page.get_by_role("button", name="全部出勤").click()
    page.get_by_label(f"{names[1]} 请假").check()
    page.get_by_role("button", name="保存考勤").click()
    expect(page.get_by_text("已保存 3 名学员的考勤")).to_be_visible()
    expect(page.locator("#present-count")).to_have_text("2")

    scan = tmp_path / "签到表.png"
    scan.write_bytes(PNG)
    page.get_by_label("签到表扫描件").set_input_files(str(scan))
    page.get_by_role("button", name="上传签到表").click()
    expect(page.locator("#sign-in-file")).to_contain_text("签到表.png")

    training_class = TrainingClass.objects.get(name="焊工技师一班")
    first = training_class.sessions.order_by("day", "start").first()
    assert dict(first.attendance.values_list("enrollment_id", "status")) == {
        trainees[0].pk: Attendance.Status.PRESENT,
        trainees[1].pk: Attendance.Status.LEAVE,
        trainees[2].pk: Attendance.Status.PRESENT,
    }
    assert first.sign_in_sha256

    page.get_by_role("link", name="返回班次").click()
    row = page.locator("#hours tbody tr", has_text=names[0])
    expect(row.locator("td").nth(4)).to_have_text("5")
