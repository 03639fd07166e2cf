"""`manage.py check_schedule` (SPEC §7): the JSON report, the text report and the exit codes."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from attendance.schedule import HEADER


@pytest.fixture
def presets(db):
    call_command("load_presets", stdout=StringIO())


def workbook(tmp_path: Path, rows, name="课程安排表.xlsx") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(list(HEADER))
    for line in rows:
        ws.append(line)
    path = tmp_path / name
    wb.save(path)
    return path


def line(n, day, start, end, category, mode, hours):
    return [n, day, start, end, category, "内容", "王老师", mode, hours, "教室"]


LINYI_OK = [
    line(1, "2026-06-01", "08:00", "12:00", "思政", "线下", 10),
    line(2, "2026-06-02", "08:00", "12:00", "理论", "线上", 84),
    line(3, "2026-06-03", "08:00", "12:00", "理论", "线下", 26),
    line(4, "2026-06-04", "08:00", "12:00", "实操", "线下", 90),
]


def run(*args):
    out = StringIO()
    try:
        call_command("check_schedule", *[str(a) for a in args], stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def test_a_schedule_meeting_the_linyi_rules_prints_ok_json_and_exits_0(presets, tmp_path):
    code, out = run(workbook(tmp_path, LINYI_OK), "--program", "linyi-2023", "--json")
    assert code == 0
    assert json.loads(out) == {
        "ok": True,
        "hours": {"total": 210, "思政": 10, "理论": 110, "实操": 90, "online": 84},
        "breaches": [],
    }


def test_breaches_are_listed_with_codes_categories_and_rows_and_exit_1(presets, tmp_path):
    rows = [
        *LINYI_OK[:3],
        line(5, "2026-06-03", "11:00", "13:00", "实操", "线上", 80),  # overlaps row 4, online practice
    ]
    code, out = run(
        workbook(tmp_path, rows),
        "--program",
        "linyi-2023",
        "--start",
        "2026-06-02",
        "--end",
        "2026-09-30",
        "--json",
    )
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    by_code = {b["code"]: b for b in report["breaches"]}
    assert set(by_code) == {
        "total_hours_short",
        "category_hours_short",
        "online_share_exceeded",
        "practical_online",
        "session_overlap",
        "outside_period",
    }
    assert by_code["category_hours_short"]["category"] == "实操"
    assert by_code["session_overlap"]["rows"] == [4, 5]
    assert by_code["outside_period"]["rows"] == [2]


def test_the_text_report_names_each_breach_in_chinese(presets, tmp_path):
    rows = [*LINYI_OK[:3], line(5, "2026-06-04", "08:00", "12:00", "实操", "线下", 89)]
    code, out = run(workbook(tmp_path, rows), "--program", "linyi-2023")
    assert code == 1
    assert "[total_hours_short]" in out and "[category_hours_short] 实操课时 89，少于要求的 90 课时" in out


def test_taian_caps_online_hours_but_has_no_minimums(presets, tmp_path):
    rows = [line(1, "2026-06-01", "08:00", "12:00", "理论", "线下", 4)]
    assert run(workbook(tmp_path, rows), "--program", "taian-2021", "--json")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--program", "nope-2023"], "找不到项目代码"),
        ([], "请用 --program"),
        (["--program", "linyi-2023", "--start", "2026-13-01"], "--start 应为有效日期"),
        (
            ["--program", "linyi-2023", "--start", "2026-07-01", "--end", "2026-06-01"],
            "--start 不能晚于 --end",
        ),
    ],
)
def test_usage_errors_are_chinese_with_exit_2(presets, tmp_path, args, message):
    path = workbook(tmp_path, LINYI_OK)
    with pytest.raises(CommandError, match=message) as caught:
        call_command("check_schedule", str(path), *args, stdout=StringIO())
    assert caught.value.returncode == 2


def test_a_file_that_is_not_a_schedule_is_refused_with_exit_2(presets, tmp_path):
    not_a_workbook = tmp_path / "x.xlsx"
    not_a_workbook.write_bytes(b"hello")
    wrong_header = tmp_path / "y.xlsx"
    wb = Workbook()
    wb.active.append(["序号", "姓名"])
    wb.save(wrong_header)
    for path, message in [(not_a_workbook, "无法读取"), (wrong_header, "第 2 列应为“日期”")]:
        with pytest.raises(CommandError, match=message) as caught:
            call_command("check_schedule", str(path), "--program", "linyi-2023", stdout=StringIO())
        assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="找不到文件") as caught:
        call_command("check_schedule", str(tmp_path / "missing.xlsx"), "--program", "linyi-2023")
    assert caught.value.returncode == 2
