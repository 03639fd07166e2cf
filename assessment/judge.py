"""The results table (序号 | 姓名 | 身份证号码 | 考核成绩 | 考核结果 | 鉴定结果 | 取得等级 | 证书编号
| 发证日期): its columns declared once, and the one judge of its rows.

The same judge reads an imported workbook (browser and ``manage.py import_results``) and the grid typed on
a class page (its fields are turned into the same rows), so the browser, the import and the command refuse
the same things with the same reasons. A pass (考核结果 or 鉴定结果 合格, or a level obtained) for a
trainee who did not complete the hours is refused with what is missing (``attendance.hours``). Nothing is
saved here.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from attendance.hours import TraineeHours
from core.idcard import mask_id_number, normalize_id_number
from core.judged import JudgedReport, JudgedRow
from programs.choices import Level

from .models import Result

HEADER = (
    "序号",
    "姓名",
    "身份证号码",
    "考核成绩",
    "考核结果",
    "鉴定结果",
    "取得等级",
    "证书编号",
    "发证日期",
)
# Help for the template's guide row and the grid's placeholders, one per column.
HELP = (
    "",
    "与花名册一致",
    "18 位",
    "0–100，可留空",
    "合格 / 不合格",
    "合格 / 不合格 / 未参加，可留空",
    "高级技师 / 技师 / 高级工 …，可留空",
    "字母、数字和“-”，最多 40 位",
    "YYYY-MM-DD",
)
WIDTH = len(HEADER) + 3
OUTCOME_OF_LABEL = {label: value for value, label in Result.Outcome.choices}
APPRAISAL_OF_LABEL = {label: value for value, label in Result.Appraisal.choices}
LEVEL_OF_LABEL = {label: value for value, label in Level.choices}
CERTIFICATE_NUMBER = re.compile(r"[A-Za-z0-9\-]{1,40}")


class ResultsFileError(Exception):
    """The table as a whole cannot be judged (wrong header, no rows); the message is Chinese."""


@dataclass(frozen=True)
class Candidate:
    """A trainee whose result may be entered: their enrolment and their hours."""

    enrollment_id: int
    id_number: str
    name: str
    hours: TraineeHours


@dataclass
class ResultRow(JudgedRow):
    values: dict[str, Any] = field(default_factory=dict)  # Result field → value

    def extra(self) -> dict[str, Any]:
        return {"route": ""}  # the roster report's row shape has a route; results have none


@dataclass
class ResultsReport(JudgedReport):
    rows: list[ResultRow]

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "rejected": self.rejected,
            "rows": [r.as_dict() for r in self.rows],
        }


def results_judge(candidates: dict[str, Candidate], lines: Sequence[Sequence[Any]]) -> ResultsReport:
    """Every row of a results table (the header first) judged against the trainees it may name."""
    lines = list(lines)
    if not lines:
        raise ResultsFileError("工作表是空的")
    _check_header(lines[0])
    report = ResultsReport(rows=[])
    seen: dict[str, int] = {}
    for number, line in enumerate(lines[1:], start=2):
        cells = [_text(v) for v in list(line)[: len(HEADER)]] + [""] * len(HEADER)
        if all(not v for v in cells[1 : len(HEADER)]):
            continue
        if cells[0] == HELP[0] and cells[1] == HELP[1]:
            continue  # the template's guide row
        row = _judge_row(number, cells, candidates, seen)
        report.rows.append(row)
    if not report.rows:
        raise ResultsFileError("考核结果表没有数据行")
    return report


def _judge_row(number: int, cells: list[str], candidates: dict[str, Candidate], seen: dict) -> ResultRow:
    _, name, raw_id, score, outcome, appraisal, level, cert_number, cert_date = cells[: len(HEADER)]
    id_number = normalize_id_number(raw_id)
    row = ResultRow(row=number, id_number=id_number, name=name[:30])
    candidate = candidates.get(id_number)
    if candidate is None:
        row.reject("not_a_trainee", f"身份证号码“{mask_id_number(id_number) or '空'}”不是本批次的学员")
    else:
        row.enrollment_id = candidate.enrollment_id
        if name and name != candidate.name:
            row.reject("name_mismatch", f"姓名“{name[:30]}”与登记的姓名不一致")
    if id_number and id_number in seen:
        row.reject("duplicate", f"与第 {seen[id_number]} 行是同一学员")
    elif id_number:
        seen[id_number] = number
    values: dict[str, Any] = {}
    values["score"] = _score(score, row)
    values["outcome"] = OUTCOME_OF_LABEL.get(outcome)
    if values["outcome"] is None:
        row.reject("invalid_outcome", f"考核结果应为 合格 或 不合格，实为“{outcome[:20] or '空'}”")
    values["appraisal"] = APPRAISAL_OF_LABEL.get(appraisal, "") if appraisal else ""
    if appraisal and appraisal not in APPRAISAL_OF_LABEL:
        row.reject("invalid_appraisal", f"鉴定结果应为 合格、不合格 或 未参加，实为“{appraisal[:20]}”")
    values["level_obtained"] = LEVEL_OF_LABEL.get(level) if level else None
    if level and level not in LEVEL_OF_LABEL:
        row.reject("invalid_level", f"取得等级应为 {'、'.join(LEVEL_OF_LABEL)} 之一，实为“{level[:20]}”")
    if level and values["appraisal"] and values["appraisal"] != Result.Appraisal.PASS:
        row.reject("level_without_pass", "鉴定结果不是“合格”，不能填写取得等级")
    values["certificate_number"] = cert_number
    if cert_number and not CERTIFICATE_NUMBER.fullmatch(cert_number):
        row.reject("invalid_certificate_number", "证书编号只能含字母、数字和“-”，最多 40 位")
    values["certificate_date"] = _date(cert_date, row)
    passes = (
        values["outcome"] == Result.Outcome.PASS
        or values["appraisal"] == Result.Appraisal.PASS
        or values["level_obtained"] is not None
    )
    if candidate is not None and passes and not candidate.hours.complete:
        row.reject("not_complete", f"未学满课时，不能评为合格：{candidate.hours.missing_text()}")
    row.values = values
    return row


def _check_header(header: Sequence[Any]) -> None:
    for number, expected in enumerate(HEADER, start=1):
        actual = _text(header[number - 1] if len(header) >= number else None)
        if actual != expected:
            raise ResultsFileError(
                f"第 {number} 列应为“{expected}”，实为“{actual[:20] or '空'}”；请使用平台下载的考核结果表模板"
            )


def _score(value: str, row: ResultRow) -> Decimal | None:
    if not value:
        return None
    try:
        score = Decimal(value)
    except InvalidOperation:
        score = None
    if score is None or not score.is_finite() or not 0 <= score <= 100:
        row.reject("invalid_score", f"考核成绩应为 0–100 的数，实为“{value[:20]}”")
        return None
    return score.quantize(Decimal("0.1"))


def _date(value: str, row: ResultRow) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10] if len(value) >= 19 else value)
    except ValueError:
        row.reject("invalid_date", f"发证日期应为 YYYY-MM-DD，实为“{value[:20]}”")
        return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
