"""The statistics tables of the notices, as data (SPEC §10).

A layout says which levels are columns, which figures each level shows, the lines above the table and the
lines below it. A programme's StatisticsPolicy names one layout; nothing here knows any city.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from programs.choices import Level

# The figures a level column group can show: key → heading.
TRAINED = "trained"
PASSED = "passed"
PASSED_IN = "passed_in"  # 目录内: the occupation leads to a national certificate
PASSED_OUT = "passed_out"  # 目录外


class LayoutKind(models.TextChoices):
    BY_LEVEL = "by_level", "职业（工种）× 等级（培训人数、合格人数）"
    BY_LEVEL_CATALOG = "by_level_catalog", "职业（工种）× 等级（目录内/目录外合格人数）"
    BY_LEVEL_ASSESSED = "by_level_assessed", "职业（工种）× 等级（考核评定合格人数）"
    PROJECT = "project", "项目制培训情况统计表（按县区）"


@dataclass(frozen=True)
class Layout:
    kind: str
    title: str  # "{program}" is the programme's training name
    # Level columns, left to right, and the figures under each.
    levels: tuple[int, ...] = ()
    measures: tuple[tuple[str, str], ...] = ()
    remark_column: bool = False
    # Lines above the table (label, then the value filled in) and below it (signature lines).
    header_lines: tuple[str, ...] = ("填报单位（盖章）", "填报时间")
    footer_lines: tuple[str, ...] = ("填报人", "联系电话")
    notes: tuple[str, ...] = ()
    # The project layout: one row per county instead of one per occupation.
    by_county: bool = False

    def columns(self) -> list[tuple[int | None, str, str]]:
        """(level, measure, heading) of every figure column, in order."""
        return [(level, key, heading) for level in self.levels for key, heading in self.measures]


LAYOUTS: dict[str, Layout] = {
    # 威海 (001) 附件: 高级技师 / 技师 / 高级工, each 培训人数 and 合格人数, then 备注.
    LayoutKind.BY_LEVEL: Layout(
        kind=LayoutKind.BY_LEVEL,
        title="{program}情况统计表",
        levels=(Level.SENIOR_TECHNICIAN, Level.TECHNICIAN, Level.SENIOR_WORKER),
        measures=((TRAINED, "培训人数"), (PASSED, "合格人数")),
        remark_column=True,
    ),
    # 德州 (002) 附件4: 高级技师 / 技师, each 培训人数, 目录内合格人数, 目录外合格人数.
    LayoutKind.BY_LEVEL_CATALOG: Layout(
        kind=LayoutKind.BY_LEVEL_CATALOG,
        title="{program}项目情况统计表",
        levels=(Level.SENIOR_TECHNICIAN, Level.TECHNICIAN),
        measures=((TRAINED, "培训人数"), (PASSED_IN, "目录内合格人数"), (PASSED_OUT, "目录外合格人数")),
    ),
    # 潍坊 (003) 附件2: 技师 / 高级技师, each 培训人数 and 考核评定合格人数; signed by the 分管院长（校长）.
    LayoutKind.BY_LEVEL_ASSESSED: Layout(
        kind=LayoutKind.BY_LEVEL_ASSESSED,
        title="{program}情况统计表",
        levels=(Level.TECHNICIAN, Level.SENIOR_TECHNICIAN),
        measures=((TRAINED, "培训人数"), (PASSED, "考核评定合格人数")),
        footer_lines=("分管院长（校长）", "填报处室", "处室负责人", "填报人", "联系电话"),
    ),
    # 泰安 (004) 附件: 县(市、区) | 培训项目名称 | 群体范围 | 培训人数 | 组织时间 | 备注, its own footer.
    LayoutKind.PROJECT: Layout(
        kind=LayoutKind.PROJECT,
        title="项目制培训情况统计表",
        header_lines=(),
        footer_lines=("填表人", "联系电话", "填表日期"),
        notes=("注：“组织时间”栏填写实际开展时间或计划开展时间。",),
        by_county=True,
    ),
}

PROJECT_HEADER = ["县(市、区)", "培训项目名称", "群体范围", "培训人数", "组织时间", "备注"]


def layout_for(kind: str) -> Layout:
    return LAYOUTS[kind]


@dataclass
class SheetHeading:
    """The two header rows of an occupation × level table (level groups over figure headings)."""

    top: list[str] = field(default_factory=list)
    bottom: list[str] = field(default_factory=list)


def heading(layout: Layout) -> SheetHeading:
    if layout.by_county:
        return SheetHeading(top=list(PROJECT_HEADER), bottom=[])
    top, bottom = ["职业（工种）"], [""]
    for level in layout.levels:
        for i, (_key, label) in enumerate(layout.measures):
            top.append(f"{Level(level).label}（人）" if i == 0 else "")
            bottom.append(label)
    if layout.remark_column:
        top.append("备注")
        bottom.append("")
    return SheetHeading(top=top, bottom=bottom)
