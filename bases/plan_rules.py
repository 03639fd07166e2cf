"""What a plan's lines must satisfy (read by the line editor and by the submit step)."""

import datetime
from dataclasses import dataclass

from core.pdf import cn_date
from programs.choices import CatalogRule, Level
from programs.models import Occupation

from .models import PlanApplication, PlanLine


@dataclass(frozen=True)
class LineData:
    """A plan line as typed; occupation and level None = places for the whole base."""

    occupation: Occupation | None
    level: int | None
    planned_count: int
    start: datetime.date | None = None
    end: datetime.date | None = None
    remark: str = ""


def training_window(program) -> tuple[datetime.date, datetime.date]:
    """The dates a plan line may name: the programme's training period, or its year and the next (a
    year's training and appraisal run into the following winter) where the period is not set."""
    return (
        program.training_start or datetime.date(program.year, 1, 1),
        program.training_end or datetime.date(program.year + 1, 12, 31),
    )


def plan_line_problems(*, plan: PlanApplication, lines: list[LineData]) -> list[str]:
    """Why these lines cannot stand in this plan, one Chinese sentence per problem."""
    program, policy = plan.program, plan.program.policy
    offered = set(policy.levels_offered)
    program_occupations = set(program.occupations.values_list("pk", flat=True))
    qualified = set(plan.base.qualifications.values_list("occupation_id", "level"))
    earliest, latest = training_window(program)
    problems, seen = [], set()
    for number, line in enumerate(lines, start=1):
        key = (line.occupation.pk if line.occupation else None, line.level)
        seen_before = key in seen
        seen.add(key)
        if line.planned_count < 1:
            problems.append(f"第 {number} 行：拟培训人数须大于 0。")
        if line.start and line.end and line.start > line.end:
            problems.append(f"第 {number} 行：结束日期不能早于开始日期。")
        outside = [d for d in (line.start, line.end) if d and not (earliest <= d <= latest)]
        if outside:
            window = f"{cn_date(earliest)}至{cn_date(latest)}"
            problems.append(f"第 {number} 行：起止时间须在项目培训期（{window}）之内。")
        if line.occupation is None and line.level is None:
            # Places for the whole base: only where the programme counts places per base.
            if not policy.places_by_base:
                problems.append(
                    f"第 {number} 行：本项目按职业（工种）及等级核定名额，请选择职业（工种）和等级。"
                )
            elif seen_before:
                problems.append(f"第 {number} 行：不分职业（工种）的行只能有一行。")
            continue
        if line.occupation is None or line.level is None:
            problems.append(f"第 {number} 行：职业（工种）和等级须同时填写。")
            continue
        what = f"第 {number} 行 {line.occupation.name}（{Level(line.level).label}）"
        if seen_before:
            problems.append(f"{what}：与前面的行重复。")
        if offered and line.level not in offered:
            problems.append(f"{what}：本项目不开设该等级。")
        if program_occupations and line.occupation.pk not in program_occupations:
            problems.append(f"{what}：本项目未开设该职业（工种）。")
        if policy.catalog_rule == CatalogRule.IN_CATALOG and not line.occupation.in_catalog:
            problems.append(f"{what}：本项目仅限国家职业资格目录内职业（工种）。")
        if line.level not in line.occupation.levels:
            problems.append(f"{what}：该职业（工种）没有{Level(line.level).label}的国家职业技能标准。")
        if (line.occupation.pk, line.level) not in qualified:
            problems.append(f"{what}：本基地不具备该职业（工种）、等级的培训资质。")
    return problems


def line_data(line: PlanLine) -> LineData:
    return LineData(line.occupation, line.level, line.planned_count, line.start, line.end, line.remark)
