"""The roster import in a real browser (SPEC §6): base staff download the template from the page, fill
it in Excel's place with openpyxl, upload it, read why a row is refused, confirm, and find the accepted
trainees in the trainee list.

Set ROSTER_IMPORT_SHOTS=/some/dir to also save full-page screenshots of the pages along the way."""

import datetime
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from core.idcard import mask_id_number
from tests.conftest import PASSWORD
from tests.trainees.roster_factory import make_id, person
from tests.trainees.test_import_views import confirmed_quota
from trainees.models import Enrollment
from trainees.roster import ROSTER_HEADER

SHOTS = os.environ.get("ROSTER_IMPORT_SHOTS", "")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


WANG = person(
    姓名="王大明",
    身份证号码=make_id(datetime.date(1984, 3, 5), serial=21),
    **{"现职业（工种）": "焊工", "参加培训职业（工种）": "焊工"},
)
ZHAO = person(
    序号=2,
    姓名="赵小刚",
    身份证号码=make_id(datetime.date(1980, 7, 9), serial=33),
    **{"现职业（工种）": "电工", "参加培训职业（工种）": "电工"},
)
# 26 years old on the programme's reference date, below the 29 of the 临沂-like policy.
QIAN = person(
    序号=3,
    姓名="钱小飞",
    身份证号码=make_id(datetime.date(2000, 1, 1), serial=45),
    **{"现职业（工种）": "焊工", "参加培训职业（工种）": "焊工"},
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_base_staff_import_a_roster_from_the_template_to_the_trainee_list(
    page: Page, live_server, world, tmp_path
):
    program, _ = confirmed_quota(world)
    page.on("dialog", lambda dialog: dialog.accept())

    page.goto(f"{live_server.url}/")
    page.get_by_label("用户名").fill("u-base")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="导入花名册").click()
    expect(page.get_by_role("heading", name="花名册导入")).to_be_visible()
    page.get_by_role("link", name="上传花名册").click()
    shot(page, "1-upload")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载花名册模板").click()
    download = download_info.value
    assert download.suggested_filename == "学员花名册模板.xlsx"
    template = tmp_path / download.suggested_filename
    download.save_as(template)

    # Fill the template the way a clerk would: below the header, in the template's own columns.
    workbook = load_workbook(template)
    sheet = workbook["花名册"]
    assert [cell.value for cell in sheet[1]] == ROSTER_HEADER
    for row, applicant in enumerate([WANG, ZHAO, QIAN], start=2):
        for column, name in enumerate(ROSTER_HEADER, start=1):
            sheet.cell(row=row, column=column, value=applicant[name] if applicant[name] != "" else None)
    filled = tmp_path / "我的花名册.xlsx"
    workbook.save(filled)

    page.get_by_label("培训项目").select_option(str(program.pk))
    page.get_by_label("花名册文件（.xlsx）").set_input_files(filled)
    page.get_by_role("button", name="上传并校验").click()

    expect(page.get_by_role("heading", name="花名册导入：我的花名册.xlsx")).to_be_visible()
    expect(page.locator("#accepted-count")).to_have_text("2")
    expect(page.locator("#rejected-count")).to_have_text("1")
    refused = page.locator("#row-4")
    expect(refused).to_contain_text("不通过")
    expect(refused.locator(".reasons li")).to_have_text(["年龄 26 周岁，低于 29 周岁下限"])
    expect(page.locator("#row-2")).to_contain_text(mask_id_number(WANG["身份证号码"]))
    assert WANG["身份证号码"] not in page.content()
    assert Enrollment.objects.count() == 0  # nothing saved before the commit
    shot(page, "2-preview")

    page.get_by_role("button", name="确认导入").click()  # the confirm dialog is accepted
    expect(page.locator("#saved-count")).to_contain_text("已保存 2 名学员")
    shot(page, "3-result")

    page.get_by_role("link", name="查看学员名单").click()
    expect(page).to_have_url(f"{live_server.url}/trainees/")
    table = page.locator("#enrollments tbody")
    expect(table.locator("tr")).to_have_count(2)
    for applicant in (WANG, ZHAO):  # the base's own trainees, in full (trainees/privacy.py)
        row = table.locator("tr", has_text=applicant["身份证号码"])
        expect(row).to_contain_text(applicant["姓名"])
        expect(row).to_contain_text("花名册导入")
    assert QIAN["身份证号码"] not in page.content()
