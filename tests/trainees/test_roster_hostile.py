"""Hostile and odd rosters: bombs refused in seconds with little memory and nothing saved (command and
browser), the per-import row cap, long values judged in the preview against the model's own limits,
odd characters in names, a database refusal at commit time, and .xls rosters judged exactly like .xlsx."""

from __future__ import annotations

import datetime
import io
import json
import os
import struct
import subprocess
import sys
import time
import zipfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import xlwt
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from programs.models import Program
from tests import hostile_workbooks as hostile
from trainees.forms import EnrollmentForm
from trainees.models import Enrollment, RosterImport, Trainee
from trainees.roster import ROSTER_HEADER, parse_row, read_roster

from .roster_factory import make_id, person, write_roster
from .test_import_roster_command import LY, _database_url, committed_presets, presets  # noqa: F401
from .test_import_roster_saving import DEZHOU_BASE, demo, welder  # noqa: F401
from .test_import_views import (  # noqa: F401
    commit,
    good,
    page_messages,
    quota,
    staff,
    stored_files,
    upload,
    uploaded,
    workbook,
)

BOMBS = {
    "a 5,000,000-cell row": hostile.wide_row,
    "a shared-strings bomb": hostile.shared_strings_bomb,
    "1,048,575 rows with a cell at XFD": hostile.far_cell,
    "a zip ratio bomb": hostile.ratio_bomb,
}
# What each is refused for: the first limit it passes.
REFUSALS = {
    "a 5,000,000-cell row": "解压后 72 MB，上限 32 MB",
    "a shared-strings bomb": "工作簿单元格过多（超过 1000000 个）",
    "1,048,575 rows with a cell at XFD": "用到第 1048575 行，上限 20000 行",
    "a zip ratio bomb": "压缩比",
}


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {kind: build(folder / f"{n}.xlsx", ROSTER_HEADER) for n, (kind, build) in enumerate(BOMBS.items())}


# --- the command, as a real process: time and memory ----------------------------------------------

# Runs the command as its own child, so that RUSAGE_CHILDREN is that one process's peak memory.
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({
    "seconds": time.monotonic() - start,
    "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "code": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
}))
"""


def measured(*args: Any) -> dict[str, Any]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": _database_url()}
    command = [sys.executable, "manage.py", "import_roster", *[str(a) for a in args]]
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize("kind", list(BOMBS))
def test_the_command_refuses_a_bomb_in_seconds_with_little_memory(committed_presets, bombs, kind, tmp_path):  # noqa: F811
    # The same process refusing a missing file: its start-up, which the bomb must not add much to.
    baseline = measured(tmp_path / "missing.xlsx", "--program", LY, "--dry-run")
    assert baseline["code"] == 2

    run = measured(bombs[kind], "--program", LY, "--dry-run", "--json")

    assert run["code"] == 2, run["stderr"]
    assert run["stdout"] == ""
    assert "Traceback" not in run["stderr"]
    assert "无法导入" in run["stderr"] and REFUSALS[kind] in run["stderr"]
    assert run["seconds"] - baseline["seconds"] < 5, run
    assert run["rss_mb"] < 200, run
    assert Enrollment.objects.count() == 0 and Trainee.objects.count() == 0


# --- the browser ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(BOMBS))
def test_the_browser_refuses_a_bomb_in_seconds_and_keeps_nothing(quota, staff, bombs, kind):  # noqa: F811
    program, _ = quota
    before = stored_files()
    started = time.monotonic()
    response = upload(staff, program, bombs[kind].read_bytes())
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    html = response.content.decode()
    assert "花名册无法导入" in html and REFUSALS[kind] in html
    assert RosterImport.objects.count() == 0
    assert stored_files() == before


def test_more_rows_than_one_import_takes_are_refused_in_the_browser(quota, staff, settings):  # noqa: F811
    settings.ROSTER_MAX_ROWS = 3
    program, _ = quota
    response = upload(staff, program, workbook([good(i) for i in range(1, 5)]))
    assert "花名册有 4 行学员，超过单次导入上限 3 行；请分成几个文件分别导入" in response.content.decode()
    assert RosterImport.objects.count() == 0


def test_more_rows_than_one_import_takes_are_refused_by_the_command(presets, settings, tmp_path):  # noqa: F811
    settings.ROSTER_MAX_ROWS = 3
    path = write_roster(tmp_path / "four.xlsx", [good(i) for i in range(1, 5)])
    with pytest.raises(CommandError, match="超过单次导入上限 3 行") as caught:
        call_command("import_roster", str(path), "--program", LY, "--dry-run", stdout=StringIO())
    assert caught.value.returncode == 2


# --- long values: judged in the preview against the model's limits --------------------------------

LONG = [
    ("姓名", "张" * 31, "姓名最多 30 个字符，实为 31 个"),
    ("工作单位", "厂" * 101, "工作单位最多 100 个字符，实为 101 个"),
    ("现职业（工种）", "车" * 61, "现职业（工种）最多 60 个字符，实为 61 个"),
    ("证书编号", "S" * 41, "证书编号最多 40 个字符，实为 41 个"),
    ("荣誉", "能" * 201, "荣誉最多 200 个字符，实为 201 个"),
    ("备注", "备" * 201, "备注最多 200 个字符，实为 201 个"),
    ("工作年限", 40000, "工作年限“40000”过大（最大 32767）"),
]


@pytest.mark.parametrize(("column", "value", "message"), LONG, ids=[c for c, _, _ in LONG])
def test_a_value_longer_than_its_field_rejects_the_row_with_the_limit(column, value, message):
    row = parse_row(2, person(**{column: value}))
    assert [(r.code, r.message) for r in row.problems if r.code in ("too_long", "too_large")] == [
        ("too_large" if column == "工作年限" else "too_long", message)
    ]


def test_the_preview_rejects_long_values_and_the_commit_saves_the_rest(quota, staff):  # noqa: F811
    program, _ = quota
    rows = [good(1)] + [good(n, **{column: value}) for n, (column, value, _) in enumerate(LONG, start=2)]
    roster_import = uploaded(staff, program, rows)
    roster_import.refresh_from_db()
    assert (roster_import.accepted, roster_import.rejected) == (1, len(LONG))

    response = commit(staff, roster_import)
    assert response.status_code == 200
    assert "导入完成：已保存 1 名学员。" in page_messages(response)
    assert Enrollment.objects.count() == 1


def test_the_stored_report_echoes_a_huge_cell_only_in_part(quota, staff):  # noqa: F811
    program, _ = quota
    roster_import = uploaded(staff, program, [good(1, 备注="长" * 30_000)])
    roster_import.refresh_from_db()
    [line] = roster_import.report["rows"]
    assert line["values"]["备注"] == "长" * 220 + "…"  # the field's 200, and a little more to see why
    assert len(json.dumps(roster_import.report, ensure_ascii=False)) < 5_000


# --- odd characters in names ----------------------------------------------------------------------

ODD_NAMES = [
    ("张\u200b三", "U+200B"),  # zero-width space
    ("张\u202e三", "U+202E"),  # right-to-left override
    ("张\u2066三", "U+2066"),  # left-to-right isolate
    ("张\ufeff三", "U+FEFF"),  # zero-width no-break space
    ("张\x07三", "U+0007"),  # a control character
]


@pytest.mark.parametrize(("name", "code"), ODD_NAMES)
def test_a_name_with_invisible_or_control_characters_is_refused(name, code):
    row = parse_row(2, person(姓名=name))
    assert [r.message for r in row.problems if r.code == "name_invalid"] == [
        f"姓名含有不可见或控制字符（{code}），请删除后重新填写"
    ]
    form = EnrollmentForm(data={"name": name}, programs=Program.objects.none())
    form.is_valid()
    assert form.errors["name"] == [f"姓名含有不可见或控制字符（{code}），请删除后重新填写。"]


def test_names_are_normalised_the_same_in_the_roster_and_the_form():
    typed = "ＡＢＣ　买买提"  # full-width letters and an ideographic space
    assert parse_row(2, person(姓名=typed)).name == "ABC 买买提"
    form = EnrollmentForm(data={"name": typed}, programs=Program.objects.none())
    form.is_valid()
    assert "name" not in form.errors and form.cleaned_data["name"] == "ABC 买买提"


def test_a_name_that_normalisation_lengthens_past_the_field_is_refused_by_the_form():
    form = EnrollmentForm(data={"name": "㈱" * 11}, programs=Program.objects.none())  # 33 once NFKC
    form.is_valid()
    assert form.errors["name"] == ["姓名最多 30 个字符。"]


# --- the database refusing at commit time ---------------------------------------------------------


@pytest.fixture
def refusing_database(db):
    """A trigger that makes PostgreSQL refuse an enrolment whose remark says so (a fault no check sees)."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION trainees_refuse() RETURNS trigger AS $$
            BEGIN
                IF NEW.remark = '数据库拒绝' THEN RAISE EXCEPTION 'refused by the test trigger'; END IF;
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER trainees_refuse BEFORE INSERT ON trainees_enrollment
                FOR EACH ROW EXECUTE FUNCTION trainees_refuse();
            """
        )


def test_a_database_refusal_at_commit_is_a_message_not_a_500(quota, staff, refusing_database):  # noqa: F811
    program, _ = quota
    roster_import = uploaded(staff, program, [good(1), good(2, 备注="数据库拒绝")])
    response = commit(staff, roster_import)
    assert response.status_code == 200
    assert any("保存时数据库拒绝了本次数据，未保存任何数据" in m for m in page_messages(response))
    assert Enrollment.objects.count() == 0 and Trainee.objects.count() == 0
    roster_import.refresh_from_db()
    assert roster_import.status == "checked"


def test_a_database_refusal_in_the_command_is_exit_2_with_a_message(demo, refusing_database, tmp_path):  # noqa: F811
    demo_enrollments = Enrollment.objects.count()  # the demo's classes have trainees of their own
    path = write_roster(tmp_path / "r.xlsx", [welder(11), welder(13, 备注="数据库拒绝")])
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_roster", str(path), "--program", "dezhou-2021", "--base", DEZHOU_BASE, stdout=StringIO()
        )
    assert caught.value.returncode == 2
    assert "保存时数据库拒绝了本次数据，未保存任何数据" in str(caught.value)
    assert Enrollment.objects.count() == demo_enrollments


# --- .xls rosters ---------------------------------------------------------------------------------


def as_xls(path: Path, rows: list[dict[str, Any]]) -> Path:
    """The same roster saved as Excel 97-2003: text stays text, numbers numbers, dates date cells."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    dates = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for c, name in enumerate(ROSTER_HEADER):
        sheet.write(0, c, name)
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(ROSTER_HEADER):
            value = row.get(name)
            if isinstance(value, datetime.date):
                sheet.write(r, c, datetime.datetime.combine(value, datetime.time()), dates)
            elif value not in (None, ""):
                sheet.write(r, c, value)
    book.save(str(path))
    return path


XLS_ROWS = [
    person(),
    person(序号=2, 姓名="李小四", 身份证号码=make_id(datetime.date(2000, 1, 1)), 参加社会保险="否"),
    person(
        序号=3, 姓名="王五", 身份证号码=make_id(datetime.date(1980, 3, 3)), 发证日期=datetime.date(2015, 5, 5)
    ),
    person(
        序号=4, 姓名="赵六", 身份证号码=make_id(datetime.date(1982, 4, 4)), 工作年限="十年", 培训等级="大师"
    ),
    person(序号=5, 姓名="孙七", 身份证号码=make_id(datetime.date(1983, 5, 5)), 联系电话=13912345678),
]


def test_a_roster_saved_as_xls_gives_exactly_the_same_report(presets, tmp_path):  # noqa: F811
    original = write_roster(tmp_path / "roster.xlsx", XLS_ROWS)
    resaved = as_xls(tmp_path / "roster.xls", XLS_ROWS)

    def report(path: Path) -> dict:
        out = StringIO()
        call_command("import_roster", str(path), "--program", LY, "--dry-run", "--json", stdout=out)
        return json.loads(out.getvalue())

    expected = report(original)
    assert (expected["accepted"], expected["rejected"]) == (3, 2)
    assert report(resaved) == expected
    assert [r.values for r in read_roster(resaved)] == [r.values for r in read_roster(original)]


def test_an_xls_roster_is_previewed_in_the_browser(quota, staff, tmp_path):  # noqa: F811
    program, _ = quota
    path = as_xls(tmp_path / "r.xls", [good(1), good(2, 参加社会保险="否")])
    response = upload(staff, program, path.read_bytes(), name="花名册.xls")
    assert response.status_code == 302, response.content.decode()[:1000]
    roster_import = RosterImport.objects.get()
    assert roster_import.file.name.endswith(".xls")
    assert (roster_import.accepted, roster_import.rejected) == (1, 1)
    assert io.BytesIO(roster_import.file.open("rb").read()).read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- what the fuzzer found ----------------------------------------------------------------------------


def _corrupt_deflate(content: bytes, member: str) -> bytes:
    """``content`` with the compressed bytes of ``member`` overwritten: zlib refuses the stream."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo(member)
    data = bytearray(content)
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    data[start : start + info.compress_size] = b"\xff" * info.compress_size
    return bytes(data)


def test_a_corrupt_compressed_part_is_a_message_not_a_500(quota, staff, tmp_path):  # noqa: F811
    program, _ = quota
    content = _corrupt_deflate(workbook([good(1)]), "xl/worksheets/sheet1.xml")
    response = upload(staff, program, content)
    assert response.status_code == 200
    assert "文件不是有效的 Excel 工作簿（.xlsx 或 .xls）" in response.content.decode()
    assert RosterImport.objects.count() == 0


def test_a_nul_in_an_xls_cell_is_judged_and_stored_in_the_report(quota, staff, tmp_path):  # noqa: F811
    program, _ = quota
    path = as_xls(tmp_path / "nul.xls", [good(1, 工作单位="临沂\x00重工", 性别="男\x00")])
    response = upload(staff, program, path.read_bytes(), name="花名册.xls")
    assert response.status_code == 302
    [line] = RosterImport.objects.get().report["rows"]
    assert line["status"] == "rejected"
    assert {r["code"] for r in line["reasons"]} == {"control_character", "sex_invalid"}
    assert line["values"]["工作单位"] == "临沂\ufffd重工"
