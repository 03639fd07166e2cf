"""validate_roster against the five preset programmes: real IDs, the engine's reasons, duplicates in the
file, the enrolment hook, and a fixed number of queries whatever the row count."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.idcard import mask_id_number
from programs.eligibility import Reason
from programs.models import Program
from trainees.roster import ACCEPTED, REJECTED, RosterReport, read_roster, validate_roster

from .roster_factory import make_id, person, write_roster

LY, WH, DZ, WF, TA = "linyi-2023", "weihai-2019", "dezhou-2021", "weifang-2020", "taian-2021"


@pytest.fixture
def presets(db) -> None:
    call_command("load_presets", stdout=open("/dev/null", "w"))  # noqa: SIM115


def validate(tmp_path: Path, code: str, rows: list[dict[str, Any]], **kwargs: Any) -> RosterReport:
    path = write_roster(tmp_path / f"{code}.xlsx", rows)
    return validate_roster(read_roster(path), program=Program.objects.get(code=code), **kwargs)


def outcome(report: RosterReport) -> list[tuple[int, str, str, tuple[str, ...]]]:
    return [(r.row, r.status, r.route, tuple(reason.code for reason in r.reasons)) for r in report.rows]


NO_CERT = {"现职业（工种）": "", "现证书等级": "", "证书编号": "", "发证日期": ""}

# Per preset: rows as differences from ``person()``, and (status, route, reason codes) for each.
CASES: dict[str, list[tuple[dict[str, Any], tuple[str, str, tuple[str, ...]]]]] = {
    LY: [
        # 高级工 since 2018, 3 years held by the notice date 2023-04-21.
        ({}, (ACCEPTED, "certificate", ())),
        ({**NO_CERT, "工作年限": "14年"}, (ACCEPTED, "years", ())),
        (
            {"身份证号码": make_id(date(2000, 1, 1)), "参加社会保险": "否", "同期参加其他补贴性培训": "是"},
            (REJECTED, "certificate", ("age_below_min", "social_insurance_missing", "parallel_training")),
        ),
        (
            {"参加培训职业（工种）": "工业机器人系统操作员"},
            (REJECTED, "years", ("occupation_not_in_catalog",)),
        ),
        (
            {"发证日期": "2021-01-01", "工作年限": 10},
            (REJECTED, "", ("route_certificate", "route_years")),
        ),
        # Only enterprise employees and teachers of 技工院校/职业院校; a blank type is not one of them.
        ({"单位类型": ""}, (REJECTED, "certificate", ("employer_type_missing",))),
        ({"单位类型": "个体"}, (REJECTED, "certificate", ("employer_type_excluded",))),
        ({"单位类型": "技工院校"}, (ACCEPTED, "certificate", ())),
        # A blank current occupation cannot back the certificate; the 15 years still qualify.
        ({"现职业（工种）": ""}, (ACCEPTED, "years", ())),
        # The catalogue: 育婴员 has national standards up to 高级工 only.
        (
            {"现职业（工种）": "育婴员", "参加培训职业（工种）": "育婴员"},
            (REJECTED, "certificate", ("occupation_level_no_standard",)),
        ),
    ],
    WH: [
        (
            {
                **NO_CERT,
                "工作年限": "",
                "荣誉": "威海市技术能手",
                "参加培训职业（工种）": "焊工",
                "培训等级": "高级工",
            },
            (ACCEPTED, "honour_next_level", ()),
        ),
        ({"发证日期": "2016-10-21"}, (ACCEPTED, "certificate", ())),
        (
            {
                "现职业（工种）": "育婴员",
                "现证书等级": "中级工",
                "发证日期": "2015-01-01",
                "参加培训职业（工种）": "育婴员",
                "培训等级": "高级工",
            },
            (ACCEPTED, "certificate", ()),
        ),
        (
            {"培训等级": "高级技师"},
            (REJECTED, "", ("route_certificate", "route_years", "route_honour_next_level")),
        ),
    ],
    DZ: [
        (
            {**NO_CERT, "参加培训职业（工种）": "工业机器人系统操作员", "备注": "用人单位推荐"},
            (ACCEPTED, "years", ()),
        ),
        (
            {**NO_CERT, "参加培训职业（工种）": "工业机器人系统操作员"},
            (REJECTED, "years", ("occupation_needs_recommendation",)),
        ),
        (
            {
                "专业技术职称": "助理工程师",
                "职称取得日期": "2019-01-01",
                "发证日期": "2020-03-01",
                "工作年限": 5,
            },
            (ACCEPTED, "title_certificate", ()),
        ),
        (
            {"单位类型": "机关事业单位", "培训等级": "高级工"},
            # 15 years reach 高级工's 10 even though the level is not offered: the route is still named.
            (REJECTED, "years", ("employer_type_excluded", "level_not_offered")),
        ),
    ],
    WF: [
        # 车工 and 数控车工 are both 机械加工: "本职业或相近职业".
        (
            {"文化程度": "中专", "发证日期": "2016-05-01", "参加培训职业（工种）": "数控车工"},
            (ACCEPTED, "certificate", ()),
        ),
        (
            {"文化程度": "初中", "培训等级": "高级工"},
            (REJECTED, "", ("level_not_offered", "education_below_min", "route_certificate")),
        ),
        # 潍坊 has the certificate route only: a blank current occupation leaves nothing to qualify by.
        (
            {"文化程度": "中专", "发证日期": "2016-05-01", "现职业（工种）": ""},
            (REJECTED, "", ("route_certificate",)),
        ),
        (
            {"身份证号码": make_id(date(1965, 1, 1)), "现职业（工种）": "焊工"},
            (REJECTED, "", ("age_above_max", "route_certificate")),
        ),
    ],
    TA: [
        # Project-based: no level list, no routes, no catalogue rule.
        ({**NO_CERT, "参加培训职业（工种）": "电工", "培训等级": "中级工"}, (ACCEPTED, "", ())),
        (
            {"性别": "女", "单位类型": "机关事业单位"},
            (REJECTED, "", ("sex_mismatch", "employer_type_excluded")),
        ),
        ({"身份证号码": make_id(date(1985, 6, 1))[:-1] + "Y"}, (REJECTED, "", ("id_format",))),
    ],
}


@pytest.mark.parametrize("code", [LY, WH, DZ, WF, TA])
def test_each_preset_accepts_and_rejects_real_rows(presets, tmp_path, code):
    rows = [
        person(序号=i, 姓名=f"学员{i}", 身份证号码=make_id(date(1985, 6, 1), serial=i), **changes)
        if "身份证号码" not in changes
        else person(序号=i, 姓名=f"学员{i}", **changes)
        for i, (changes, _) in enumerate(CASES[code], start=1)
    ]
    report = validate(tmp_path, code, rows)
    expected = [(i + 2, *result) for i, (_, result) in enumerate(CASES[code])]
    assert outcome(report) == expected
    assert report.accepted == sum(1 for _, (status, _, _) in CASES[code] if status == ACCEPTED)
    assert report.rejected == len(CASES[code]) - report.accepted
    assert report.policy_version == Program.objects.get(code=code).policy.number
    assert report.reference_date == Program.objects.get(code=code).reference_date


def test_a_bad_check_digit_is_reported_by_the_engine(presets, tmp_path):
    good = make_id(date(1985, 6, 1))
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    report = validate(tmp_path, LY, [person(身份证号码=bad)])
    assert outcome(report) == [(2, REJECTED, "certificate", ("id_checksum",))]
    assert report.rows[0].reasons[0].message == "身份证号码校验位错误，请核对"


def test_a_rounded_float_id_is_flagged_even_when_its_digits_pass(presets, tmp_path):
    rounded = float(int(make_id(date(1985, 6, 1))))
    report = validate(tmp_path, TA, [person(身份证号码=rounded)])
    codes = outcome(report)[0][3]
    assert codes[0] == "id_number_precision_lost"
    assert report.rows[0].status == REJECTED


def test_as_of_overrides_the_programme_reference_date(presets, tmp_path):
    # Born 1994-05-01: 28 on 2023-04-21 (too young for 临沂), 29 on 2023-05-01.
    row = person(身份证号码=make_id(date(1994, 5, 1)))
    assert outcome(validate(tmp_path, LY, [row]))[0][3] == ("age_below_min",)
    report = validate(tmp_path, LY, [row], as_of=date(2023, 5, 1))
    assert report.reference_date == date(2023, 5, 1)
    assert outcome(report) == [(2, ACCEPTED, "certificate", ())]


def test_without_a_reference_date_today_is_used(presets, tmp_path):
    Program.objects.filter(code=TA).update(reference_date=None)
    report = validate(tmp_path, TA, [person()])
    assert report.reference_date == timezone.localdate()


def test_later_occurrences_of_an_id_are_duplicates_and_the_first_stays(presets, tmp_path):
    first = make_id(date(1985, 6, 1))
    other = make_id(date(1986, 7, 2))
    rows = [
        person(身份证号码=first),
        person(身份证号码=other, 姓名="李四"),
        person(身份证号码=f" {first[:9]} {first[9:]} ", 姓名="张三明（重复）"),
        person(身份证号码=first, 姓名="又一遍", 培训等级="特级"),
    ]
    report = validate(tmp_path, LY, rows)
    assert outcome(report) == [
        (2, ACCEPTED, "certificate", ()),
        (3, ACCEPTED, "certificate", ()),
        (4, REJECTED, "certificate", ("duplicate_in_file",)),
        (5, REJECTED, "", ("target_level_invalid", "duplicate_in_file")),
    ]
    assert report.rows[2].reasons == [Reason("duplicate_in_file", "与第 2 行身份证号码重复")]
    assert report.rows[2].id_number == first


def test_rows_without_an_id_are_not_duplicates_of_each_other(presets, tmp_path):
    report = validate(tmp_path, TA, [person(身份证号码=None), person(身份证号码="")])
    assert [r[3] for r in outcome(report)] == [("id_format",), ("id_format",)]


def test_without_a_target_level_the_engine_is_skipped_but_other_reasons_stay(presets, tmp_path):
    bad_id = make_id(date(1985, 6, 1))[:-1] + "Y"
    report = validate(
        tmp_path, LY, [person(身份证号码=bad_id, 性别="男性", 培训等级=None, 参加社会保险="否")]
    )
    assert outcome(report) == [(2, REJECTED, "", ("sex_invalid", "target_level_missing"))]
    assert report.rows[0].decision is None


def test_a_blank_target_occupation_is_one_reason_not_one_per_route(presets, tmp_path):
    # 德州 enables five routes; a certificate too recent and no years declared fail them all, but none
    # of them repeats the blank target occupation (issue 10.14 counted 7 reasons, two for this blank).
    row = person(**{"参加培训职业（工种）": "", "发证日期": "2021-06-01", "工作年限": ""})
    result = validate(tmp_path, DZ, [row]).rows[0]
    about_target = [r for r in result.reasons if "培训职业" in r.message]
    assert [r.code for r in about_target] == ["target_occupation_missing"]
    assert result.status == REJECTED


def test_the_enrolment_hook_is_called_once_with_every_id_and_adds_its_reasons(presets, tmp_path):
    enrolled = make_id(date(1985, 6, 1))
    free = make_id(date(1986, 7, 2))
    calls: list[set[str]] = []

    def known(ids: set[str]) -> dict[str, Reason]:
        calls.append(set(ids))
        return {enrolled: Reason("already_enrolled", "已报名本项目")}

    rows = [person(身份证号码=enrolled), person(身份证号码=free), person(身份证号码=None)]
    report = validate(tmp_path, LY, rows, known_enrolments=known)
    assert calls == [{enrolled, free}]
    assert outcome(report) == [
        (2, REJECTED, "certificate", ("already_enrolled",)),
        (3, ACCEPTED, "certificate", ()),
        (4, REJECTED, "certificate", ("id_format",)),
    ]


def test_validation_never_freezes_the_policy(presets, tmp_path):
    validate(tmp_path, LY, [person()])
    assert Program.objects.get(code=LY).policy.frozen_at is None


def test_the_report_json_is_spec_section_6(presets, tmp_path):
    bad = person(身份证号码=make_id(date(2000, 1, 1)), 工作年限=14.5)
    report = validate(tmp_path, LY, [person(), bad])
    data = report.as_dict()
    assert list(data) == ["accepted", "rejected", "policy_version", "rows"]
    assert (data["accepted"], data["rejected"], data["policy_version"]) == (1, 1, 1)
    assert data["rows"][0] == {
        "row": 2,
        "id_number": make_id(date(1985, 6, 1)),
        "status": "accepted",
        "route": "certificate",
        "reasons": [],
    }
    assert data["rows"][1] == {
        "row": 3,
        "id_number": make_id(date(2000, 1, 1)),
        "status": "rejected",
        "route": "certificate",
        "reasons": [
            {"code": "years_invalid", "message": "工作年限“14.5”无效（应为 0 或正整数年数）"},
            {"code": "age_below_min", "message": "年龄 23 周岁，低于 29 周岁下限"},
        ],
    }


# --- queries ---------------------------------------------------------------------------------------------


def _many_rows(count: int) -> list[dict[str, Any]]:
    return [
        person(
            序号=i,
            姓名=f"学员{i}",
            身份证号码=make_id(date(1970 + i % 20, 1 + i % 12, 1 + i % 28), serial=i % 100),
        )
        for i in range(1, count + 1)
    ]


def test_two_thousand_rows_cost_a_fixed_number_of_queries(presets, tmp_path, django_assert_max_num_queries):
    rows = read_roster(write_roster(tmp_path / "big.xlsx", _many_rows(2000)))

    def known(ids: set[str]) -> dict[str, Reason]:
        list(Program.objects.filter(code__in=ids))  # stands in for the enrolment lookup: one query
        return {}

    with django_assert_max_num_queries(10):
        report = validate_roster(rows, program=Program.objects.get(code=LY), known_enrolments=known)
    assert len(report.rows) == 2000
    assert report.rejected == len([r for r in report.rows if r.reasons])

    # And the same count as for twenty rows: nothing grows with the file.
    def queries_for(some: list) -> int:
        with CaptureQueriesContext(connection) as captured:
            validate_roster(some, program=Program.objects.get(code=LY), known_enrolments=known)
        return len(captured)

    assert queries_for(rows[:20]) == queries_for(rows)


def test_masking_in_reports_uses_the_normalised_id(presets, tmp_path):
    report = validate(tmp_path, LY, [person(身份证号码=make_id(date(1985, 6, 1)).lower())])
    assert mask_id_number(report.rows[0].id_number).startswith("3703")
