"""The eligibility engine (报名条件, SPEC §4): a pure function of (rules, facts, target level, date).

No database and no settings: the caller resolves everything that needs a lookup (is the occupation in
the national catalogue, which family does it belong to, is the person already enrolled elsewhere) and
passes plain values. The engine never knows which city it is judging for; it only reads ``Rules``.

Every unmet requirement becomes a ``Reason`` with a stable code (tests and imports match on it) and a
short Chinese sentence for the base staff. All failures are listed, not only the first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

from core.idcard import (
    add_years,
    birth_date_from_id,
    full_years,
    id_number_problem,
    normalize_id_number,
    sex_from_id,
)
from programs.choices import (
    ADMITTED_EMPLOYER_TYPES,
    CatalogRule,
    CertificateOccupationRule,
    Education,
    EmployerType,
    Level,
    Route,
    Sex,
    Title,
)

# The choices' values, worked out once (Django recomputes them on every access; the engine asks per row).
_LEVELS = frozenset(Level.values)
_ROUTES = tuple(Route.values)

# ---------------------------------------------------------------------------------------------------
# Data in and out
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """One policy version as plain data; a blank rule (None / empty) is not checked."""

    levels_offered: frozenset[int] = frozenset()
    age_min: int | None = None
    age_max: int | None = None  # inclusive, 周岁 on the reference date
    education_min: int | None = None
    social_insurance_required: bool = False
    no_parallel_training: bool = False
    catalog_rule: str = ""
    routes: frozenset[str] = frozenset()
    certificate_years: int = 3
    certificate_occupation_rule: str = CertificateOccupationRule.SAME.value
    years_senior_worker: int = 10
    years_technician: int = 14
    years_senior_technician: int = 18
    # Not in the original field list, but numbers in the notices and so policy data, not code:
    # 德州 §二(二)4 "累计从事本职业（工种）工作满 10 年以上的可破格参加技师培训";
    # 德州 §二(二)3 "助理工程师在取得…高级工职业资格或职业技能等级 1 年后".
    honour_years_technician: int = 10
    title_certificate_years: int = 1

    def __post_init__(self) -> None:
        # Accept any iterable (lists from JSON, sets) so a stored policy converts without ceremony.
        object.__setattr__(self, "levels_offered", frozenset(int(v) for v in self.levels_offered))
        object.__setattr__(self, "routes", frozenset(str(v) for v in self.routes))
        unknown_levels = self.levels_offered - _LEVELS
        unknown_routes = self.routes - set(_ROUTES)
        if unknown_levels or unknown_routes:
            raise ValueError(f"unknown levels {sorted(unknown_levels)} or routes {sorted(unknown_routes)}")
        if self.catalog_rule and self.catalog_rule not in CatalogRule.values:
            raise ValueError(f"unknown catalog rule {self.catalog_rule!r}")
        if self.certificate_occupation_rule not in CertificateOccupationRule.values:
            raise ValueError(f"unknown certificate occupation rule {self.certificate_occupation_rule!r}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rules:
        """Build from a stored dict (lists allowed for the set fields); unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown rule fields: {sorted(unknown)}")
        return cls(**dict(data))

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly: the set fields become sorted lists."""
        data = asdict(self)
        data["levels_offered"] = sorted(self.levels_offered)
        data["routes"] = [route for route in Route.values if route in self.routes]
        return data


@dataclass(frozen=True)
class Facts:
    """What is known about one applicant; None = not declared."""

    id_number: str
    name: str = ""
    sex: str | None = None
    employer: str = ""
    employer_type: str | None = None
    social_insurance: bool | None = None
    education: int | None = None
    cert_occupation: str = ""
    cert_level: int | None = None  # level of the certificate held, None = no certificate
    cert_number: str = ""
    cert_date: date | None = None
    years_in_trade: int | None = None
    title: str | None = None
    title_date: date | None = None
    honour: bool = False
    parallel_training: bool = False
    target_occupation: str = ""
    target_in_catalog: bool | None = None  # resolved by the caller; None = unknown occupation
    # The levels the target occupation has a national skill standard at, resolved by the caller from
    # the catalogue; None = the occupation is not in the catalogue (the catalogue rule reports that).
    target_levels: frozenset[int] | None = None
    employer_recommended: bool = False
    cert_occupation_family: str = ""
    target_occupation_family: str = ""


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


@dataclass(frozen=True)
class Decision:
    eligible: bool
    # The first route that qualified, even when other checks failed (the clerk then knows that only
    # those checks stand in the way); "" when no route qualified or none is enabled.
    route: str
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(reason.code for reason in self.reasons)

    def as_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "route": self.route,
            "reasons": [{"code": r.code, "message": r.message} for r in self.reasons],
        }


# ---------------------------------------------------------------------------------------------------
# Wording helpers
# ---------------------------------------------------------------------------------------------------


def cn_date(d: date) -> str:
    """Dates as printed in the notices: 2021年5月1日."""
    return f"{d.year}年{d.month}月{d.day}日"


def _level_name(level: int) -> str:
    return Level(level).label


def _label(choices: type, value: Any) -> str:
    """Chinese label of a choice value, or the raw value when it is not a known choice."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _current_certificate(facts: Facts) -> str:
    if facts.cert_level is None:
        return "现无职业资格证书"
    return f"现证书为{_label(Level, facts.cert_level)}"


def _years_text(facts: Facts) -> str:
    return "未填写累计工作年限" if facts.years_in_trade is None else f"累计工作年限 {facts.years_in_trade} 年"


def _not_applicable(route: Route, level: int) -> str:
    return f"{route.label}不适用于报考{_level_name(level)}"


_NO_HONOUR = "未获得市级以上技术能手称号或发明创造、技术革新、技能攻关等突出成果，不能破格"

# ---------------------------------------------------------------------------------------------------
# Always-checked requirements
# ---------------------------------------------------------------------------------------------------

_ID_MESSAGES = {
    "format": "身份证号码格式不正确（应为18位，末位为数字或X）",
    "region": "身份证号码前两位不是有效的省级行政区划代码（GB/T 2260），请核对",
    "birth_date": "身份证号码中的出生日期无效",
    "checksum": "身份证号码校验位错误，请核对",
}


def _check_identity(facts: Facts, reference_date: date, reasons: list[Reason]) -> date | None:
    """Validate the ID and the declared sex; the birth date when the ID is usable, else None."""
    problem = id_number_problem(facts.id_number)
    if problem is not None:
        reasons.append(Reason(f"id_{problem}", _ID_MESSAGES[problem]))
        return None
    id_number = normalize_id_number(facts.id_number)
    birth = birth_date_from_id(id_number)
    if birth > reference_date:
        # A real calendar date, but nobody born after the reference date can apply: a typo.
        reasons.append(Reason("id_birth_date", f"身份证号码中的出生日期 {cn_date(birth)} 晚于资格审核基准日"))
        return None
    id_sex = sex_from_id(id_number)
    if facts.sex and facts.sex != id_sex:
        reasons.append(
            Reason(
                "sex_mismatch",
                f"填写的性别为{_label(Sex, facts.sex)}，与身份证号码（{_label(Sex, id_sex)}）不符",
            )
        )
    return birth


_ADMITTED = "培训对象为各类企业在职职工、技工院校和职业院校专业教师"


def _check_employer(facts: Facts, reasons: list[Reason]) -> None:
    # Teachers of 技工院校/职业院校 are declared with their school's type and stay allowed (威海 §一(四)
    # "除技工院校和职业院校专业教师外，其他机关事业单位职工不纳入培训项目范围"). A blank type is not evidence
    # of an enterprise: it is unmet like any type outside the admitted ones.
    kind = facts.employer_type
    if kind in ADMITTED_EMPLOYER_TYPES:
        return
    if not kind:
        reasons.append(Reason("employer_type_missing", f"未填写单位类型（{_ADMITTED}）"))
    elif kind == EmployerType.PUBLIC_INSTITUTION:
        reasons.append(Reason("employer_type_excluded", "机关事业单位职工不纳入培训项目范围"))
    else:
        reasons.append(
            Reason(
                "employer_type_excluded",
                f"单位类型为{_label(EmployerType, kind)}，不在培训对象范围内（{_ADMITTED}）",
            )
        )


def _check_level(rules: Rules, target_level: int, reasons: list[Reason]) -> bool:
    """False when the target level is not a level at all (the level-dependent checks are skipped)."""
    if target_level not in _LEVELS:
        reasons.append(Reason("level_invalid", f"培训等级“{target_level}”无效"))
        return False
    if rules.levels_offered and target_level not in rules.levels_offered:
        offered = "、".join(_level_name(level) for level in sorted(rules.levels_offered, reverse=True))
        reasons.append(
            Reason("level_not_offered", f"本项目不开设{_level_name(target_level)}培训（开设：{offered}）")
        )
    return True


def _check_occupation(rules: Rules, facts: Facts, reasons: list[Reason]) -> None:
    occupation = facts.target_occupation.strip()
    # A blank target occupation is one reason, whatever the catalogue rule; the routes do not compare
    # against it (see _occupation_problem), so the clerk reads it once, not once per route.
    if not occupation:
        reasons.append(Reason("occupation_unknown", "未填写培训职业（工种）"))
        return
    if rules.catalog_rule in ("", CatalogRule.ANY):
        return
    if facts.target_in_catalog is None:
        message = f"培训职业（工种）“{occupation}”不在职业名录中，无法确定是否属于国家职业资格目录"
        reasons.append(Reason("occupation_unknown", message))
    elif facts.target_in_catalog:
        return
    elif rules.catalog_rule == CatalogRule.IN_CATALOG:
        reasons.append(
            Reason(
                "occupation_not_in_catalog",
                f"培训职业（工种）“{occupation}”不在国家职业资格目录内，本项目仅限目录内职业（工种）",
            )
        )
    elif not facts.employer_recommended:
        reasons.append(
            Reason(
                "occupation_needs_recommendation",
                f"培训职业（工种）“{occupation}”为国家职业资格目录外职业，须由用人单位推荐报名",
            )
        )


def _check_standard(facts: Facts, target_level: int, reasons: list[Reason]) -> None:
    """The occupation must have a national skill standard at the target level (育婴员 stops at 高级工)."""
    if facts.target_levels is None or target_level in facts.target_levels:
        return
    has = "、".join(_level_name(level) for level in sorted(facts.target_levels, reverse=True))
    reasons.append(
        Reason(
            "occupation_level_no_standard",
            f"培训职业（工种）“{facts.target_occupation.strip()}”没有{_level_name(target_level)}的国家职业技能标准"
            + (f"（设有：{has}）" if has else "（职业名录未登记其等级）"),
        )
    )


def _check_age(rules: Rules, birth: date | None, reference_date: date, reasons: list[Reason]) -> None:
    if birth is None or (rules.age_min is None and rules.age_max is None):
        return
    age = full_years(birth, reference_date)
    if rules.age_min is not None and age < rules.age_min:
        reasons.append(Reason("age_below_min", f"年龄 {age} 周岁，低于 {rules.age_min} 周岁下限"))
    if rules.age_max is not None and age > rules.age_max:
        reasons.append(Reason("age_above_max", f"年龄 {age} 周岁，超过 {rules.age_max} 周岁上限"))


def _check_education(rules: Rules, facts: Facts, reasons: list[Reason]) -> None:
    if rules.education_min is None:
        return
    required = _label(Education, rules.education_min)
    if facts.education is None:
        reasons.append(Reason("education_missing", f"未填写文化程度（要求{required}及以上）"))
    elif facts.education < rules.education_min:
        reasons.append(
            Reason(
                "education_below_min",
                f"文化程度为{_label(Education, facts.education)}，低于{required}的要求",
            )
        )


def _check_commitments(rules: Rules, facts: Facts, reasons: list[Reason]) -> None:
    if rules.social_insurance_required and facts.social_insurance is not True:
        message = (
            "未填写是否参加职工社会保险" if facts.social_insurance is None else "未按规定参加职工社会保险"
        )
        reasons.append(Reason("social_insurance_missing", message))
    if rules.no_parallel_training and facts.parallel_training:
        reasons.append(
            Reason("parallel_training", "同期参加其他政府补贴性培训或职业技能竞赛的，不得参加本项目培训")
        )


# ---------------------------------------------------------------------------------------------------
# Qualifying routes: each returns None when it qualifies, else why it does not (one sentence).
# ---------------------------------------------------------------------------------------------------

_YEARS_FIELD = {
    Level.SENIOR_WORKER: "years_senior_worker",
    Level.TECHNICIAN: "years_technician",
    Level.SENIOR_TECHNICIAN: "years_senior_technician",
}


def _years_threshold(rules: Rules, level: int) -> int | None:
    name = _YEARS_FIELD.get(Level(level))
    return None if name is None else getattr(rules, name)


def _occupation_problem(rules: Rules, facts: Facts) -> str | None:
    """Does the certificate's occupation fit the target one under the programme's rule?"""
    held = facts.cert_occupation.strip()
    target = facts.target_occupation.strip()
    # A blank target is reported once by _check_occupation: there is nothing to compare with here.
    if rules.certificate_occupation_rule == CertificateOccupationRule.ANY or not target:
        return None
    similar = rules.certificate_occupation_rule == CertificateOccupationRule.SIMILAR
    if not held:
        # A blank fact satisfies nothing (SPEC §4): without the current occupation the certificate cannot
        # be shown to be in the target trade, so the routes that rest on the certificate are unmet.
        same = "相同或相近" if similar else "相同"
        return f"未填写现职业（工种），无法确认证书与培训职业（工种）“{target}”{same}"
    if held == target:
        return None
    if similar:
        family = facts.cert_occupation_family.strip()
        if family and family == facts.target_occupation_family.strip():
            return None
        return f"证书职业（工种）“{held}”与培训职业（工种）“{target}”既不相同也不相近"
    return f"证书职业（工种）“{held}”与培训职业（工种）“{target}”不是同一职业（工种）"


def _certificate_problems(
    rules: Rules, facts: Facts, required: int, held_years: int, reference_date: date, requirement: str
) -> list[str]:
    """Problems with using the held certificate as a ``required``-level one held ``held_years`` years.

    ``requirement`` completes the sentence when the level is wrong ("报考技师须持高级工证书满3年").
    With ``held_years`` 0 (the honour routes waive the period) the certificate must merely exist on
    the reference date.
    """
    if facts.cert_level != required:
        return [f"{_current_certificate(facts)}，{requirement}"]
    problems = []
    occupation = _occupation_problem(rules, facts)
    if occupation:
        problems.append(occupation)
    name = _level_name(required)
    if facts.cert_date is None:
        if held_years > 0:
            problems.append(f"未填写{name}证书发证日期，无法确认是否满{held_years}年")
    elif add_years(facts.cert_date, held_years) > reference_date:
        if held_years > 0:
            problems.append(f"{name}证书发证日期 {cn_date(facts.cert_date)}，至基准日未满{held_years}年")
        else:
            problems.append(f"{name}证书发证日期 {cn_date(facts.cert_date)} 晚于资格审核基准日")
    return problems


def _route_certificate(rules: Rules, facts: Facts, level: int, reference_date: date) -> str | None:
    # Exactly one level below: the notices say "取得…高级工…证书3年" for 技师, so a higher certificate
    # (or a 技师 applying for 技师 again) does not qualify through this route.
    below = Level.one_below(level)
    if below is None:
        return _not_applicable(Route.CERTIFICATE, level)
    years = rules.certificate_years
    requirement = f"报考{_level_name(level)}须持{below.label}证书满{years}年"
    problems = _certificate_problems(rules, facts, below, years, reference_date, requirement)
    return "；".join(problems) or None


def _route_years(rules: Rules, facts: Facts, level: int, reference_date: date) -> str | None:
    threshold = _years_threshold(rules, level)
    if threshold is None:
        return _not_applicable(Route.YEARS, level)
    if facts.years_in_trade is None:
        return "未填写累计工作年限"
    if facts.years_in_trade < threshold:
        return f"累计工作年限 {facts.years_in_trade} 年，不足 {threshold} 年"
    return None


def _route_honour_next_level(rules: Rules, facts: Facts, level: int, reference_date: date) -> str | None:
    # 威海 §二(二): "不受报名年限限制，具有中级以上职业资格证书的可报名上一级职业资格培训，具有初级职业
    # 资格证书或尚未取得职业资格证书的可直接报名高级工培训": one level up from what is held, with 初级工
    # or no certificate counting as 中级工, and no holding period. So 高级工 takes 中级工, 初级工 or none
    # (never a 高级工 or higher again: SPEC §4), 技师 takes 高级工 and 高级技师 takes 技师.
    if level not in (Level.SENIOR_WORKER, Level.TECHNICIAN, Level.SENIOR_TECHNICIAN):
        return _not_applicable(Route.HONOUR_NEXT_LEVEL, level)
    if not facts.honour:
        return _NO_HONOUR
    if level == Level.SENIOR_WORKER:
        if facts.cert_level is None or facts.cert_level > Level.SENIOR_WORKER:
            return None
        up = Level.one_above(facts.cert_level)
        next_level = f"（{up.label}）" if up else ""
        again = f"不能再报考{_level_name(level)}"
        return f"{_current_certificate(facts)}，荣誉破格只能报考上一级{next_level}，{again}"
    below = Level.one_below(level)
    assert below is not None
    requirement = f"荣誉破格报考{_level_name(level)}须持{below.label}证书"
    problems = _certificate_problems(rules, facts, below, 0, reference_date, requirement)
    return "；".join(problems) or None


def _route_honour_cert_or_years(rules: Rules, facts: Facts, level: int, reference_date: date) -> str | None:
    # 德州 §二(二)4: "具有高级工职业资格证书或累计从事本职业（工种）工作满 10 年以上的可破格参加技师培训，
    # 具有技师职业资格证书的可破格参加高级技师培训" — nothing for 高级工, no holding period.
    if level not in (Level.TECHNICIAN, Level.SENIOR_TECHNICIAN):
        return _not_applicable(Route.HONOUR_CERT_OR_YEARS, level)
    if not facts.honour:
        return _NO_HONOUR
    below = Level.one_below(level)
    assert below is not None
    if level == Level.SENIOR_TECHNICIAN:
        requirement = f"荣誉破格报考高级技师须持{below.label}证书"
        return "；".join(_certificate_problems(rules, facts, below, 0, reference_date, requirement)) or None
    minimum = rules.honour_years_technician
    if facts.years_in_trade is not None and facts.years_in_trade >= minimum:
        return None
    requirement = f"荣誉破格报考技师须持{below.label}证书或累计从事本职业满{minimum}年"
    problems = _certificate_problems(rules, facts, below, 0, reference_date, requirement)
    if not problems:
        return None
    if facts.cert_level != below:
        # The level sentence already names the alternative; add the years the applicant declared.
        return f"{problems[0]}（{_years_text(facts)}）"
    years = _years_text(facts) if facts.years_in_trade is None else f"{_years_text(facts)}，不足 {minimum} 年"
    return "；".join([*problems, years])


# Titles are obtained in this order; an unknown value ranks as no title.
_TITLE_RANK = {
    Title.NONE.value: 0,
    Title.ASSISTANT_ENGINEER.value: 1,
    Title.ENGINEER.value: 2,
    Title.SENIOR_ENGINEER.value: 3,
}


def _title_problem(facts: Facts, minimum: Title, reference_date: date, wanted: str) -> str | None:
    """Is a title of at least ``minimum`` held on the reference date? ``wanted`` names it for the clerk."""
    rank = _TITLE_RANK.get(facts.title or Title.NONE.value, 0)
    if rank < _TITLE_RANK[minimum]:
        current = "未取得专业技术职称" if rank == 0 else f"现职称为{_label(Title, facts.title)}"
        return f"{current}，须为{wanted}"
    if facts.title_date is not None and facts.title_date > reference_date:
        return f"职称取得日期 {cn_date(facts.title_date)} 晚于资格审核基准日"
    return None


def _route_title_years(rules: Rules, facts: Facts, level: int, reference_date: date) -> str | None:
    # 德州 §二(二)3: "取得工程师、高级工程师专业技术职称，其累计工作年限达到要求的，
    # 可参加与现岗位相对应的职业（工种）技师、高级技师培训".
    if level not in (Level.TECHNICIAN, Level.SENIOR_TECHNICIAN):
        return _not_applicable(Route.TITLE_YEARS, level)
    problems = []
    title = _title_problem(facts, Title.ENGINEER, reference_date, "工程师或高级工程师")
    if title:
        problems.append(title)
    years = _route_years(rules, facts, level, reference_date)
    if years:
        problems.append(years)
    return "；".join(problems) or None


def _route_title_certificate(rules: Rules, facts: Facts, level: int, reference_date: date) -> str | None:
    # 德州 §二(二)3: "助理工程师在取得现从事职业（工种）高级工职业资格或职业技能等级 1 年后，可按累计工作
    # 年限申报参加技师培训；工程师在取得现从事职业（工种）技师职业资格或职业技能等级 1 年后，可按累计工作
    # 年限申报参加高级技师培训". Following SPEC §4 no separate years threshold applies (with one the years
    # route alone would already qualify, and the clause would add nothing). The notice names the minimum
    # title: titles are obtained in sequence, so a 工程师 has passed through 助理工程师 and is accepted
    # for 技师 too (likewise 高级工程师 for 高级技师). The holding period is on the certificate, not on
    # the title, so title_date only has to precede the reference date.
    if level not in (Level.TECHNICIAN, Level.SENIOR_TECHNICIAN):
        return _not_applicable(Route.TITLE_CERTIFICATE, level)
    if level == Level.TECHNICIAN:
        minimum, wanted = Title.ASSISTANT_ENGINEER, "助理工程师及以上"
    else:
        minimum, wanted = Title.ENGINEER, "工程师及以上"
    below = Level.one_below(level)
    assert below is not None
    years = rules.title_certificate_years
    problems = []
    title = _title_problem(facts, minimum, reference_date, wanted)
    if title:
        problems.append(title)
    requirement = f"职称人员报考{_level_name(level)}须持{below.label}证书满{years}年"
    problems += _certificate_problems(rules, facts, below, years, reference_date, requirement)
    return "；".join(problems) or None


RouteCheck = Callable[[Rules, Facts, int, date], "str | None"]

# Iterated in Route's declaration order, which is the fixed order SPEC §4 tries the routes in.
_ROUTE_CHECKS: dict[str, RouteCheck] = {
    Route.CERTIFICATE.value: _route_certificate,
    Route.YEARS.value: _route_years,
    Route.HONOUR_NEXT_LEVEL.value: _route_honour_next_level,
    Route.HONOUR_CERT_OR_YEARS.value: _route_honour_cert_or_years,
    Route.TITLE_YEARS.value: _route_title_years,
    Route.TITLE_CERTIFICATE.value: _route_title_certificate,
}


def _enabled_routes(rules: Rules) -> Iterable[str]:
    return [route for route in _ROUTES if route in rules.routes]


def _check_routes(
    rules: Rules, facts: Facts, target_level: int, reference_date: date, reasons: list[Reason]
) -> str:
    """The first enabled route that qualifies, or "" after adding one reason per failed route."""
    failures = []
    for route in _enabled_routes(rules):
        why = _ROUTE_CHECKS[route](rules, facts, target_level, reference_date)
        if why is None:
            return route
        failures.append(Reason(f"route_{route}", why))
    reasons.extend(failures)
    return ""


# ---------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------


def _check_certificate_date(facts: Facts, today: date | None, reasons: list[Reason]) -> None:
    # A certificate issued after today cannot exist: a typing error the clerk must correct, not merely
    # a certificate "held less than 3 years" (which the routes still say for the reference date).
    if today is not None and facts.cert_date is not None and facts.cert_date > today:
        reasons.append(
            Reason(
                "certificate_date_future",
                f"证书发证日期 {cn_date(facts.cert_date)} 晚于今天（{cn_date(today)}），请核对发证日期",
            )
        )


def evaluate(
    rules: Rules, facts: Facts, target_level: int, reference_date: date, *, today: date | None = None
) -> Decision:
    """Judge one applicant for one target level on ``reference_date`` (the 资格审核基准日).

    ``today`` (the caller's calendar date; the engine reads no clock) lets it refuse a certificate
    dated in the future with its own reason, ``certificate_date_future``.

    Not judged here because they need the database: enrolment in another programme whose training
    period overlaps, and a second enrolment in the same programme.
    """
    reasons: list[Reason] = []
    birth = _check_identity(facts, reference_date, reasons)
    _check_employer(facts, reasons)
    level_known = _check_level(rules, target_level, reasons)
    _check_occupation(rules, facts, reasons)
    if level_known:
        _check_standard(facts, target_level, reasons)
    _check_age(rules, birth, reference_date, reasons)
    _check_education(rules, facts, reasons)
    _check_commitments(rules, facts, reasons)
    _check_certificate_date(facts, today, reasons)
    route = _check_routes(rules, facts, target_level, reference_date, reasons) if level_known else ""
    return Decision(eligible=not reasons, route=route, reasons=tuple(reasons))
