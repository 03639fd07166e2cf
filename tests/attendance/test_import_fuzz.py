"""Fuzzing the delivery imports with generated hostile workbooks (issue 9: each import gets a fuzzing
test): the schedule (课程安排表) through ``check_schedule`` and the class page's upload, and the filled
attendance grid through ``import_attendance``. Bombs, huge dimensions, broken zips, wrong types,
formulas, long and odd strings.

Whatever the file: the command ends with its report (exit 0 or 1) or a Chinese message and exit 2, never
another exception; the page answers without a 500; each file is dealt with in bounded time; nothing is
saved from a refused file.
"""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from attendance.models import Attendance, Session
from attendance.schedule import HEADER
from tests import hostile_workbooks as hostile
from tests.trainees.test_roster_fuzz import FUZZ, SECONDS_PER_FILE, _xls, _xlsx, cell_values

from .factories import delivery_setup, full_schedule

BOMBS = {
    "wide row": lambda path, header: hostile.wide_row(path, header, cells=2_000_000),
    "far cell": hostile.far_cell,
    "shared strings": hostile.shared_strings_bomb,
    "ratio": lambda path, header: hostile.ratio_bomb(path, header, megabytes=30),
}


@st.composite
def sheets(draw, header: list) -> tuple[list, list[list]]:
    """Usually the right header, then a few rows of cells from the roster fuzzer's hostile values."""
    header = list(header)
    if draw(st.integers(0, 9)) == 0:
        header[draw(st.integers(0, len(header) - 1))] = draw(cell_values)
    rows = [draw(st.lists(cell_values, max_size=14)) for _ in range(draw(st.integers(0, 6)))]
    return header, rows


def workbook(draw_result, kind: str) -> bytes:
    header, rows = draw_result
    if kind == "xls":
        return _xls(header, rows)
    return _xlsx(header, rows, formulas=kind == "xlsx-formulas")


def run(command: str, *args) -> tuple[int, str]:
    """The command's exit code and output; any exception but a usage error fails the test."""
    out = StringIO()
    try:
        call_command(command, *[str(a) for a in args], stdout=out, stderr=StringIO())
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue()
    except CommandError as refused:
        assert refused.returncode == 2 and refused.args[0].isascii() is False  # a Chinese message
        return 2, str(refused)
    return 0, out.getvalue()


@pytest.fixture
def presets(db):
    call_command("load_presets", stdout=StringIO())


@FUZZ
@given(data=sheets(list(HEADER)), kind=st.sampled_from(["xlsx", "xlsx-formulas", "xls"]))
def test_check_schedule_answers_any_workbook_with_a_report_or_a_chinese_refusal(
    presets, tmp_path, data, kind
):
    path = tmp_path / f"课程安排表.{kind[:4].rstrip('-')}"
    path.write_bytes(workbook(data, kind))
    started = time.monotonic()
    code, _ = run("check_schedule", path, "--program", "linyi-2023", "--json")
    assert code in (0, 1, 2)
    assert time.monotonic() - started < SECONDS_PER_FILE


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_check_schedule_refuses_spreadsheet_bombs_quickly(presets, tmp_path, bomb):
    path = BOMBS[bomb](tmp_path / "bomb.xlsx", list(HEADER))
    started = time.monotonic()
    code, message = run("check_schedule", path, "--program", "linyi-2023")
    assert code == 2 and "无法读取" in message
    assert time.monotonic() - started < SECONDS_PER_FILE


@pytest.fixture
def delivery(world):
    _, _, training_class, _ = delivery_setup(world, trainees=2)
    full_schedule(training_class, plan=[("theory", 4)] * 2)
    return training_class


@FUZZ
@given(data=st.data(), kind=st.sampled_from(["xlsx", "xlsx-formulas", "xls"]))
def test_import_attendance_saves_nothing_from_a_hostile_grid(delivery, tmp_path, data, kind):
    sessions = list(Session.objects.filter(training_class=delivery).order_by("day", "start"))
    header = [
        "序号",
        "姓名",
        "身份证号码",
        *(f"{s.day:%Y-%m-%d} {s.start:%H:%M}-{s.end:%H:%M}" for s in sessions),
    ]
    path = tmp_path / f"考勤.{kind[:4].rstrip('-')}"
    path.write_bytes(workbook(data.draw(sheets(header)), kind))
    before = Attendance.objects.count()
    started = time.monotonic()
    code, _ = run("import_attendance", path, "--class", delivery.pk)
    assert code in (0, 1, 2)
    assert time.monotonic() - started < SECONDS_PER_FILE
    if code != 0:
        assert Attendance.objects.count() == before


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_the_schedule_upload_page_refuses_bombs_without_a_500_and_keeps_the_schedule(
    delivery, world, login, tmp_path, bomb
):
    path = BOMBS[bomb](tmp_path / "bomb.xlsx", list(HEADER))
    before = list(Session.objects.filter(training_class=delivery).values_list("pk", flat=True))
    client = login(world.users["base"])
    started = time.monotonic()
    with path.open("rb") as handle:
        response = client.post(
            reverse("attendance:schedule_upload", args=[delivery.pk]),
            {"file": SimpleUploadedFile("bomb.xlsx", handle.read())},
        )
    assert response.status_code in (200, 302)
    assert time.monotonic() - started < SECONDS_PER_FILE
    assert list(Session.objects.filter(training_class=delivery).values_list("pk", flat=True)) == before
