"""The attendance grid of a class (trainees × sessions): its xlsx export, and judging a filled grid.

One path judges a grid for the browser preview, its commit and ``manage.py import_attendance``: the
whole file first, every row accepted or rejected with its reasons; nothing is saved here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.idcard import mask_id_number, normalize_id_number
from core.judged import ACCEPTED, JudgedReport, JudgedRow
from core.xlsx import header_style, safe_row, safe_value, save

from .choices import Category
from .hours import hours_for_class
from .models import Attendance, Session, TrainingClass

FIXED = ("序号", "姓名", "身份证号码")
STATUS_OF_LABEL = {label: value for value, label in Attendance.Status.choices}
LABEL_OF_STATUS = dict(Attendance.Status.choices)


class GridError(Exception):
    """The grid as a whole cannot be judged (wrong columns); the message is Chinese."""


def session_heading(session: Session) -> str:
    """The column heading that names a session in the grid, e.g. "2026-06-01 08:30-10:00"."""
    return f"{session.day:%Y-%m-%d} {session.start:%H:%M}-{session.end:%H:%M}"


def attendance_grid_xlsx(training_class: TrainingClass, *, full_ids: bool) -> bytes:
    """Two sheets: the grid, trainees × sessions with 出勤 / 缺勤 / 请假 (blank: not recorded), which
    imports back; and 学时汇总, each trainee's hours by category and completion from the one hours
    service, so the export says what the class page says. Typed text is written as text, never as a
    formula (``core.xlsx``). A fixed number of queries."""
    sessions = list(training_class.sessions.all())
    members = list(
        training_class.members.select_related("enrollment__trainee").order_by(
            "enrollment__trainee__name", "id"
        )
    )
    marks = {
        (enrollment, session): status
        for enrollment, session, status in Attendance.objects.filter(
            session__training_class=training_class
        ).values_list("enrollment_id", "session_id", "status")
    }
    hours = hours_for_class(training_class)

    def shown_id(member) -> str:
        number = member.enrollment.trainee.id_number
        return number if full_ids else mask_id_number(number)

    wb = Workbook(write_only=True)
    bold = header_style(wb)
    grid = wb.create_sheet(safe_value(f"{training_class.name}考勤")[:31])
    for i, width in enumerate([6, 10, 21, *([22] * len(sessions))], start=1):
        grid.column_dimensions[get_column_letter(i)].width = width
    grid.append(safe_row(grid, [*FIXED, *(session_heading(s) for s in sessions)], style=bold))
    for number, member in enumerate(members, start=1):
        statuses = (LABEL_OF_STATUS.get(marks.get((member.enrollment_id, s.pk)), "") for s in sessions)
        grid.append(safe_row(grid, [number, member.enrollment.trainee.name, shown_id(member), *statuses]))

    summary = wb.create_sheet("学时汇总")
    summary.append(safe_row(summary, SUMMARY_HEADER, style=bold))
    for number, member in enumerate(members, start=1):
        got = hours[member.enrollment_id]
        summary.append(
            safe_row(
                summary,
                [
                    number,
                    member.enrollment.trainee.name,
                    shown_id(member),
                    *(got.by_category[c] for c in Category.values),
                    got.total,
                    "是" if got.complete else "否",
                    got.missing_text(),
                ],
            )
        )
    return save(wb)


SUMMARY_HEADER = (*FIXED, *(label for _, label in Category.choices), "合计", "是否学满", "差额")


@dataclass
class GridRow(JudgedRow):
    marks: dict[int, str] = field(default_factory=dict)  # session id → status

    def extra(self) -> dict[str, Any]:
        return {"marks": len(self.marks)}


@dataclass
class GridReport(JudgedReport):
    rows: list[GridRow]
    sessions: int = 0

    def cells(self) -> list[tuple[int, int, str]]:
        """(session id, enrolment id, status) of every mark of the accepted rows."""
        return [
            (session, r.enrollment_id, status)
            for r in self.rows
            if r.status == ACCEPTED
            for session, status in r.marks.items()
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "rejected": self.rejected,
            "marks": len(self.cells()),
            "rows": [r.as_dict() for r in self.rows],
        }


def grid_width(training_class: TrainingClass) -> int:
    """How many columns to read: the grid's own and a few more, so that a stray column is reported."""
    return len(FIXED) + training_class.sessions.count() + 5


def grid_judge(
    training_class: TrainingClass, lines: Sequence[Sequence[Any]], *, today: datetime.date | None = None
) -> GridReport:
    """Every row of a filled grid (the header first) judged against the class: the trainee must be in it,
    each mark one of 出勤 / 缺勤 / 请假 (blank leaves the mark as it is), no mark for a future session."""
    today = today or timezone.localdate()
    lines = list(lines)
    if not lines:
        raise GridError("工作表是空的")
    sessions = {session_heading(s): s for s in training_class.sessions.all()}
    columns = _columns(lines[0], sessions)
    members = {
        m.enrollment.trainee.id_number: m.enrollment
        for m in training_class.members.select_related("enrollment__trainee")
    }
    seen: dict[str, int] = {}
    report = GridReport(rows=[], sessions=len(columns))
    for number, line in enumerate(lines[1:], start=2):
        cells = list(line) + [None] * len(FIXED)
        if all(_text(v) == "" for v in cells[1:]):
            continue
        id_number = normalize_id_number(_text(cells[2]))
        row = GridRow(row=number, id_number=id_number, name=_text(cells[1]))
        report.rows.append(row)
        enrollment = members.get(id_number)
        if enrollment is None:
            row.reject("not_in_class", f"身份证号码“{mask_id_number(id_number) or '空'}”不是本班学员")
        else:
            row.enrollment_id = enrollment.pk
            if row.name and row.name != enrollment.trainee.name:
                row.reject("name_mismatch", f"姓名“{row.name}”与登记的姓名不一致")
        if id_number in seen:
            row.reject("duplicate", f"与第 {seen[id_number]} 行是同一学员")
        else:
            seen[id_number] = number
        for index, session in columns:
            value = _text(cells[index] if index < len(cells) else None)
            if not value:
                continue
            status = STATUS_OF_LABEL.get(value)
            heading = session_heading(session)
            if status is None:
                row.reject("invalid_mark", f"“{heading}”一栏应为 出勤、缺勤 或 请假，实为“{value}”")
            elif session.day > today:
                row.reject("future_session", f"“{heading}”的课尚未开始，不能记录考勤")
            else:
                row.marks[session.pk] = status
    if not report.rows:
        raise GridError("考勤表没有数据行")
    return report


def grid_read(training_class: TrainingClass, source, *, today: datetime.date | None = None) -> GridReport:
    """A filled grid (an xlsx path or file object) read with the one safe reader and judged."""
    # Imported here, as in attendance.schedule, so that importing this module does not load openpyxl.
    from core.spreadsheets import SpreadsheetError, read_first_sheet

    try:
        lines = read_first_sheet(source, width=grid_width(training_class))
    except SpreadsheetError as exc:
        raise GridError(str(exc)) from exc
    return grid_judge(training_class, lines, today=today)


def _columns(header: Sequence[Any], sessions: dict[str, Session]) -> list[tuple[int, Session]]:
    for number, expected in enumerate(FIXED, start=1):
        actual = _text(header[number - 1] if len(header) >= number else None)
        if actual != expected:
            raise GridError(f"第 {number} 列应为“{expected}”，实为“{actual or '空'}”；请使用本班导出的考勤表")
    columns, seen = [], set()
    for index in range(len(FIXED), len(header)):
        heading = _text(header[index])
        if not heading:
            continue
        session = sessions.get(heading)
        if session is None:
            raise GridError(f"第 {index + 1} 列“{heading}”不是本班课程安排中的课；请使用本班导出的考勤表")
        if heading in seen:
            raise GridError(f"第 {index + 1} 列“{heading}”重复")
        seen.add(heading)
        columns.append((index, session))
    if not columns:
        raise GridError("考勤表中没有课程列")
    return columns


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
