"""`manage.py import_results` (text and --json, dry run, all-or-nothing, frozen batch, malformed files) and
fuzzing it with hostile workbooks: a report or a Chinese refusal, never a traceback, nothing saved."""

import json
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from assessment.models import Result, ResultBatch
from assessment.services import batch_get_or_create
from assessment.workflows import RESULTS_WORKFLOW
from tests.attendance.test_import_fuzz import BOMBS, run, sheets, workbook
from tests.trainees.test_roster_fuzz import FUZZ, SECONDS_PER_FILE

from .factories import HEADER, assessed_class, line

PROGRAM, BASE = "test-2026", "T-BASE-A"


def xlsx(tmp_path, rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    for r in [header, *rows]:
        ws.append(r)
    path = tmp_path / "考核结果.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def assessed(world):
    return assessed_class(world)


def test_the_command_saves_a_clean_table_and_prints_the_roster_shaped_json(assessed, tmp_path):
    _, _, _, (a, b, _short) = assessed
    path = xlsx(tmp_path, [line(1, a), line(2, b, "不合格", score="40")])
    code, out = run("import_results", path, "--program", PROGRAM, "--base", BASE, "--json")
    data = json.loads(out)
    assert code == 0 and data["accepted"] == 2 and data["rejected"] == 0 and data["saved"] == 2
    assert {"row", "id_number", "status", "route", "reasons"} <= set(data["rows"][0])
    assert "*" in data["rows"][0]["id_number"]  # masked in the report
    assert Result.objects.filter(enrollment=b, outcome="fail").exists()


def test_the_dry_run_saves_nothing_and_says_so(assessed, tmp_path):
    _, _, _, (a, *_rest) = assessed
    code, out = run(
        "import_results", xlsx(tmp_path, [line(1, a)]), "--program", PROGRAM, "--base", BASE, "--dry-run"
    )
    assert code == 0 and "校验通过（--dry-run，未保存）" in out
    assert not Result.objects.exists() and not ResultBatch.objects.exists()


def test_one_rejected_row_saves_nothing_and_the_text_gives_the_reason(assessed, tmp_path):
    _, _, _, (a, _b, short) = assessed
    code, out = run(
        "import_results", xlsx(tmp_path, [line(1, a), line(2, short)]), "--program", PROGRAM, "--base", BASE
    )
    assert code == 1
    assert "1 行通过，1 行不通过" in out and "未学满课时，不能评为合格：实操差 15 课时" in out
    assert "未保存任何考核结果" in out
    assert not Result.objects.exists()


def test_a_malformed_file_is_a_chinese_message_and_saves_nothing(assessed, tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    code, message = run("import_results", bad, "--program", PROGRAM, "--base", BASE)
    assert code == 2 and "无法读取" in message
    code, message = run(
        "import_results", xlsx(tmp_path, [], header=["序号", "姓名"]), "--program", PROGRAM, "--base", BASE
    )
    assert code == 2 and "第 3 列应为“身份证号码”" in message
    assert not Result.objects.exists()


def test_unknown_programme_or_base_is_a_chinese_message(assessed, tmp_path):
    path = xlsx(tmp_path, [])
    assert run("import_results", path, "--program", "nope", "--base", BASE)[1].startswith("找不到项目代码")
    assert "找不到代码或名称" in run("import_results", path, "--program", PROGRAM, "--base", "nope")[1]


def test_a_frozen_batch_refuses_the_import(world, assessed, tmp_path):
    program, base, _, (a, b, _short) = assessed
    code, _ = run("import_results", xlsx(tmp_path, [line(1, a)]), "--program", PROGRAM, "--base", BASE)
    batch = batch_get_or_create(program=program, base=base)
    RESULTS_WORKFLOW.run("submit", actor=world.users["base"], obj=batch)
    code, message = run("import_results", xlsx(tmp_path, [line(1, b)]), "--program", PROGRAM, "--base", BASE)
    assert code == 2 and "已冻结，不能修改" in message
    assert not Result.objects.filter(enrollment=b).exists()


@FUZZ
@given(data=st.data(), kind=st.sampled_from(["xlsx", "xlsx-formulas", "xls"]))
def test_import_results_saves_nothing_from_a_hostile_table(assessed, tmp_path, data, kind):
    path = tmp_path / f"考核结果.{kind[:4].rstrip('-')}"
    path.write_bytes(workbook(data.draw(sheets(HEADER)), kind))
    started = time.monotonic()
    code, _ = run("import_results", path, "--program", PROGRAM, "--base", BASE)
    assert code in (0, 1, 2)
    assert time.monotonic() - started < SECONDS_PER_FILE
    if code != 0:
        assert not Result.objects.exists()
    Result.objects.all().delete()


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_import_results_refuses_spreadsheet_bombs_quickly(assessed, tmp_path, bomb):
    path = BOMBS[bomb](tmp_path / "bomb.xlsx", list(HEADER))
    started = time.monotonic()
    code, message = run("import_results", path, "--program", PROGRAM, "--base", BASE)
    assert code == 2 and "无法读取" in message
    assert time.monotonic() - started < SECONDS_PER_FILE
