"""`manage.py import_roster`: the dry-run report (JSON and text), exit code 2 with a Chinese message for
every usage error (in-process and as a real process, without a traceback), and no writes at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation
from core.idcard import mask_id_number

from .roster_factory import make_id, person, write_roster

LY = "linyi-2023"
GOOD_ID = make_id(date(1985, 6, 1))
YOUNG_ID = make_id(date(2000, 1, 1))


def _load_presets() -> None:
    call_command("load_presets", stdout=StringIO())


@pytest.fixture
def presets(db) -> None:
    _load_presets()


@pytest.fixture
def roster(tmp_path) -> Path:
    """One accepted and one rejected row for 临沂 2023."""
    return write_roster(
        tmp_path / "roster.xlsx",
        [person(), person(序号=2, 姓名="李小四", 身份证号码=YOUNG_ID, 参加社会保险="否")],
    )


def run(*args: Any) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_roster", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def usage_error(*args: Any) -> str:
    """The message of the CommandError the command raises; it must carry exit code 2."""
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


def make_base(code: str, name: str, city: str) -> Organisation:
    """A registered base (organisation node and profile) under the city's first county."""
    from bases.models import Base

    county = Organisation.objects.filter(kind=Organisation.Kind.COUNTY, parent__name=city).first()
    organisation = Organisation.objects.create(
        kind=Organisation.Kind.BASE, code=code, name=name, parent=county
    )
    Base.objects.create(organisation=organisation, kind="technical_school")
    return organisation


# --- the dry-run report ----------------------------------------------------------------------------------


def test_json_prints_exactly_one_object_in_spec_shape(presets, roster):
    out, err = run(roster, "--program", LY, "--dry-run", "--json")
    assert err == ""
    assert out.count("\n") == 1 and out.endswith("\n")
    data = json.loads(out)
    assert set(data) == {"accepted", "rejected", "rows", "policy_version"}
    assert (data["accepted"], data["rejected"], data["policy_version"]) == (1, 1, 1)
    assert [set(row) for row in data["rows"]] == [{"row", "id_number", "status", "route", "reasons"}] * 2
    assert data["rows"][0] == {
        "row": 2,
        "id_number": GOOD_ID,
        "status": "accepted",
        "route": "certificate",
        "reasons": [],
    }
    second = data["rows"][1]
    assert (second["row"], second["id_number"], second["status"]) == (3, YOUNG_ID, "rejected")
    assert [r["code"] for r in second["reasons"]] == ["age_below_min", "social_insurance_missing"]
    assert all(set(r) == {"code", "message"} for r in second["reasons"])
    assert "年龄 23 周岁" in out  # ensure_ascii=False: Chinese as is, not \\u escapes


def test_the_text_report_is_one_line_per_row_with_reasons_then_totals(presets, roster):
    out, _ = run(roster, "--program", LY, "--dry-run")
    lines = out.splitlines()
    assert lines == [
        f"第 2 行  张三明  {mask_id_number(GOOD_ID)}  通过（持低一级证书满规定年限）",
        f"第 3 行  李小四  {mask_id_number(YOUNG_ID)}  不通过",
        "    - [age_below_min] 年龄 23 周岁，低于 29 周岁下限",
        "    - [social_insurance_missing] 未按规定参加职工社会保险",
        "合计 2 行：通过 1 行，不通过 1 行（项目 linyi-2023，政策第 1 版，基准日 2023-04-21）",
    ]
    assert GOOD_ID not in out  # personal data is masked where the full value is not needed


def test_as_of_sets_the_reference_date(presets, roster):
    out, _ = run(roster, "--program", LY, "--dry-run", "--json", "--as-of", "2030-01-01")
    # On 2030-01-01 the first applicant is 44 and the second 30: the second now fails on insurance only.
    rows = json.loads(out)["rows"]
    assert [[r["code"] for r in row["reasons"]] for row in rows] == [[], ["social_insurance_missing"]]


def test_a_base_is_found_by_code_or_by_exact_name(presets, roster):
    make_base("B-LY-01", "临沂市兰山技师学院", "临沂市")
    for value in ("B-LY-01", "临沂市兰山技师学院"):
        out, _ = run(roster, "--program", LY, "--base", value, "--dry-run", "--json")
        # Found: the eligible row is now judged against that base's places too, and the base has no
        # confirmed plan yet.
        first = json.loads(out)["rows"][0]
        assert [reason["code"] for reason in first["reasons"]] == ["no_quota"]


def test_a_dry_run_writes_nothing(presets, roster):
    make_base("B-LY-01", "临沂市兰山技师学院", "临沂市")
    models = apps.get_models(include_auto_created=True)

    def counts() -> dict[str, int]:
        return {model._meta.label: model._default_manager.count() for model in models}

    before = counts()
    with CaptureQueriesContext(connection) as captured:
        run(roster, "--program", LY, "--base", "B-LY-01", "--dry-run", "--json")
        run(roster, "--program", LY, "--dry-run")
    assert counts() == before
    writes = [
        q["sql"] for q in captured if q["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []


# --- usage errors: exit code 2 and a Chinese message ---------------------------------------------------


def test_an_unknown_programme(presets, roster):
    assert (
        usage_error(roster, "--program", "nowhere-1999", "--dry-run")
        == "找不到项目代码为“nowhere-1999”的培训项目"
    )


def test_a_missing_programme_option(presets, roster):
    assert "请用 --program 指定培训项目代码" in usage_error(roster, "--dry-run")


def test_an_unknown_base(presets, roster):
    assert (
        usage_error(roster, "--program", LY, "--base", "无此基地", "--dry-run")
        == "找不到代码或名称为“无此基地”的培训基地"
    )


def test_a_city_bureau_is_not_a_base(presets, roster):
    assert (
        usage_error(roster, "--program", LY, "--base", "临沂市", "--dry-run")
        == "找不到代码或名称为“临沂市”的培训基地"
    )


def test_an_ambiguous_base_name(presets, roster):
    make_base("B-LY-01", "技师学院", "临沂市")
    make_base("B-LY-02", "技师学院", "临沂市")
    assert "有多个名为“技师学院”的培训基地" in usage_error(
        roster, "--program", LY, "--base", "技师学院", "--dry-run"
    )


def test_a_base_of_another_city(presets, roster):
    make_base("B-DZ-01", "德州技师学院", "德州市")
    message = usage_error(roster, "--program", LY, "--base", "B-DZ-01", "--dry-run")
    assert message == "培训基地“德州技师学院”不属于项目“2023年度临沂市“金蓝领”技师培训项目”所在的临沂市"


@pytest.mark.parametrize("value", ["2023-02-30", "2023/04/21", "20230421", "昨天", ""])
def test_a_bad_as_of(presets, roster, value):
    assert usage_error(roster, "--program", LY, "--as-of", value, "--dry-run") == (
        f"--as-of 应为有效日期 YYYY-MM-DD，实为“{value}”"
    )


def test_a_missing_file(presets, tmp_path):
    missing = tmp_path / "nope.xlsx"
    assert usage_error(missing, "--program", LY, "--dry-run") == f"找不到文件：{missing}"


def test_a_directory_is_not_a_file(presets, tmp_path):
    assert usage_error(tmp_path, "--program", LY, "--dry-run") == f"不是文件：{tmp_path}"


def test_not_an_xlsx(presets, tmp_path):
    fake = tmp_path / "roster.xlsx"
    fake.write_text("序号,姓名\n1,张三\n", encoding="utf-8")
    message = usage_error(fake, "--program", LY, "--dry-run")
    assert (
        message
        == "花名册“roster.xlsx”无法导入：文件不是有效的 Excel 工作簿（.xlsx 或 .xls），请使用模板填写后上传"
    )


def test_a_wrong_header(presets, tmp_path):
    header = ["身份证号" if name == "身份证号码" else name for name in person()]
    path = write_roster(tmp_path / "r.xlsx", [person()], header=header)
    assert usage_error(path, "--program", LY, "--dry-run").endswith("第 4 列应为“身份证号码”，实为“身份证号”")


def test_no_data_rows(presets, tmp_path):
    path = write_roster(tmp_path / "r.xlsx", [])
    assert usage_error(path, "--program", LY, "--dry-run").endswith("花名册没有数据行")


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_saving_needs_the_base(presets, roster, extra):
    assert usage_error(roster, "--program", LY, *extra).startswith("保存花名册须用 --base 指定培训基地")


# --- as a real process -------------------------------------------------------------------------------------


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def manage(*args: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": _database_url()}
    return subprocess.run(
        [sys.executable, "manage.py", "import_roster", *[str(a) for a in args]],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def committed_presets(transactional_db) -> None:
    """Committed, so that the child process sees them (it has its own connection)."""
    if connection.vendor != "postgresql":
        pytest.skip("a child process can only share a PostgreSQL test database")
    _load_presets()


def test_the_process_exits_with_2_and_a_message_but_no_traceback(committed_presets, tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    good = write_roster(tmp_path / "good.xlsx", [person()])
    cases = [
        ((good, "--program", "nowhere-1999", "--dry-run"), "找不到项目代码为“nowhere-1999”的培训项目"),
        ((tmp_path / "missing.xlsx", "--program", LY, "--dry-run"), "找不到文件"),
        ((fake, "--program", LY, "--dry-run"), "文件不是有效的 Excel 工作簿"),
        ((good, "--program", LY, "--as-of", "2023-13-01", "--dry-run"), "--as-of 应为有效日期"),
        (
            (good, "--program", LY, "--base", "无此基地", "--dry-run"),
            "找不到代码或名称为“无此基地”的培训基地",
        ),
        ((good, "--program", LY), "保存花名册须用 --base 指定培训基地"),
    ]
    for args, message in cases:
        result = manage(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""


def test_the_process_prints_one_json_object(committed_presets, roster):
    result = manage(roster, "--program", LY, "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert (data["accepted"], data["rejected"]) == (1, 1)
