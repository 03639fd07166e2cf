"""The five preset programmes (programs.presets) field by field against SPEC §3: pure, no database.

The expected table is written out literally (codes as strings and numbers, not through the choices)
so that a changed choice code or a changed preset both show up here.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from programs.choices import CatalogRule, CertificateOccupationRule, Level, ProgramKind, Route
from programs.eligibility import Rules
from programs.presets import PRESETS, preset, rules_from_preset

HOURS_210 = {"hours_total": 210, "hours_ideology": 10, "hours_theory": 110, "hours_practice": 90}
NO_HOURS = {"hours_total": None, "hours_ideology": None, "hours_theory": None, "hours_practice": None}
DEFAULT_THRESHOLDS = {
    "certificate_years": 3,
    "years_senior_worker": 10,
    "years_technician": 14,
    "years_senior_technician": 18,
    "honour_years_technician": 10,
    "title_certificate_years": 1,
}

EXPECTED = {
    "linyi-2023": {
        "city": "临沂市",
        "year": 2023,
        "kind": "golden_blue_collar",
        "name": "2023年度临沂市“金蓝领”技师培训项目",
        "notice": "关于做好2023年度全市“金蓝领”技师培训项目工作的通知",
        "reference_date": "2023-04-21",
        "deadlines": [
            {"label": "培训计划申报表报送", "date": "2023-04-28"},
            {"label": "培训完成", "date": "2023-09-30"},
            {"label": "考核评价完成", "date": "2023-11-10"},
        ],
        "training_start": "2023-05-15",
        "training_end": "2023-09-30",
        "rules": {
            "levels_offered": [2],
            "age_min": 29,
            "age_max": 50,
            "education_min": None,
            "social_insurance_required": True,
            "no_parallel_training": True,
            "catalog_rule": "in_catalog",
            "routes": ["certificate", "years"],
            "certificate_occupation_rule": "same",
            **DEFAULT_THRESHOLDS,
        },
        **HOURS_210,
        "online_share_max": 0.4,
        "online_theory_only": True,
        "class_size_max": 30,
        "subsidy_rates": {2: 2000},
        "subsidy_rate_is_cap": False,
        "advance_ratio": None,
        "enrolment_tolerance": None,
        "certificate_issuer": "base",
    },
    "weihai-2019": {
        "city": "威海市",
        "year": 2019,
        "kind": "golden_blue_collar",
        "name": "2019年度威海市“金蓝领”培训项目",
        "notice": "关于做好2019年度威海市“金蓝领”培训项目工作的通知",
        "reference_date": "2019-10-21",
        "deadlines": [
            {"label": "考核鉴定完成", "date": "2019-12-31"},
            {"label": "培训情况统计表及绩效评估报告报送", "date": "2020-01-31"},
        ],
        "training_start": "2019-11-01",
        "training_end": "2019-12-15",
        "rules": {
            "levels_offered": [3, 2, 1],
            "age_min": None,
            "age_max": None,
            "education_min": None,
            "social_insurance_required": False,
            "no_parallel_training": False,
            "catalog_rule": "in_catalog",
            "routes": ["certificate", "years", "honour_next_level"],
            "certificate_occupation_rule": "same",
            **DEFAULT_THRESHOLDS,
        },
        **HOURS_210,
        "online_share_max": None,
        "online_theory_only": False,
        "class_size_max": None,
        "subsidy_rates": {},
        "subsidy_rate_is_cap": False,
        "advance_ratio": None,
        "enrolment_tolerance": None,
        "certificate_issuer": "national",
    },
    "dezhou-2021": {
        "city": "德州市",
        "year": 2021,
        "kind": "golden_blue_collar",
        "name": "2021年度德州市“金蓝领”技师（高级技师）培训",
        "notice": "关于做好2021年度德州市“金蓝领”技师（高级技师）培训工作的通知",
        "reference_date": "2021-06-01",
        "deadlines": [
            {"label": "培训完成", "date": "2021-11-15"},
            {"label": "结业考评完成", "date": "2021-11-15"},
            {"label": "培训情况统计表及绩效评估报告报送", "date": "2021-12-31"},
        ],
        "training_start": "2021-06-15",
        "training_end": "2021-11-15",
        "rules": {
            "levels_offered": [2, 1],
            "age_min": None,
            "age_max": None,
            "education_min": None,
            "social_insurance_required": False,
            "no_parallel_training": False,
            "catalog_rule": "out_needs_recommendation",
            "routes": ["certificate", "years", "honour_cert_or_years", "title_years", "title_certificate"],
            "certificate_occupation_rule": "same",
            **DEFAULT_THRESHOLDS,
        },
        **HOURS_210,
        "online_share_max": None,
        "online_theory_only": False,
        "class_size_max": None,
        "subsidy_rates": {2: 3000, 1: 5000},
        "subsidy_rate_is_cap": True,
        "advance_ratio": 0.6,
        "enrolment_tolerance": None,
        "certificate_issuer": "city",
    },
    "weifang-2020": {
        "city": "潍坊市",
        "year": 2020,
        "kind": "young_technician",
        "name": "2020年度潍坊市青年技师素质提升计划",
        "notice": "关于开展2020年度青年技师素质提升计划的通知",
        "reference_date": "2020-08-31",
        "deadlines": [
            {"label": "考核评定完成", "date": "2020-12-31"},
            {"label": "备案材料及绩效评估报告报送", "date": "2021-01-10"},
        ],
        "training_start": "2020-09-15",
        "training_end": "2020-12-15",
        "rules": {
            "levels_offered": [2, 1],
            "age_min": None,
            "age_max": 50,
            "education_min": 2,
            "social_insurance_required": False,
            "no_parallel_training": False,
            "catalog_rule": "in_catalog",
            "routes": ["certificate"],
            "certificate_occupation_rule": "similar",
            **DEFAULT_THRESHOLDS,
        },
        **HOURS_210,
        "online_share_max": None,
        "online_theory_only": False,
        "class_size_max": None,
        "subsidy_rates": {},
        "subsidy_rate_is_cap": False,
        "advance_ratio": None,
        "enrolment_tolerance": 1.2,
        "certificate_issuer": "national",
        "plan_table_layout": "base_list",  # 附件1: 序号 | 培训基地 | 培训计划 | 备注
    },
    "taian-2021": {
        "city": "泰安市",
        "year": 2021,
        "kind": "project_based",
        "name": "2021年度泰安市项目制培训",
        "notice": "关于印发《泰安市职业技能提升行动质量年活动实施方案》的通知",
        "reference_date": "2021-04-20",
        "deadlines": [],
        "training_start": "2021-04-20",
        "training_end": "2021-12-31",
        "rules": {
            "levels_offered": [],
            "age_min": None,
            "age_max": None,
            "education_min": None,
            "social_insurance_required": False,
            "no_parallel_training": False,
            "catalog_rule": "",
            "routes": [],
            "certificate_occupation_rule": "same",
            **DEFAULT_THRESHOLDS,
        },
        **NO_HOURS,
        "online_share_max": 0.4,
        "online_theory_only": False,
        "class_size_max": None,
        "subsidy_rates": {},
        "subsidy_rate_is_cap": False,
        "advance_ratio": None,
        "enrolment_tolerance": None,
        "certificate_issuer": "",
    },
}

FIELD_CASES = [
    pytest.param(code, name, id=f"{code}-{name}") for code, expected in EXPECTED.items() for name in expected
]


def test_exactly_the_five_presets_of_spec_section_3():
    assert list(PRESETS) == ["linyi-2023", "weihai-2019", "dezhou-2021", "weifang-2020", "taian-2021"]


@pytest.mark.parametrize("code", list(EXPECTED))
def test_each_preset_has_exactly_the_expected_fields(code):
    assert set(PRESETS[code]) == set(EXPECTED[code])
    assert set(PRESETS[code]["rules"]) == set(EXPECTED[code]["rules"])


@pytest.mark.parametrize(("code", "name"), FIELD_CASES)
def test_preset_field_matches_spec(code, name):
    assert PRESETS[code][name] == EXPECTED[code][name]


@pytest.mark.parametrize("code", list(EXPECTED))
def test_rules_dict_holds_every_rules_field_and_builds_rules(code):
    rules = rules_from_preset(code)
    assert isinstance(rules, Rules)
    assert set(PRESETS[code]["rules"]) == set(Rules.__dataclass_fields__)
    assert rules.levels_offered == frozenset(EXPECTED[code]["rules"]["levels_offered"])
    assert rules.routes == frozenset(EXPECTED[code]["rules"]["routes"])
    assert rules.as_dict()["routes"] == EXPECTED[code]["rules"]["routes"]


@pytest.mark.parametrize("code", list(EXPECTED))
def test_values_are_valid_choice_codes(code):
    data = PRESETS[code]
    assert data["kind"] in ProgramKind.values
    assert set(data["rules"]["levels_offered"]) <= set(Level.values)
    assert set(data["rules"]["routes"]) <= set(Route.values)
    assert data["rules"]["catalog_rule"] in [*CatalogRule.values, ""]
    assert data["rules"]["certificate_occupation_rule"] in CertificateOccupationRule.values
    assert set(data["subsidy_rates"]) <= set(Level.values)
    assert data["certificate_issuer"] in {"base", "city", "national", ""}


@pytest.mark.parametrize("code", list(EXPECTED))
def test_dates_are_iso_and_ordered(code):
    data = PRESETS[code]
    reference = date.fromisoformat(data["reference_date"])
    start, end = date.fromisoformat(data["training_start"]), date.fromisoformat(data["training_end"])
    assert reference <= start < end
    for deadline in data["deadlines"]:
        assert date.fromisoformat(deadline["date"]) > reference
        assert deadline["label"]


@pytest.mark.parametrize("code", list(EXPECTED))
def test_hours_add_up_where_set(code):
    data = PRESETS[code]
    if data["hours_total"] is not None:
        parts = data["hours_ideology"] + data["hours_theory"] + data["hours_practice"]
        assert parts == data["hours_total"]


@pytest.mark.parametrize("code", list(EXPECTED))
def test_presets_are_plain_data(code):
    # JSON-serialisable once the integer subsidy keys are strings, as a JSONField stores them.
    data = preset(code)
    data["subsidy_rates"] = {str(level): rate for level, rate in data["subsidy_rates"].items()}
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_preset_returns_a_copy_that_can_be_edited_without_touching_the_original():
    copy = preset("linyi-2023")
    copy["rules"]["age_max"] = 55
    copy["deadlines"].clear()
    assert PRESETS["linyi-2023"]["rules"]["age_max"] == 50
    assert len(PRESETS["linyi-2023"]["deadlines"]) == 3


def test_unknown_preset_is_a_clear_error():
    with pytest.raises(KeyError, match="unknown preset"):
        rules_from_preset("jinan-2024")
