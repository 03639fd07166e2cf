"""The eligibility engine (programs.eligibility) against the five presets: pure, no database.

The tables list applicants as differences from a plain one (``person``): ``ok(...)`` rows qualify by the
named route with no reason at all; ``no(...)`` rows list the exact reason codes (and the route that still
qualified, if any). ``ref`` is the reference date when it is not the preset's own.
"""

from __future__ import annotations

from datetime import date as D
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.idcard import check_digit
from programs.choices import (
    CatalogRule,
    CertificateOccupationRule,
    Education,
    EmployerType,
    Level,
    Route,
    Title,
)
from programs.eligibility import Decision, Facts, Reason, Rules, evaluate
from programs.presets import PRESETS, rules_from_preset

LY, WH, DZ, WF, TA = "linyi-2023", "weihai-2019", "dezhou-2021", "weifang-2020", "taian-2021"
ST, T, SW, IW, JW = (
    Level.SENIOR_TECHNICIAN,
    Level.TECHNICIAN,
    Level.SENIOR_WORKER,
    Level.INTERMEDIATE_WORKER,
    Level.JUNIOR_WORKER,
)
CERT, YEARS, HW, HD, TY, TC = (f"route_{route}" for route in Route.values)
LINYI_FAIL = (CERT, YEARS)
WEIHAI_FAIL = (CERT, YEARS, HW)
DEZHOU_FAIL = (CERT, YEARS, HD, TY, TC)
PUBLIC = EmployerType.PUBLIC_INSTITUTION
OLD = D(2010, 1, 1)  # a certificate date long enough ago for every holding period
NANNY = frozenset({JW, IW, SW})  # 育婴员: national standards at 五级, 四级 and 三级 only
ALL_LEVELS = frozenset(Level.values)


def make_id(birth: D, *, male: bool = True, region: str = "370302") -> str:
    first17 = f"{region}{birth:%Y%m%d}{'123' if male else '124'}"
    return first17 + check_digit(first17)


def person(*, birth: D = D(1985, 6, 1), male: bool = True, **overrides: Any) -> Facts:
    """A plain applicant: 37 in 2023, with an enterprise, insured, high school, 焊工, no certificate."""
    values: dict[str, Any] = {
        "id_number": make_id(birth, male=male),
        "name": "张三明",
        "employer": "临沂重工机械有限公司",
        "employer_type": EmployerType.ENTERPRISE,
        "social_insurance": True,
        "education": Education.HIGH_SCHOOL,
        "cert_occupation": "焊工",
        "target_occupation": "焊工",
        "target_in_catalog": True,
    }
    values.update(overrides)
    return Facts(**values)


def judge(rules: str | Rules, level: int, ref: D | None, facts: Facts) -> Decision:
    if isinstance(rules, str):
        ref = ref or D.fromisoformat(PRESETS[rules]["reference_date"])
        rules = rules_from_preset(rules)
    assert ref is not None
    return evaluate(rules, facts, level, ref)


def ok(preset: str, name: str, level: int, route: str, *, ref: D | None = None, **facts: Any):
    return pytest.param(preset, level, ref, facts, route, (), id=f"{preset[:-5]}-{name}")


def no(preset: str, name: str, level: int, codes: tuple, *, route="", ref: D | None = None, **facts: Any):
    return pytest.param(preset, level, ref, facts, route, codes, id=f"{preset[:-5]}-{name}")


CASES = [
    # ------------------------------------------------------------ 临沂 2023 (技师), reference 2023-04-21
    ok(LY, "cert-on-3rd-anniversary", T, "certificate", cert_level=SW, cert_date=D(2020, 4, 21)),
    ok(LY, "cert-day-after-anniversary", T, "certificate", cert_level=SW, cert_date=D(2020, 4, 20)),
    no(LY, "cert-day-before-anniversary", T, LINYI_FAIL, cert_level=SW, cert_date=D(2020, 4, 22)),
    no(LY, "cert-29feb-day-before", T, LINYI_FAIL, ref=D(2023, 2, 27), cert_level=SW,
       cert_date=D(2020, 2, 29)),
    ok(LY, "cert-29feb-on-28feb", T, "certificate", ref=D(2023, 2, 28), cert_level=SW,
       cert_date=D(2020, 2, 29)),
    ok(LY, "cert-29feb-on-1mar", T, "certificate", ref=D(2023, 3, 1), cert_level=SW,
       cert_date=D(2020, 2, 29)),
    no(LY, "cert-without-date", T, LINYI_FAIL, cert_level=SW),
    no(LY, "cert-too-low", T, LINYI_FAIL, cert_level=IW, cert_date=OLD),
    no(LY, "cert-higher-than-one-below", T, LINYI_FAIL, cert_level=T, cert_date=OLD),
    no(LY, "cert-other-occupation", T, LINYI_FAIL, cert_level=SW, cert_date=OLD, cert_occupation="车工"),
    # A blank current occupation satisfies no certificate route; a route that does not need it still can.
    no(LY, "cert-blank-occupation", T, LINYI_FAIL, cert_level=SW, cert_date=OLD, cert_occupation=" "),
    ok(LY, "cert-blank-occupation-years-route", T, "years", cert_level=SW, cert_date=OLD, cert_occupation="",
       years_in_trade=14),
    ok(LY, "cert-occupation-stripped", T, "certificate", cert_level=SW, cert_date=OLD,
       cert_occupation=" 焊工 "),
    no(LY, "years-13", T, LINYI_FAIL, years_in_trade=13),
    ok(LY, "years-14", T, "years", years_in_trade=14),
    ok(LY, "years-15", T, "years", years_in_trade=15),
    ok(LY, "certificate-tried-first", T, "certificate", years_in_trade=20, cert_level=SW, cert_date=OLD),
    ok(LY, "years-when-cert-recent", T, "years", years_in_trade=14, cert_level=SW, cert_date=D(2022, 1, 1)),
    no(LY, "honour-title-not-enabled", T, LINYI_FAIL, honour=True, title=Title.SENIOR_ENGINEER),
    # Age window 29 <= age <= 50 around the 29th and the 51st birthday (born on 15 June).
    no(LY, "age-day-before-29", T, ("age_below_min",), route="years", ref=D(2023, 6, 14),
       birth=D(1994, 6, 15), years_in_trade=14),
    ok(LY, "age-29th-birthday", T, "years", ref=D(2023, 6, 15), birth=D(1994, 6, 15), years_in_trade=14),
    ok(LY, "age-day-after-29", T, "years", ref=D(2023, 6, 16), birth=D(1994, 6, 15), years_in_trade=14),
    ok(LY, "age-day-before-51", T, "years", ref=D(2023, 6, 14), birth=D(1972, 6, 15), years_in_trade=14),
    no(LY, "age-51st-birthday", T, ("age_above_max",), route="years", ref=D(2023, 6, 15),
       birth=D(1972, 6, 15), years_in_trade=14),
    no(LY, "age-day-after-51", T, ("age_above_max",), route="years", ref=D(2023, 6, 16), birth=D(1972, 6, 15),
       years_in_trade=14),
    ok(LY, "age-born-29feb-29-on-28feb", T, "years", ref=D(2025, 2, 28), birth=D(1996, 2, 29),
       years_in_trade=14),
    no(LY, "age-born-29feb-day-before", T, ("age_below_min",), route="years", ref=D(2025, 2, 27),
       birth=D(1996, 2, 29), years_in_trade=14),
    no(LY, "not-insured", T, ("social_insurance_missing",), route="years", social_insurance=False,
       years_in_trade=14),
    no(LY, "insurance-not-declared", T, ("social_insurance_missing",), route="years", social_insurance=None,
       years_in_trade=14),
    no(LY, "parallel", T, ("parallel_training",), route="years", parallel_training=True, years_in_trade=14),
    ok(LY, "education-not-checked", T, "years", education=None, years_in_trade=14),
    no(LY, "public-institution", T, ("employer_type_excluded",), route="years", employer_type=PUBLIC,
       years_in_trade=14),
    ok(LY, "technical-school", T, "years", employer_type=EmployerType.TECHNICAL_SCHOOL, years_in_trade=14),
    ok(LY, "vocational-college", T, "years", employer_type=EmployerType.VOCATIONAL_COLLEGE,
       years_in_trade=14),
    no(LY, "employer-type-not-declared", T, ("employer_type_missing",), route="years", employer_type=None,
       years_in_trade=14),
    no(LY, "individual", T, ("employer_type_excluded",), route="years", employer_type=EmployerType.INDIVIDUAL,
       years_in_trade=14),
    no(LY, "other-employer", T, ("employer_type_excluded",), route="years", employer_type=EmployerType.OTHER,
       years_in_trade=14),
    no(LY, "sex-mismatch", T, ("sex_mismatch",), route="years", sex="F", years_in_trade=14),
    ok(LY, "sex-matches", T, "years", sex="F", male=False, years_in_trade=14),
    no(LY, "outside-catalogue", T, ("occupation_not_in_catalog",), route="years", target_in_catalog=False,
       years_in_trade=14),
    no(LY, "outside-catalogue-recommended", T, ("occupation_not_in_catalog",), route="years",
       target_in_catalog=False, employer_recommended=True, years_in_trade=14),
    no(LY, "unknown-occupation", T, ("occupation_unknown",), route="years", target_in_catalog=None,
       years_in_trade=14),
    # 育婴员 has national standards at 五级 to 三级 only (SPEC §4): never a 技师 programme.
    no(LY, "no-standard-at-level", T, ("occupation_level_no_standard",), route="certificate", cert_level=SW,
       cert_date=OLD, cert_occupation="育婴员", target_occupation="育婴员", target_levels=NANNY),
    ok(LY, "standard-at-level", T, "certificate", cert_level=SW, cert_date=OLD, target_levels=ALL_LEVELS),
    no(LY, "senior-technician-not-offered", ST, ("level_not_offered", *LINYI_FAIL), cert_level=SW,
       cert_date=OLD),
    no(LY, "senior-worker-not-offered", SW, ("level_not_offered",), route="certificate", cert_level=IW,
       cert_date=OLD),
    # ------------------------------------------------ 威海 2019 (高级工/技师/高级技师), reference 2019-10-21
    ok(WH, "sw-cert-on-anniversary", SW, "certificate", cert_level=IW, cert_date=D(2016, 10, 21)),
    no(WH, "sw-cert-day-before-anniversary", SW, WEIHAI_FAIL, cert_level=IW, cert_date=D(2016, 10, 22)),
    ok(WH, "t-cert", T, "certificate", cert_level=SW, cert_date=D(2016, 10, 21)),
    ok(WH, "st-cert", ST, "certificate", cert_level=T, cert_date=D(2016, 10, 21)),
    no(WH, "st-with-senior-worker-cert", ST, WEIHAI_FAIL, cert_level=SW, cert_date=OLD),
    no(WH, "sw-years-9", SW, WEIHAI_FAIL, years_in_trade=9),
    ok(WH, "sw-years-10", SW, "years", years_in_trade=10),
    ok(WH, "sw-years-11", SW, "years", years_in_trade=11),
    no(WH, "t-years-13", T, WEIHAI_FAIL, years_in_trade=13),
    ok(WH, "t-years-14", T, "years", years_in_trade=14),
    ok(WH, "t-years-15", T, "years", years_in_trade=15),
    no(WH, "st-years-17", ST, WEIHAI_FAIL, years_in_trade=17),
    ok(WH, "st-years-18", ST, "years", years_in_trade=18),
    ok(WH, "honour-sw-no-cert", SW, "honour_next_level", honour=True),
    ok(WH, "honour-sw-junior-cert", SW, "honour_next_level", honour=True, cert_level=JW,
       cert_date=D(2019, 1, 1)),
    ok(WH, "honour-sw-recent-intermediate", SW, "honour_next_level", honour=True, cert_level=IW,
       cert_date=D(2019, 1, 1)),
    # One level up from what is held: a 高级工 (or higher) holder goes to 技师, never to 高级工 again.
    no(WH, "honour-sw-senior-worker-again", SW, WEIHAI_FAIL, honour=True, cert_level=SW,
       cert_date=D(2019, 1, 1)),
    no(WH, "honour-sw-technician-down", SW, WEIHAI_FAIL, honour=True, cert_level=T, cert_date=OLD),
    no(WH, "honour-sw-senior-technician-down", SW, WEIHAI_FAIL, honour=True, cert_level=ST, cert_date=OLD),
    ok(WH, "honour-sw-intermediate-other-trade", SW, "honour_next_level", honour=True, cert_level=IW,
       cert_date=D(2019, 1, 1), cert_occupation="车工"),
    ok(WH, "honour-t-recent-senior-worker", T, "honour_next_level", honour=True, cert_level=SW,
       cert_date=D(2019, 1, 1)),
    ok(WH, "honour-t-undated-cert", T, "honour_next_level", honour=True, cert_level=SW),
    no(WH, "honour-t-intermediate-cert", T, WEIHAI_FAIL, honour=True, cert_level=IW, cert_date=OLD),
    no(WH, "honour-t-no-cert", T, WEIHAI_FAIL, honour=True),
    no(WH, "no-honour-recent-cert", T, WEIHAI_FAIL, cert_level=SW, cert_date=D(2019, 1, 1)),
    no(WH, "honour-cert-after-reference", T, WEIHAI_FAIL, honour=True, cert_level=SW,
       cert_date=D(2019, 11, 1)),
    no(WH, "honour-cert-blank-occupation", T, WEIHAI_FAIL, honour=True, cert_level=SW, cert_date=OLD,
       cert_occupation=""),
    no(WH, "sw-cert-blank-occupation", SW, WEIHAI_FAIL, cert_level=IW, cert_date=OLD, cert_occupation=""),
    no(WH, "honour-cert-other-occupation", T, WEIHAI_FAIL, honour=True, cert_level=SW,
       cert_date=D(2019, 1, 1), cert_occupation="车工"),
    ok(WH, "honour-st-technician-cert", ST, "honour_next_level", honour=True, cert_level=T,
       cert_date=D(2019, 5, 1)),
    no(WH, "honour-st-senior-worker-cert", ST, WEIHAI_FAIL, honour=True, cert_level=SW, cert_date=OLD),
    no(WH, "junior-worker-nothing-applies", JW, ("level_not_offered", *WEIHAI_FAIL), honour=True,
       years_in_trade=30),
    no(WH, "public-institution", T, ("employer_type_excluded",), route="years", employer_type=PUBLIC,
       years_in_trade=14),
    ok(WH, "nanny-senior-worker", SW, "certificate", cert_level=IW, cert_date=OLD, cert_occupation="育婴员",
       target_occupation="育婴员", target_levels=NANNY),
    no(WH, "nanny-technician", T, ("occupation_level_no_standard",), route="certificate", cert_level=SW,
       cert_date=OLD, cert_occupation="育婴员", target_occupation="育婴员", target_levels=NANNY),
    ok(WH, "technical-school", T, "years", employer_type=EmployerType.TECHNICAL_SCHOOL, years_in_trade=14),
    no(WH, "outside-catalogue", T, ("occupation_not_in_catalog",), route="years", target_in_catalog=False,
       employer_recommended=True, years_in_trade=14),
    ok(WH, "no-age-insurance-parallel-education", T, "years", birth=D(1950, 1, 1), social_insurance=None,
       parallel_training=True, education=None, years_in_trade=14),
    # ------------------------------------------------------ 德州 2021 (技师/高级技师), reference 2021-06-01
    ok(DZ, "t-cert", T, "certificate", cert_level=SW, cert_date=D(2018, 6, 1)),
    no(DZ, "t-cert-day-before-anniversary", T, DEZHOU_FAIL, cert_level=SW, cert_date=D(2018, 6, 2)),
    ok(DZ, "st-cert", ST, "certificate", cert_level=T, cert_date=D(2018, 6, 1)),
    no(DZ, "t-years-13", T, DEZHOU_FAIL, years_in_trade=13),
    ok(DZ, "t-years-14", T, "years", years_in_trade=14),
    ok(DZ, "t-years-15", T, "years", years_in_trade=15),
    no(DZ, "st-years-17", ST, DEZHOU_FAIL, years_in_trade=17),
    ok(DZ, "st-years-18", ST, "years", years_in_trade=18),
    ok(DZ, "honour-recent-senior-worker", T, "honour_cert_or_years", honour=True, cert_level=SW,
       cert_date=D(2021, 1, 1)),
    ok(DZ, "honour-years-10", T, "honour_cert_or_years", honour=True, years_in_trade=10),
    no(DZ, "honour-years-9", T, DEZHOU_FAIL, honour=True, years_in_trade=9),
    ok(DZ, "honour-years-10-low-cert", T, "honour_cert_or_years", honour=True, years_in_trade=10,
       cert_level=IW, cert_date=D(2020, 1, 1)),
    no(DZ, "no-honour", T, DEZHOU_FAIL, years_in_trade=10, cert_level=SW, cert_date=D(2021, 1, 1)),
    ok(DZ, "honour-st-recent-technician", ST, "honour_cert_or_years", honour=True, cert_level=T,
       cert_date=D(2021, 1, 1)),
    no(DZ, "honour-st-needs-technician", ST, DEZHOU_FAIL, honour=True, cert_level=SW, cert_date=OLD,
       years_in_trade=17),
    ok(DZ, "assistant-engineer-cert-1-year", T, "title_certificate", title=Title.ASSISTANT_ENGINEER,
       cert_level=SW, cert_date=D(2020, 6, 1)),
    ok(DZ, "assistant-engineer-cert-1-year-1-day", T, "title_certificate", title=Title.ASSISTANT_ENGINEER,
       cert_level=SW, cert_date=D(2020, 5, 31)),
    no(DZ, "assistant-engineer-cert-day-short", T, DEZHOU_FAIL, title=Title.ASSISTANT_ENGINEER, cert_level=SW,
       cert_date=D(2020, 6, 2)),
    ok(DZ, "title-cert-29feb-on-28feb", T, "title_certificate", ref=D(2021, 2, 28),
       title=Title.ASSISTANT_ENGINEER, cert_level=SW, cert_date=D(2020, 2, 29)),
    no(DZ, "title-cert-29feb-day-before", T, DEZHOU_FAIL, ref=D(2021, 2, 27), title=Title.ASSISTANT_ENGINEER,
       cert_level=SW, cert_date=D(2020, 2, 29)),
    no(DZ, "title-cert-blank-occupation", T, DEZHOU_FAIL, title=Title.ASSISTANT_ENGINEER, cert_level=SW,
       cert_date=D(2020, 6, 1), cert_occupation=""),
    ok(DZ, "honour-years-blank-occupation", T, "honour_cert_or_years", honour=True, years_in_trade=10,
       cert_level=SW, cert_occupation=""),
    ok(DZ, "engineer-accepted-for-technician", T, "title_certificate", title=Title.ENGINEER, cert_level=SW,
       cert_date=D(2020, 6, 1)),
    no(DZ, "no-title-recent-cert", T, DEZHOU_FAIL, title=Title.NONE, cert_level=SW, cert_date=D(2020, 6, 1)),
    no(DZ, "title-after-reference", T, DEZHOU_FAIL, title=Title.ASSISTANT_ENGINEER, cert_level=SW,
       cert_date=D(2020, 6, 1), title_date=D(2021, 7, 1)),
    ok(DZ, "engineer-technician-cert-1-year", ST, "title_certificate", title=Title.ENGINEER, cert_level=T,
       cert_date=D(2020, 6, 1)),
    ok(DZ, "senior-engineer-accepted", ST, "title_certificate", title=Title.SENIOR_ENGINEER, cert_level=T,
       cert_date=D(2020, 6, 1)),
    no(DZ, "assistant-engineer-not-for-st", ST, DEZHOU_FAIL, title=Title.ASSISTANT_ENGINEER, cert_level=T,
       cert_date=D(2020, 6, 1)),
    ok(DZ, "engineer-14-years-qualifies-by-years-first", T, "years", title=Title.ENGINEER, years_in_trade=14),
    no(DZ, "engineer-13-years", T, DEZHOU_FAIL, title=Title.ENGINEER, years_in_trade=13),
    no(DZ, "senior-worker-not-offered", SW, ("level_not_offered", *DEZHOU_FAIL), honour=True,
       title=Title.SENIOR_ENGINEER, cert_level=JW, cert_date=OLD, years_in_trade=9),
    no(DZ, "senior-worker-years-still-computed", SW, ("level_not_offered",), route="years",
       years_in_trade=10),
    ok(DZ, "outside-catalogue-recommended", T, "years", target_in_catalog=False, employer_recommended=True,
       years_in_trade=14),
    no(DZ, "outside-catalogue-not-recommended", T, ("occupation_needs_recommendation",), route="years",
       target_in_catalog=False, years_in_trade=14),
    no(DZ, "unknown-occupation", T, ("occupation_unknown",), route="years", target_in_catalog=None,
       employer_recommended=True, years_in_trade=14),
    no(DZ, "public-institution", T, ("employer_type_excluded",), route="years", employer_type=PUBLIC,
       years_in_trade=14),
    # ------------------------------------------------------ 潍坊 2020 (技师/高级技师), reference 2020-08-31
    ok(WF, "cert-on-anniversary", T, "certificate", cert_level=SW, cert_date=D(2017, 8, 31)),
    no(WF, "cert-day-before-anniversary", T, (CERT,), cert_level=SW, cert_date=D(2017, 9, 1)),
    ok(WF, "st-cert", ST, "certificate", cert_level=T, cert_date=D(2017, 8, 31)),
    ok(WF, "similar-occupation", T, "certificate", cert_level=SW, cert_date=OLD, cert_occupation="车工",
       target_occupation="铣工", cert_occupation_family="机械加工", target_occupation_family="机械加工"),
    no(WF, "unrelated-occupation", T, (CERT,), cert_level=SW, cert_date=OLD, cert_occupation="电工",
       target_occupation="铣工", cert_occupation_family="电气", target_occupation_family="机械加工"),
    no(WF, "blank-occupation", T, (CERT,), cert_level=SW, cert_date=OLD, cert_occupation="",
       cert_occupation_family="机械加工", target_occupation_family="机械加工"),
    no(WF, "different-occupation-no-families", T, (CERT,), cert_level=SW, cert_date=OLD,
       cert_occupation="车工", target_occupation="铣工"),
    no(WF, "only-certificate-route", T, (CERT,), years_in_trade=30, honour=True, title=Title.ENGINEER),
    no(WF, "education-not-declared", T, ("education_missing",), route="certificate", education=None,
       cert_level=SW, cert_date=OLD),
    no(WF, "junior-high", T, ("education_below_min",), route="certificate", education=Education.JUNIOR_HIGH,
       cert_level=SW, cert_date=OLD),
    ok(WF, "bachelor", T, "certificate", education=Education.BACHELOR, cert_level=SW, cert_date=OLD),
    ok(WF, "age-day-before-51", T, "certificate", birth=D(1969, 9, 1), cert_level=SW, cert_date=OLD),
    no(WF, "age-51st-birthday", T, ("age_above_max",), route="certificate", birth=D(1969, 8, 31),
       cert_level=SW, cert_date=OLD),
    ok(WF, "no-minimum-age", T, "certificate", birth=D(2000, 1, 1), cert_level=SW, cert_date=OLD),
    no(WF, "senior-worker-not-offered", SW, ("level_not_offered",), route="certificate", cert_level=IW,
       cert_date=OLD),
    # --------------------------------------------------------------- 泰安 2021: no eligibility rules
    ok(TA, "anyone-valid", SW, ""),
    ok(TA, "no-rules-checked", ST, "", birth=D(1950, 1, 1), target_in_catalog=None, social_insurance=False,
       parallel_training=True, education=None),
    no(TA, "public-institution", T, ("employer_type_excluded",), employer_type=PUBLIC),
    no(TA, "employer-type-not-declared", T, ("employer_type_missing",), employer_type=None),
    no(TA, "individual", T, ("employer_type_excluded",), employer_type=EmployerType.INDIVIDUAL),
    no(TA, "sex-mismatch", T, ("sex_mismatch",), sex="M", male=False),
]  # fmt: skip


@pytest.mark.parametrize(("preset", "level", "ref", "facts", "route", "codes"), CASES)
def test_preset_table(preset, level, ref, facts, route, codes):
    decision = judge(preset, level, ref, person(**facts))
    assert decision.codes == codes, [r.message for r in decision.reasons]
    assert decision.route == route
    assert decision.eligible is (codes == ())


# The title + years route is reachable only where the years route is not enabled (with it, the same
# threshold lets the years route qualify first), so it is exercised with its own rules.
TITLE_YEARS_ONLY = Rules(levels_offered={T, ST}, routes={Route.TITLE_YEARS})
ENG, SENIOR_ENG, ASSISTANT = Title.ENGINEER, Title.SENIOR_ENGINEER, Title.ASSISTANT_ENGINEER


@pytest.mark.parametrize(
    ("level", "facts", "route", "codes"),
    [
        pytest.param(T, {"title": ENG, "years_in_trade": 14}, "title_years", (), id="engineer-14"),
        pytest.param(T, {"title": SENIOR_ENG, "years_in_trade": 15}, "title_years", (), id="senior-15"),
        pytest.param(T, {"title": ENG, "years_in_trade": 13}, "", (TY,), id="engineer-13"),
        pytest.param(ST, {"title": ENG, "years_in_trade": 18}, "title_years", (), id="engineer-18-st"),
        pytest.param(ST, {"title": ENG, "years_in_trade": 17}, "", (TY,), id="engineer-17-st"),
        pytest.param(T, {"title": ASSISTANT, "years_in_trade": 30}, "", (TY,), id="assistant"),
        pytest.param(T, {"title": None, "years_in_trade": 30}, "", (TY,), id="no-title"),
        pytest.param(T, {"title": ENG}, "", (TY,), id="years-not-declared"),
        pytest.param(
            T,
            {"title": ENG, "years_in_trade": 14, "title_date": D(2021, 6, 1)},
            "title_years",
            (),
            id="on-ref",
        ),
        pytest.param(
            T, {"title": ENG, "years_in_trade": 14, "title_date": D(2021, 6, 2)}, "", (TY,), id="late"
        ),
        pytest.param(SW, {"title": ENG, "years_in_trade": 30}, "", ("level_not_offered", TY), id="sw"),
    ],
)
def test_title_years_route(level, facts, route, codes):
    decision = judge(TITLE_YEARS_ONLY, level, D(2021, 6, 1), person(**facts))
    assert (decision.route, decision.codes) == (route, codes)


def test_certificate_held_four_years_from_29_february_ends_on_29_february():
    rules = Rules(routes={Route.CERTIFICATE}, certificate_years=4)
    facts = person(cert_level=SW, cert_date=D(2020, 2, 29))
    assert judge(rules, T, D(2024, 2, 28), facts).codes == (CERT,)
    assert judge(rules, T, D(2024, 2, 29), facts).route == "certificate"


def test_any_occupation_rule_ignores_the_certificate_occupation():
    rules = Rules(routes={Route.CERTIFICATE}, certificate_occupation_rule=CertificateOccupationRule.ANY)
    facts = person(cert_level=SW, cert_date=OLD, cert_occupation="厨师")
    assert judge(rules, T, D(2023, 1, 1), facts).route == "certificate"


def test_similar_rule_does_not_match_two_blank_families():
    rules = Rules(routes={Route.CERTIFICATE}, certificate_occupation_rule=CertificateOccupationRule.SIMILAR)
    facts = person(cert_level=SW, cert_date=OLD, cert_occupation="车工", target_occupation="铣工")
    assert judge(rules, T, D(2023, 1, 1), facts).codes == (CERT,)


def test_catalogue_rule_any_accepts_unknown_occupations():
    rules = Rules(catalog_rule=CatalogRule.ANY)
    assert judge(rules, T, D(2023, 1, 1), person(target_in_catalog=None)).eligible


def test_title_certificate_route_applies_the_certificate_occupation_rule():
    facts = person(title=ASSISTANT, cert_level=SW, cert_date=D(2020, 1, 1), cert_occupation="车工")
    assert judge(DZ, T, None, facts).codes == DEZHOU_FAIL


# ----------------------------------------------------------------------------------------- the ID


def with_bad_check_digit(id_number: str) -> str:
    return id_number[:-1] + ("0" if id_number[-1] != "0" else "1")


@pytest.mark.parametrize(
    ("id_number", "code"),
    [
        pytest.param(with_bad_check_digit(make_id(D(1995, 1, 1))), "id_checksum", id="checksum"),
        pytest.param(make_id(D(1995, 1, 1), region="990302"), "id_region", id="region-99"),
        pytest.param(make_id(D(1995, 1, 1), region="000000"), "id_region", id="region-00"),
        pytest.param("37030219900230123X", "id_birth_date", id="30-february"),
        pytest.param("3703021990", "id_format", id="too-short"),
        pytest.param("", "id_format", id="empty"),
    ],
)
def test_an_invalid_id_skips_age_and_sex_but_not_the_other_checks(id_number, code):
    # Born 1995 the applicant would be under 29 and the declared sex would not match: neither is judged.
    facts = person(
        id_number=id_number, sex="F", employer_type=PUBLIC, social_insurance=False, years_in_trade=14
    )
    decision = judge(LY, T, None, facts)
    assert decision.codes == (code, "employer_type_excluded", "social_insurance_missing")
    assert decision.route == "years"
    assert not decision.eligible


def test_lower_case_x_and_spaces_in_the_id_are_accepted():
    first17 = next(
        f"37030219850601{n:03d}" for n in range(1000) if check_digit(f"37030219850601{n:03d}") == "X"
    )
    facts = person(id_number=f" {first17}x ", years_in_trade=14)
    assert judge(LY, T, None, facts).eligible


def test_a_birth_date_after_the_reference_date_is_an_id_error():
    decision = judge(LY, T, D(2023, 4, 21), person(birth=D(2024, 1, 1), years_in_trade=14))
    assert decision.codes == ("id_birth_date",)
    assert decision.reasons[0].message == "身份证号码中的出生日期 2024年1月1日 晚于资格审核基准日"


# --------------------------------------------------------------------------------------- together


def test_all_failures_are_listed_together_in_a_stable_order():
    facts = person(
        birth=D(1995, 1, 1),
        sex="F",
        employer_type=PUBLIC,
        target_in_catalog=False,
        social_insurance=None,
        parallel_training=True,
        cert_level=IW,
        cert_date=OLD,
        years_in_trade=5,
    )
    decision = judge(LY, ST, None, facts)
    assert decision.codes == (
        "sex_mismatch",
        "employer_type_excluded",
        "level_not_offered",
        "occupation_not_in_catalog",
        "age_below_min",
        "social_insurance_missing",
        "parallel_training",
        CERT,
        YEARS,
    )
    assert decision.route == ""
    assert not decision.eligible


def test_education_age_and_catalogue_failures_together_for_weifang():
    facts = person(birth=D(1960, 1, 1), education=Education.JUNIOR_HIGH, target_in_catalog=False)
    decision = judge(WF, T, None, facts)
    assert decision.codes == ("occupation_not_in_catalog", "age_above_max", "education_below_min", CERT)


def test_blank_rules_check_only_the_always_checked_requirements():
    assert evaluate(Rules(), person(), T, D(2023, 1, 1)) == Decision(eligible=True, route="", reasons=())


def test_an_unknown_target_level_is_reported_and_skips_the_routes():
    decision = judge(LY, 9, None, person(years_in_trade=30))
    assert decision.codes == ("level_invalid",)
    assert decision.route == ""


# --------------------------------------------------------------------------------------- messages


def msg(preset: str, level: int, code: str, expected: str, *, ref: D | None = None, **facts: Any):
    return pytest.param(preset, level, ref, facts, code, expected, id=code)


MESSAGES = [
    msg(LY, T, "age_below_min", "年龄 28 周岁，低于 29 周岁下限", ref=D(2023, 6, 14), birth=D(1994, 6, 15)),
    msg(LY, T, "age_above_max", "年龄 51 周岁，超过 50 周岁上限", ref=D(2023, 6, 15), birth=D(1972, 6, 15)),
    msg(LY, T, CERT, "现证书为中级工，报考技师须持高级工证书满3年", cert_level=IW, cert_date=OLD),
    msg(LY, T, CERT, "现无职业资格证书，报考技师须持高级工证书满3年"),
    msg(LY, T, CERT, "高级工证书发证日期 2021年5月1日，至基准日未满3年", cert_level=SW,
        cert_date=D(2021, 5, 1)),
    msg(LY, T, CERT, "未填写高级工证书发证日期，无法确认是否满3年", cert_level=SW),
    msg(LY, T, CERT, "证书职业（工种）“车工”与培训职业（工种）“焊工”不是同一职业（工种）", cert_level=SW,
        cert_date=OLD, cert_occupation="车工"),
    msg(LY, T, CERT, "证书职业（工种）“车工”与培训职业（工种）“焊工”不是同一职业（工种）；"
        "高级工证书发证日期 2021年5月1日，至基准日未满3年", cert_level=SW, cert_date=D(2021, 5, 1),
        cert_occupation="车工"),
    msg(LY, T, CERT, "未填写现职业（工种），无法确认证书与培训职业（工种）“焊工”相同", cert_level=SW,
        cert_date=OLD, cert_occupation=""),
    msg(WF, T, CERT, "未填写现职业（工种），无法确认证书与培训职业（工种）“焊工”相同或相近", cert_level=SW,
        cert_date=OLD, cert_occupation=""),
    msg(WF, T, CERT, "证书职业（工种）“电工”与培训职业（工种）“铣工”既不相同也不相近", cert_level=SW,
        cert_date=OLD, cert_occupation="电工", target_occupation="铣工"),
    msg(WH, JW, CERT, "持低一级证书满规定年限不适用于报考初级工"),
    msg(LY, T, YEARS, "累计工作年限 12 年，不足 14 年", years_in_trade=12),
    msg(LY, T, YEARS, "未填写累计工作年限"),
    msg(WH, JW, YEARS, "累计从事本职业（工种）年限不适用于报考初级工"),
    msg(WH, T, HW, "未获得市级以上技术能手称号或发明创造、技术革新、技能攻关等突出成果，不能破格"),
    msg(WH, T, HW, "现证书为中级工，荣誉破格报考技师须持高级工证书", honour=True, cert_level=IW),
    msg(WH, T, HW, "高级工证书发证日期 2019年11月1日 晚于资格审核基准日", honour=True, cert_level=SW,
        cert_date=D(2019, 11, 1)),
    msg(WH, JW, HW, "荣誉破格报考上一级不适用于报考初级工"),
    msg(WH, SW, HW, "现证书为高级工，荣誉破格只能报考上一级（技师），不能再报考高级工", honour=True,
        cert_level=SW),
    msg(WH, SW, HW, "现证书为高级技师，荣誉破格只能报考上一级，不能再报考高级工", honour=True, cert_level=ST),
    msg(DZ, SW, HD, "荣誉破格（持低一级证书或满规定年限）不适用于报考高级工"),
    msg(DZ, T, HD, "现无职业资格证书，荣誉破格报考技师须持高级工证书或累计从事本职业满10年"
        "（累计工作年限 8 年）", honour=True, years_in_trade=8),
    msg(DZ, T, HD, "证书职业（工种）“车工”与培训职业（工种）“焊工”不是同一职业（工种）；"
        "累计工作年限 8 年，不足 10 年", honour=True, years_in_trade=8, cert_level=SW,
        cert_occupation="车工"),
    msg(DZ, ST, HD, "现无职业资格证书，荣誉破格报考高级技师须持技师证书", honour=True),
    msg(DZ, SW, TY, "工程师职称＋累计工作年限不适用于报考高级工"),
    msg(DZ, T, TY, "现职称为助理工程师，须为工程师或高级工程师；累计工作年限 12 年，不足 14 年",
        title=ASSISTANT, years_in_trade=12),
    msg(DZ, SW, TC, "职称＋低一级证书满规定年限不适用于报考高级工"),
    msg(DZ, T, TC, "未取得专业技术职称，须为助理工程师及以上；"
        "高级工证书发证日期 2020年6月2日，至基准日未满1年", cert_level=SW, cert_date=D(2020, 6, 2)),
    msg(DZ, ST, TC, "现证书为高级工，职称人员报考高级技师须持技师证书满1年", title=ENG, cert_level=SW),
    msg(DZ, T, TC, "职称取得日期 2021年7月1日 晚于资格审核基准日；"
        "现证书为初级工，职称人员报考技师须持高级工证书满1年", title=ENG, title_date=D(2021, 7, 1),
        years_in_trade=5, cert_level=JW),
    msg(LY, ST, "level_not_offered", "本项目不开设高级技师培训（开设：技师）"),
    msg(WH, JW, "level_not_offered", "本项目不开设初级工培训（开设：高级工、技师、高级技师）"),
    msg(LY, T, "sex_mismatch", "填写的性别为女，与身份证号码（男）不符", sex="F"),
    msg(LY, T, "employer_type_excluded", "机关事业单位职工不纳入培训项目范围", employer_type=PUBLIC),
    msg(LY, T, "employer_type_excluded", "单位类型为个体工商户，不在培训对象范围内"
        "（培训对象为各类企业在职职工、技工院校和职业院校专业教师）", employer_type=EmployerType.INDIVIDUAL),
    msg(LY, T, "employer_type_missing", "未填写单位类型"
        "（培训对象为各类企业在职职工、技工院校和职业院校专业教师）", employer_type=None),
    msg(LY, T, "occupation_level_no_standard", "培训职业（工种）“育婴员”没有技师的国家职业技能标准"
        "（设有：初级工、中级工、高级工）", target_occupation="育婴员", target_levels=NANNY),
    msg(LY, T, "occupation_level_no_standard", "培训职业（工种）“焊工”没有技师的国家职业技能标准"
        "（职业名录未登记其等级）", target_levels=frozenset()),
    msg(LY, T, "occupation_not_in_catalog", "培训职业（工种）“焊工”不在国家职业资格目录内，"
        "本项目仅限目录内职业（工种）", target_in_catalog=False),
    msg(DZ, T, "occupation_needs_recommendation", "培训职业（工种）“焊工”为国家职业资格目录外职业，"
        "须由用人单位推荐报名", target_in_catalog=False),
    msg(LY, T, "occupation_unknown", "培训职业（工种）“焊接工”不在职业名录中，"
        "无法确定是否属于国家职业资格目录", target_in_catalog=None, target_occupation="焊接工"),
    msg(LY, T, "occupation_unknown", "未填写培训职业（工种）", target_in_catalog=None, target_occupation=""),
    msg(WF, T, "education_missing", "未填写文化程度（要求高中/中专/技校及以上）", education=None),
    msg(WF, T, "education_below_min", "文化程度为初中及以下，低于高中/中专/技校的要求",
        education=Education.JUNIOR_HIGH),
    msg(LY, T, "social_insurance_missing", "未按规定参加职工社会保险", social_insurance=False),
    msg(LY, T, "social_insurance_missing", "未填写是否参加职工社会保险", social_insurance=None),
    msg(LY, T, "parallel_training", "同期参加其他政府补贴性培训或职业技能竞赛的，不得参加本项目培训",
        parallel_training=True),
    msg(LY, T, "id_checksum", "身份证号码校验位错误，请核对", id_number="370302199001011233"),
    msg(LY, T, "id_birth_date", "身份证号码中的出生日期无效", id_number="370302199002301234"),
    msg(LY, T, "id_region", "身份证号码前两位不是有效的省级行政区划代码（GB/T 2260），请核对",
        id_number=make_id(D(1985, 6, 1), region="990302")),
    msg(LY, T, "id_format", "身份证号码格式不正确（应为18位，末位为数字或X）", id_number="37030219900101"),
    msg(LY, 9, "level_invalid", "培训等级“9”无效"),
]  # fmt: skip


@pytest.mark.parametrize(("preset", "level", "ref", "facts", "code", "expected"), MESSAGES)
def test_messages_are_concrete_chinese_sentences(preset, level, ref, facts, code, expected):
    decision = judge(preset, level, ref, person(**facts))
    assert expected in [reason.message for reason in decision.reasons if reason.code == code]


# ------------------------------------------------------------------------------------ data shapes


def test_decision_as_dict():
    decision = judge(LY, T, None, person(years_in_trade=14, social_insurance=False))
    assert decision.as_dict() == {
        "eligible": False,
        "route": "years",
        "reasons": [{"code": "social_insurance_missing", "message": "未按规定参加职工社会保险"}],
    }
    assert isinstance(decision.reasons[0], Reason)


def test_rules_accept_lists_and_round_trip_through_a_dict():
    rules = Rules(levels_offered=[2, 1], routes=["years", "certificate"])
    assert rules.levels_offered == frozenset({1, 2})
    assert rules.as_dict()["routes"] == ["certificate", "years"]
    assert Rules.from_dict(rules.as_dict()) == rules


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param({"routes": ["by_magic"]}, id="route"),
        pytest.param({"levels_offered": [7]}, id="level"),
        pytest.param({"catalog_rule": "nowhere"}, id="catalogue"),
        pytest.param({"certificate_occupation_rule": "whatever"}, id="occupation-rule"),
    ],
)
def test_rules_refuse_unknown_values(bad):
    with pytest.raises(ValueError):
        Rules(**bad)


def test_rules_from_dict_refuses_unknown_fields():
    with pytest.raises(ValueError, match="age_limit"):
        Rules.from_dict({"age_limit": 50})


def test_the_same_rules_give_the_same_answer_whatever_their_origin():
    facts = person(years_in_trade=14)
    copied = Rules.from_dict(rules_from_preset(LY).as_dict())
    assert evaluate(rules_from_preset(LY), facts, T, D(2023, 4, 21)) == evaluate(
        copied, facts, T, D(2023, 4, 21)
    )


# ------------------------------------------------------------------------------------- properties

optional_level = st.one_of(st.none(), st.sampled_from(Level.values))
optional_date = st.one_of(st.none(), st.dates(min_value=D(1990, 1, 1), max_value=D(2025, 12, 31)))
applicants = st.builds(
    Facts,
    id_number=st.one_of(
        st.dates(min_value=D(1940, 1, 1), max_value=D(2010, 12, 31)).map(make_id),
        st.text(alphabet="0123456789Xx ", max_size=20),
    ),
    sex=st.sampled_from([None, "M", "F"]),
    employer_type=st.one_of(st.none(), st.sampled_from(EmployerType.values)),
    social_insurance=st.sampled_from([None, True, False]),
    education=st.one_of(st.none(), st.sampled_from(Education.values)),
    cert_occupation=st.sampled_from(["", "焊工", "车工"]),
    cert_level=optional_level,
    cert_date=optional_date,
    years_in_trade=st.one_of(st.none(), st.integers(min_value=0, max_value=45)),
    title=st.one_of(st.none(), st.sampled_from(Title.values)),
    title_date=optional_date,
    honour=st.booleans(),
    parallel_training=st.booleans(),
    target_occupation=st.sampled_from(["", "焊工", "车工"]),
    target_in_catalog=st.sampled_from([None, True, False]),
    target_levels=st.one_of(st.none(), st.frozensets(st.sampled_from(Level.values))),
    employer_recommended=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    preset=st.sampled_from(sorted(PRESETS)),
    facts=applicants,
    level=st.sampled_from(Level.values),
    ref=st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31)),
)
def test_any_applicant_gets_a_consistent_decision(preset, facts, level, ref):
    rules = rules_from_preset(preset)
    decision = evaluate(rules, facts, level, ref)
    assert decision.eligible is (decision.reasons == ())
    assert len(set(decision.codes)) == len(decision.codes)
    assert all(reason.message for reason in decision.reasons)
    assert decision.route == "" or decision.route in rules.routes
    failed_routes = [code for code in decision.codes if code.startswith("route_")]
    if decision.route:
        assert failed_routes == []
    else:
        # One reason per enabled route, in the fixed order.
        assert failed_routes == [f"route_{route}" for route in Route.values if route in rules.routes]


@pytest.mark.parametrize("preset", [LY, WH, DZ, WF, TA])
def test_a_blank_target_occupation_is_reported_once_and_no_route_compares_with_it(preset):
    facts = person(target_occupation=" ", target_in_catalog=None, cert_level=SW, cert_date=D(2022, 1, 1))
    decision = judge(preset, T if preset != WH else SW, None, facts)
    assert not decision.eligible
    about_target = [r.code for r in decision.reasons if "培训职业" in r.message]
    assert about_target == ["occupation_unknown"]


def test_a_certificate_dated_after_today_is_refused_with_its_own_reason():
    today = D(2026, 12, 2)
    facts = person(cert_level=SW, cert_date=D(2026, 12, 3))
    decision = evaluate(rules_from_preset(LY), facts, T, D(2027, 4, 1), today=today)
    assert "certificate_date_future" in decision.codes and not decision.eligible
    reason = next(r for r in decision.reasons if r.code == "certificate_date_future")
    assert reason.message == "证书发证日期 2026年12月3日 晚于今天（2026年12月2日），请核对发证日期"
    # Issued today is a real certificate: no such reason (the holding period is another matter).
    facts = person(cert_level=SW, cert_date=today)
    assert (
        "certificate_date_future" not in evaluate(rules_from_preset(LY), facts, T, today, today=today).codes
    )
