"""The performance evaluation report (绩效评估报告, 德州 六 and 潍坊 四) of a base for a programme.

The figures are the portal's own, read when the report is drawn: places, enrolled, classes and hours,
completion, assessment and appraisal results, and the money received, spent by category and left. The
base writes the achievements, problems and remedies. Submitting stores the figures and the sealed PDF as
they were (the city reads what was sent, not a recomputation); the city may return a report to be
rewritten, and the base submits again.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Count, Q, Sum
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from accounts.models import User
from assessment.selectors import final_results, passed_enrollments
from attendance.hours import hours_for_class
from attendance.models import Session, TrainingClass
from bases.models import Base, PlanApplication, PlanLine
from core.errors import PortalError
from core.pdf import OpinionBox, OpinionDoc, document_styles, grid_table, numbered_canvas, paragraph
from programs.choices import Level
from programs.models import Program

from .models import PerformanceReport
from .selectors import figures, scope_enrollments

WHOLE_BASE = "不分等级"
ZERO = Decimal("0.00")


class ReportError(PortalError):
    """A performance report that cannot be saved or sent as asked."""


@dataclass
class LevelFacts:
    level: str
    places: int = 0
    enrolled: int = 0
    completed: int = 0
    assessed: int = 0
    passed: int = 0


@dataclass
class ReportFacts:
    """What the report says of the base's training, in plain data (stored as JSON when submitted)."""

    program: str
    base: str
    levels: list[LevelFacts] = field(default_factory=list)
    classes: int = 0
    hours_scheduled: str = "0"
    hours_delivered: str = "0"
    passed_national: int = 0
    passed_training: int = 0
    funds: list[tuple[str, str]] = field(default_factory=list)  # (label, amount "0.00")

    def total(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.levels)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> ReportFacts:
        levels = [LevelFacts(**row) for row in data.get("levels", [])]
        funds = [tuple(pair) for pair in data.get("funds", [])]
        return cls(**{**data, "levels": levels, "funds": funds})


def _per_level(rows, key: str = "level") -> dict[int | None, int]:
    return {row[key]: row["n"] for row in rows}


def report_facts(program: Program, base: Base, *, today=None) -> ReportFacts:
    """The base's figures for the programme, by a handful of aggregate queries."""
    today = today or timezone.localdate()
    places = _per_level(
        PlanLine.objects.filter(
            plan__program=program, plan__base=base, plan__status=PlanApplication.Status.CONFIRMED
        )
        .values("level")
        .annotate(n=Sum("planned_count"))
        .order_by()
    )
    enrolled = _per_level(
        scope_enrollments(program, base=base).values("level").annotate(n=Count("pk")).order_by()
    )
    assessed = _per_level(
        final_results(program, base).values("enrollment__level").annotate(n=Count("pk")).order_by(),
        key="enrollment__level",
    )
    passed = _per_level(passed_enrollments(program, base).values("level").annotate(n=Count("pk")).order_by())
    classes = list(TrainingClass.objects.filter(program=program, base=base))
    completed: dict[int, int] = {}
    for training_class in classes:
        done = sum(1 for hours in hours_for_class(training_class).values() if hours.complete)
        completed[training_class.level] = completed.get(training_class.level, 0) + done
    hours = Session.objects.filter(training_class__in=classes).aggregate(
        scheduled=Sum("hours"), delivered=Sum("hours", filter=Q(day__lte=today))
    )
    levels = sorted(set(places) | set(enrolled) | set(completed), key=lambda lvl: (lvl is None, -(lvl or 0)))
    by_route = figures(program, base=base)
    return ReportFacts(
        program=program.name,
        base=base.name,
        levels=[
            LevelFacts(
                level=Level(level).label if level is not None else WHOLE_BASE,
                places=places.get(level, 0),
                enrolled=enrolled.get(level, 0),
                completed=completed.get(level, 0),
                assessed=assessed.get(level, 0),
                passed=passed.get(level, 0),
            )
            for level in levels
        ],
        classes=len(classes),
        hours_scheduled=_hours(hours["scheduled"]),
        hours_delivered=_hours(hours["delivered"]),
        passed_national=by_route.total(measure="passed_in"),
        passed_training=by_route.total(measure="passed_out"),
        funds=[(label, f"{amount:.2f}") for label, amount in funds_of(program, base)],
    )


def funds_of(program: Program, base: Base) -> list[tuple[str, Decimal]]:
    """The money lines of the report, from the dedicated ledger (专账) when the subsidies app has one."""
    return []


def _hours(value) -> str:
    value = value or Decimal(0)
    return f"{value.normalize():f}" if value else "0"


# --------------------------------------------------------------------------------------------------
# The PDF
# --------------------------------------------------------------------------------------------------


def report_pdf(
    report: PerformanceReport, facts: ReportFacts, *, stamped_on, seal_image: bytes | None
) -> bytes:
    """A4 portrait: title, 一 basic facts, 二 assessment and appraisal, 三 funds, 四 the base's own words,
    and the base's seal over the date."""
    st = document_styles()
    buffer = io.BytesIO()
    title = f"{facts.program}绩效评估报告"
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=facts.base,
    )
    width = A4[0] - 40 * mm
    story: list = [
        paragraph(title, st["title"]),
        Spacer(1, 3 * mm),
        paragraph(f"培训基地（盖章）：{facts.base}", st["body"]),
        Spacer(1, 4 * mm),
        paragraph("一、基本情况", st["head_left"]),
        paragraph(
            f"共开设培训班次 {facts.classes} 个，安排课时 {facts.hours_scheduled} 学时，"
            f"已实施 {facts.hours_delivered} 学时。",
            st["body"],
        ),
        Spacer(1, 2 * mm),
    ]
    story.append(
        grid_table(
            ["等级", "计划名额", "培训人数", "结业人数", "参加考核", "考核合格"],
            [
                [row.level, row.places, row.enrolled, row.completed, row.assessed, row.passed]
                for row in facts.levels
            ],
            total=[
                "合计",
                *(facts.total(name) for name in ("places", "enrolled", "completed", "assessed", "passed")),
            ],
            widths=[width * f for f in (0.2, 0.16, 0.16, 0.16, 0.16, 0.16)],
            styles=st,
        )
    )
    story += [
        Spacer(1, 4 * mm),
        paragraph("二、考核鉴定情况", st["head_left"]),
        paragraph(
            f"考核合格 {facts.total('passed')} 人，其中取得国家职业资格（职业技能等级）证书 "
            f"{facts.passed_national} 人，取得“金蓝领”培训合格证书 {facts.passed_training} 人。",
            st["body"],
        ),
        Spacer(1, 4 * mm),
        paragraph("三、资金使用情况", st["head_left"]),
    ]
    if facts.funds:
        story.append(
            grid_table(
                ["项目", "金额（元）"],
                [list(pair) for pair in facts.funds],
                widths=[width * 0.6, width * 0.4],
                styles=st,
            )
        )
    else:
        story.append(paragraph("本项目尚无补贴资金收支记录。", st["body"]))
    story += [Spacer(1, 4 * mm), paragraph("四、主要成效、存在问题及整改措施", st["head_left"])]
    for heading, text in (
        ("（一）主要成效", report.achievements),
        ("（二）存在问题", report.problems),
        ("（三）整改措施", report.remedies),
    ):
        story += [paragraph(heading, st["body"]), paragraph(text or "无。", st["body"]), Spacer(1, 2 * mm)]
    base_org = report.base.organisation
    story.append(
        OpinionBox(
            OpinionDoc(
                text="", organisation=base_org.display_name, stamped_on=stamped_on, seal_image=seal_image
            ),
            st,
        )
    )
    document.build(story, canvasmaker=numbered_canvas(st["body"].fontName))
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# Services
# --------------------------------------------------------------------------------------------------


def report_for(program: Program, base: Base) -> PerformanceReport:
    """The base's report of the programme, or a new unsaved draft."""
    return PerformanceReport.objects.filter(program=program, base=base).first() or PerformanceReport(
        program=program, base=base
    )


def report_save(*, report: PerformanceReport, actor: User, achievements: str, problems: str, remedies: str):
    """Save the base's words; a submitted report is frozen until the city returns it."""
    from core.audit import audit_record

    if report.status == PerformanceReport.Status.SUBMITTED:
        raise ReportError("报告已报送市人社局，不能修改；如需修改请联系市人社局退回。")
    report.achievements, report.problems, report.remedies = achievements, problems, remedies
    report.full_clean(exclude=["program", "base", "figures", "file"])
    report.save()
    audit_record(
        actor=actor,
        action="performance.save",
        obj=report,
        organisation=report.base.organisation,
        note=f"保存绩效评估报告：{report.program.name}",
    )
    return report


def submitted_effects(report: PerformanceReport, *, actor, **_) -> None:
    """Store the figures and the sealed PDF as sent."""
    if not (report.problems.strip() and report.remedies.strip()):
        raise ReportError("请先填写“存在问题”和“整改措施”并保存，再报送。")
    now = timezone.now()
    facts = report_facts(report.program, report.base)
    organisation = report.base.organisation
    seal = None
    if organisation.seal:
        with organisation.seal.open("rb") as handle:
            seal = handle.read()
    content = report_pdf(report, facts, stamped_on=timezone.localtime(now).date(), seal_image=seal)
    report.figures = facts.as_json()
    report.file.save(
        f"{report.program.code}_{report.base.pk}_绩效评估报告.pdf", ContentFile(content), save=False
    )
    report.submitted_by, report.submitted_at, report.city_opinion = actor, now, ""


def returned_effects(report: PerformanceReport, *, opinion: str, **_) -> None:
    report.city_opinion = opinion
