"""The five preset programmes (programs.presets) by invariants, not value by value: what must hold of any
preset (dates in order, hours that add up, valid codes), the SPEC §4 examples judged under every preset
that enables the route, and the cases each notice hides (blank facts, employer types, occupations without
a standard at the level, the honour route one level up). Pure: no database.

What a notice says (29 ≤ age ≤ 50, 120 % of plan, …) is pinned down by the behaviour tables of
``test_eligibility.py`` and the loading tests of ``tests/programs/test_presets_load.py``.
"""

from __future__ import annotations

import json
import re
from datetime import date as D
from datetime import timedelta
from typing import Any

import pytest

from core.idcard import add_years, check_digit
from programs.choices import (
    CatalogRule,
    CertificateOccupationRule,
    Education,
    EmployerType,
    Level,
    MaterialKind,
    PlacesCount,
    ProgramKind,
    Route,
    Title,
)
from programs.eligibility import Facts, Rules, evaluate
from programs.models import PolicyVersion, Program
from programs.presets import PRESETS, preset, rules_from_preset

CODES = list(PRESETS)
ST, T, SW, IW, JW = (
    Level.SENIOR_TECHNICIAN,
    Level.TECHNICIAN,
    Level.SENIOR_WORKER,
    Level.INTERMEDIATE_WORKER,
    Level.JUNIOR_WORKER,
)
# The keys a preset may have besides its policy fields: what the Program model holds.
PROGRAM_KEYS = {
    "city",
    "national_occupations",
    "year",
    "kind",
    "name",
    "notice",
    "reference_date",
    "deadlines",
    "training_start",
    "training_end",
    "plan_table_layout",
    "rules",
    "subsidy_rates",
}
RATE_FIELDS = set(PolicyVersion.SUBSIDY_RATE_FIELDS.values())


def reference(code: str) -> D:
    return D.fromisoformat(PRESETS[code]["reference_date"])


def make_id(birth: D) -> str:
    first17 = f"370302{birth:%Y%m%d}123"
    return first17 + check_digit(first17)


def applicant(code: str, **overrides: Any) -> Facts:
    """Someone every preset's always-checked rules and blank-able rules accept: 40 on the reference date,
    an insured enterprise employee with a high-school education, in a catalogue trade with every level."""
    values: dict[str, Any] = {
        "id_number": make_id(add_years(reference(code), -40)),
        "employer_type": EmployerType.ENTERPRISE,
        "social_insurance": True,
        "education": Education.HIGH_SCHOOL,
        "cert_occupation": "焊工",
        "target_occupation": "焊工",
        "target_in_catalog": True,
        "target_levels": frozenset(Level.values),
    }
    values.update(overrides)
    return Facts(**values)


def offered(code: str) -> list[int]:
    return sorted(rules_from_preset(code).levels_offered)


def each(predicate=lambda code: True) -> list[str]:
    return [code for code in CODES if predicate(code)]


# --------------------------------------------------------------------------------------- the data


def test_there_is_one_preset_per_seed_notice():
    assert len(PRESETS) == 5
    assert {data["city"] for data in PRESETS.values()} == {"临沂市", "威海市", "德州市", "潍坊市", "泰安市"}


@pytest.mark.parametrize("code", CODES)
def test_the_code_is_a_slug_ending_in_the_programmes_year(code):
    assert re.fullmatch(r"[a-z]+-\d{4}", code)
    assert code.endswith(str(PRESETS[code]["year"]))
    assert str(PRESETS[code]["year"]) in PRESETS[code]["name"]


@pytest.mark.parametrize("code", CODES)
def test_every_key_is_a_programme_or_policy_field(code):
    assert (
        set(PRESETS[code]) - PROGRAM_KEYS
        <= set(
            PolicyVersion.OTHER_FIELDS
            + PolicyVersion.REVIEW_CHAIN_FIELDS
            + PolicyVersion.ASSESSMENT_FIELDS
            + PolicyVersion.FILING_FIELDS
            + PolicyVersion.CERTIFICATE_FIELDS
        )
        - RATE_FIELDS
    )


@pytest.mark.parametrize("code", CODES)
def test_values_are_valid_choice_codes(code):
    data = PRESETS[code]
    assert data["kind"] in ProgramKind.values
    assert data.get("plan_table_layout", Program.PlanTableLayout.BY_LEVEL_OCCUPATION) in (
        Program.PlanTableLayout.values
    )
    assert data["certificate_issuer"] in PolicyVersion.Issuer.values
    assert data.get("places_counted", PlacesCount.BY_LINE) in PlacesCount.values
    assert set(data.get("materials_required", [])) <= set(MaterialKind.values)
    rules = rules_from_preset(code)  # refuses unknown levels, routes and rule codes
    assert rules.catalog_rule in ["", *CatalogRule.values]
    assert rules.certificate_occupation_rule in CertificateOccupationRule.values
    assert rules.education_min in [None, *Education.values]


@pytest.mark.parametrize("code", CODES)
def test_dates_are_iso_and_in_order(code):
    data = PRESETS[code]
    start, end = D.fromisoformat(data["training_start"]), D.fromisoformat(data["training_end"])
    assert reference(code) <= start < end
    dues = [D.fromisoformat(deadline["date"]) for deadline in data["deadlines"]]
    assert dues == sorted(dues)
    for due, deadline in zip(dues, data["deadlines"], strict=True):
        assert due > reference(code) and deadline["label"]
        # Training is over by the deadline that says so.
        if deadline["label"] == "培训完成":
            assert end <= due


@pytest.mark.parametrize("code", CODES)
def test_category_hours_add_up_to_at_least_the_total(code):
    data = PRESETS[code]
    parts = [data["hours_ideology"], data["hours_theory"], data["hours_practice"]]
    if data["hours_total"] is None:
        assert parts == [None, None, None]
        return
    assert all(part is not None and 0 < part <= data["hours_total"] for part in parts)
    assert sum(parts) >= data["hours_total"]


@pytest.mark.parametrize("code", CODES)
def test_money_and_ratios_are_in_range(code):
    data = PRESETS[code]
    assert set(data["subsidy_rates"]) <= set(offered(code))
    assert all(rate > 0 for rate in data["subsidy_rates"].values())
    for name in ("online_share_max", "advance_ratio"):
        assert data[name] is None or 0 < data[name] <= 1
    assert data["enrolment_tolerance"] is None or 1 <= data["enrolment_tolerance"] <= 3
    rules = rules_from_preset(code)
    assert rules.age_min is None or rules.age_max is None or rules.age_min <= rules.age_max


@pytest.mark.parametrize("code", CODES)
def test_a_preset_names_only_the_rules_that_differ_from_the_rules_defaults(code):
    # Rules is the one definition of the defaults: a preset repeating one would hide a later change.
    defaults = Rules().as_dict()
    repeated = {
        name
        for name, value in PRESETS[code]["rules"].items()
        if value == defaults[name] and value not in ([], "")
    }
    assert repeated == set()


@pytest.mark.parametrize("code", CODES)
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


# ------------------------------------------------------------ the SPEC §4 examples, under every preset


ONE_DAY = timedelta(days=1)


def spec_examples(rules: Rules, level: int, ref: D) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Per route of SPEC §4's table: (facts that just qualify, facts that just miss) for ``level``.
    Thresholds are read from the rules, so the examples hold for any preset that enables the route."""
    below = Level.one_below(level)
    years = {SW: rules.years_senior_worker, T: rules.years_technician, ST: rules.years_senior_technician}[
        level
    ]
    # "Held N years (含)": issue date + N years <= reference date, so the day after is one day short.
    held = add_years(ref, -rules.certificate_years)
    examples = {
        Route.CERTIFICATE: (
            {"cert_level": below, "cert_date": held},
            {"cert_level": below, "cert_date": held + ONE_DAY},
        ),
        Route.YEARS: ({"years_in_trade": years}, {"years_in_trade": years - 1}),
        # Honour: one level up from what is held (初级工 or none count as 中级工), never the same level.
        Route.HONOUR_NEXT_LEVEL: (
            {"honour": True, "cert_level": IW if level == SW else below, "cert_date": ref},
            {"honour": True, "cert_level": level, "cert_date": held},
        ),
    }
    if level == SW:
        return examples
    minimum = Title.ASSISTANT_ENGINEER if level == T else Title.ENGINEER
    title_held = add_years(ref, -rules.title_certificate_years)
    examples |= {
        Route.HONOUR_CERT_OR_YEARS: (
            {"honour": True, "cert_level": below, "cert_date": ref},
            {"honour": True, "cert_level": Level.one_below(below), "cert_date": held},
        ),
        Route.TITLE_YEARS: (
            {"title": Title.ENGINEER, "years_in_trade": years},
            {"title": Title.ASSISTANT_ENGINEER, "years_in_trade": years},
        ),
        Route.TITLE_CERTIFICATE: (
            {"title": minimum, "cert_level": below, "cert_date": title_held},
            {"title": minimum, "cert_level": below, "cert_date": title_held + ONE_DAY},
        ),
    }
    return examples


SPEC_CASES = [
    pytest.param(code, level, route, id=f"{code}-{Level(level).name.lower()}-{route}")
    for code in CODES
    for level in offered(code)
    for route in Route.values
    if route in rules_from_preset(code).routes
    and route in spec_examples(rules_from_preset(code), level, reference(code))
]


@pytest.mark.parametrize(("code", "level", "route"), SPEC_CASES)
def test_every_preset_judges_the_spec_route_examples(code, level, route):
    rules, ref = rules_from_preset(code), reference(code)
    qualifies, misses = spec_examples(rules, level, ref)[route]
    # Alone with that route the first qualifies and the second does not.
    only = Rules(**{**rules.as_dict(), "routes": [route]})
    assert evaluate(only, applicant(code, **qualifies), level, ref).route == route
    assert evaluate(only, applicant(code, **misses), level, ref).codes == (f"route_{route}",)
    # With the preset's other routes the first is eligible.
    assert evaluate(rules, applicant(code, **qualifies), level, ref).eligible


def test_the_spec_examples_cover_every_route_of_the_presets():
    assert {route for *_, route in (case.values for case in SPEC_CASES)} == {
        route for code in CODES for route in rules_from_preset(code).routes
    }


# ------------------------------------------------------------------- each notice's hidden cases


def plain(code: str, level: int) -> dict[str, Any]:
    """Facts that qualify under the preset at ``level`` by its first route (none needed without routes)."""
    rules = rules_from_preset(code)
    if not rules.routes:
        return {}
    route = next(r for r in Route.values if r in rules.routes)
    return spec_examples(rules, level, reference(code))[route][0]


LEVELLED = [pytest.param(code, level, id=f"{code}-{level}") for code in CODES for level in offered(code)]
ANY_PRESET = [pytest.param(code, (offered(code) or [SW])[0], id=code) for code in CODES]


@pytest.mark.parametrize(("code", "level"), ANY_PRESET)
def test_the_plain_applicant_qualifies_under_every_preset(code, level):
    facts = applicant(code, **plain(code, level))
    assert evaluate(rules_from_preset(code), facts, level, reference(code)).eligible


@pytest.mark.parametrize(("code", "level"), ANY_PRESET)
@pytest.mark.parametrize(
    ("employer_type", "code_expected"),
    [
        pytest.param(None, "employer_type_missing", id="blank"),
        pytest.param(EmployerType.PUBLIC_INSTITUTION, "employer_type_excluded", id="public"),
        pytest.param(EmployerType.INDIVIDUAL, "employer_type_excluded", id="individual"),
        pytest.param(EmployerType.OTHER, "employer_type_excluded", id="other"),
        pytest.param(EmployerType.TECHNICAL_SCHOOL, None, id="technical-school"),
        pytest.param(EmployerType.VOCATIONAL_COLLEGE, None, id="vocational-college"),
    ],
)
def test_only_enterprise_employees_and_school_teachers_may_apply(code, level, employer_type, code_expected):
    facts = applicant(code, employer_type=employer_type, **plain(code, level))
    decision = evaluate(rules_from_preset(code), facts, level, reference(code))
    assert decision.codes == ((code_expected,) if code_expected else ())


@pytest.mark.parametrize(("code", "level"), LEVELLED)
def test_an_occupation_without_a_standard_at_the_level_is_refused(code, level):
    # 育婴员 has national standards at 五级 to 三级 only.
    nanny = {
        "target_occupation": "育婴员",
        "cert_occupation": "育婴员",
        "target_levels": frozenset({JW, IW, SW}),
    }
    facts = applicant(code, **{**plain(code, level), **nanny})
    decision = evaluate(rules_from_preset(code), facts, level, reference(code))
    if level in nanny["target_levels"]:
        assert decision.eligible
    else:
        assert decision.codes == ("occupation_level_no_standard",)


@pytest.mark.parametrize(("code", "level"), LEVELLED)
def test_a_blank_current_occupation_backs_no_certificate_route(code, level):
    rules, ref = rules_from_preset(code), reference(code)
    for route, (qualifies, _) in spec_examples(rules, level, ref).items():
        # Every route that rests on a held certificate (the honour route to 高级工 needs none).
        if route not in rules.routes or "cert_level" not in qualifies:
            continue
        if route == Route.HONOUR_NEXT_LEVEL and level == SW:
            continue
        only = Rules(**{**rules.as_dict(), "routes": [route]})
        assert evaluate(only, applicant(code, **qualifies), level, ref).route == route
        blank = applicant(code, **{**qualifies, "cert_occupation": ""})
        assert evaluate(only, blank, level, ref).codes == (f"route_{route}",), route


@pytest.mark.parametrize("code", each(lambda code: rules_from_preset(code).education_min is not None))
def test_a_blank_education_meets_no_education_minimum(code):
    level = offered(code)[0]
    facts = applicant(code, education=None, **plain(code, level))
    assert evaluate(rules_from_preset(code), facts, level, reference(code)).codes == ("education_missing",)


@pytest.mark.parametrize("code", each(lambda c: Route.HONOUR_NEXT_LEVEL in rules_from_preset(c).routes))
@pytest.mark.parametrize(
    ("held", "target", "qualifies"),
    [
        pytest.param(None, SW, True, id="none-to-senior-worker"),
        pytest.param(JW, SW, True, id="junior-to-senior-worker"),
        pytest.param(IW, SW, True, id="intermediate-to-senior-worker"),
        pytest.param(SW, SW, False, id="senior-worker-again"),
        pytest.param(T, SW, False, id="technician-down"),
        pytest.param(SW, T, True, id="senior-worker-to-technician"),
        pytest.param(IW, T, False, id="intermediate-skips-a-level"),
        pytest.param(None, T, False, id="none-to-technician"),
        pytest.param(T, ST, True, id="technician-to-senior-technician"),
        pytest.param(SW, ST, False, id="senior-worker-skips-a-level"),
    ],
)
def test_the_honour_route_leads_one_level_up_from_what_is_held(code, held, target, qualifies):
    ref = reference(code)
    only = Rules(**{**rules_from_preset(code).as_dict(), "routes": [Route.HONOUR_NEXT_LEVEL]})
    facts = applicant(code, honour=True, cert_level=held, cert_date=None if held is None else ref)
    decision = evaluate(only, facts, target, ref)
    assert decision.eligible is qualifies
    assert decision.route == (Route.HONOUR_NEXT_LEVEL if qualifies else "")


# --- Assessment policy (issue 12.1): who assesses, whether the city approves, who counts as passed -----

ASSESSMENT = {
    # 临沂 二(四) 由各培训基地组织结业考核; 五 根据取得职业技能等级人数申领补贴资金.
    "linyi-2023": ("base", False, "level"),
    # 威海 (六) 市人力资源公共服务中心职业技能鉴定机构统一组织考核鉴定.
    "weihai-2019": ("city", True, "assessed"),
    # 德州 四(二) 培训基地会同学员所在单位…考评方案经市人力资源社会保障局同意.
    "dezhou-2021": ("base_employer", True, "assessed"),
    # 潍坊 四.1 考核评定由市人社局统一组织; 六 列入培训计划且通过考核评定的人数.
    "weifang-2020": ("city", True, "plan_appraised"),
}


@pytest.mark.parametrize("code", sorted(ASSESSMENT))
def test_the_assessment_policy_is_the_notices(code):
    data = PRESETS[code]
    assert (data["assessor"], data["results_city_approval"], data["pass_rule"]) == ASSESSMENT[code]
    assert data["assessor"] in PolicyVersion.Assessor.values
    assert data["pass_rule"] in PolicyVersion.PassRule.values


def test_only_dezhou_names_occupations_leading_to_a_national_certificate():
    assert PRESETS["dezhou-2021"]["national_occupations"] == ["焊工"]
    assert all("national_occupations" not in PRESETS[code] for code in CODES if code != "dezhou-2021")
