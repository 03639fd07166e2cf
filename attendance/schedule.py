"""The schedule (课程安排表, SPEC §7): its columns, reading its rows, and the one checker that judges a
schedule against a programme's hour rules.

The checker is a pure function of (rules, sessions, period): the browser editor, the imported workbook
and ``manage.py check_schedule`` all call ``schedule_check``, so a schedule refused in one place is
refused everywhere. Rows that cannot be read are not an exception: each becomes an ``invalid_row``
breach and the rest of the schedule is still judged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from .choices import Category, Mode

# One declaration per column, in the template's order: the header text, and the help the template's
# guide sheet prints for it.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("序号", "可不填"),
    ("日期", "日期单元格，或文本 YYYY-MM-DD"),
    ("开始时间", "时间单元格，或文本 HH:MM（24 小时制）"),
    ("结束时间", "时间单元格，或文本 HH:MM，须晚于开始时间"),
    ("课程类别", "思政 / 理论 / 实操"),
    ("课程内容", "本次课的内容"),
    ("授课教师", "教师姓名"),
    ("授课方式", "线上 / 线下"),
    ("课时", "正数，按课时（学时）计，不是钟点"),
    ("地点", "上课地点；线上课可填平台名称"),
)
HEADER: tuple[str, ...] = tuple(name for name, _ in COLUMNS)

_CATEGORIES = {label: value for value, label in Category.choices}
_MODES = {label: value for value, label in Mode.choices}
_TIME_TEXT = re.compile(r"(\d{1,2})[:：](\d{2})")
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")


class ScheduleError(Exception):
    """The workbook as a whole cannot be read (wrong header, no rows); the message is Chinese."""


@dataclass(frozen=True)
class Session:
    """One scheduled session as the checker sees it."""

    row: int
    day: date
    start: time
    end: time
    category: str
    mode: str
    hours: Decimal
    content: str = ""
    teacher: str = ""
    place: str = ""


@dataclass(frozen=True)
class InvalidRow:
    row: int
    problems: tuple[str, ...]


@dataclass(frozen=True)
class HourRules:
    """The delivery rules of one policy version; a blank (None / False) rule is not checked."""

    total_min: Decimal | None = None
    category_min: Mapping[str, Decimal] = field(default_factory=dict)
    online_share_max: Decimal | None = None
    practical_offline: bool = False

    @classmethod
    def from_policy(cls, policy) -> HourRules:
        minimums = {
            Category.IDEOLOGY.value: policy.hours_ideology,
            Category.THEORY.value: policy.hours_theory,
            Category.PRACTICE.value: policy.hours_practice,
        }
        return cls(
            total_min=_decimal_or_none(policy.hours_total),
            category_min={k: Decimal(v) for k, v in minimums.items() if v is not None},
            online_share_max=_decimal_or_none(policy.online_share_max),
            practical_offline=bool(policy.online_theory_only),
        )


@dataclass(frozen=True)
class Breach:
    code: str
    message: str
    category: str = ""
    rows: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.category:
            data["category"] = Category(self.category).label
        if self.rows:
            data["rows"] = list(self.rows)
        return data


@dataclass(frozen=True)
class ScheduleCheck:
    hours: Mapping[str, Decimal]
    breaches: tuple[Breach, ...]

    @property
    def ok(self) -> bool:
        return not self.breaches

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "hours": {key: _number(value) for key, value in self.hours.items()},
            "breaches": [breach.as_dict() for breach in self.breaches],
        }


# ---------------------------------------------------------------------------------------------------
# The checker
# ---------------------------------------------------------------------------------------------------


def schedule_check(
    sessions: Sequence[Session],
    rules: HourRules,
    *,
    invalid: Sequence[InvalidRow] = (),
    period_start: date | None = None,
    period_end: date | None = None,
) -> ScheduleCheck:
    """Every breach of the rules by this schedule (SPEC §7's codes), and its hour totals."""
    by_category = {value: Decimal(0) for value in Category.values}
    online = Decimal(0)
    for session in sessions:
        by_category[session.category] += session.hours
        if session.mode == Mode.ONLINE:
            online += session.hours
    total = sum(by_category.values(), Decimal(0))
    hours = {"total": total, **{Category(k).label: v for k, v in by_category.items()}, "online": online}

    breaches = [
        Breach("invalid_row", f"第 {bad.row} 行无法读取：" + "；".join(bad.problems), rows=(bad.row,))
        for bad in invalid
    ]
    if rules.total_min is not None and total < rules.total_min:
        breaches.append(
            Breach(
                "total_hours_short",
                f"总课时 {_number(total)}，少于要求的 {_number(rules.total_min)} 课时",
            )
        )
    for category in Category.values:
        minimum = rules.category_min.get(category)
        if minimum is not None and by_category[category] < minimum:
            label = Category(category).label
            breaches.append(
                Breach(
                    "category_hours_short",
                    f"{label}课时 {_number(by_category[category])}，少于要求的 {_number(minimum)} 课时",
                    category=category,
                    rows=tuple(s.row for s in sessions if s.category == category),
                )
            )
    if rules.online_share_max is not None and online > rules.online_share_max * total:
        allowed = rules.online_share_max * total
        breaches.append(
            Breach(
                "online_share_exceeded",
                f"线上课时 {_number(online)}，超过总课时的 {_number(rules.online_share_max * 100)}%"
                f"（最多 {_number(allowed)} 课时）",
                rows=tuple(s.row for s in sessions if s.mode == Mode.ONLINE),
            )
        )
    if rules.practical_offline:
        online_practice = tuple(
            s.row for s in sessions if s.category == Category.PRACTICE and s.mode == Mode.ONLINE
        )
        if online_practice:
            breaches.append(
                Breach(
                    "practical_online",
                    "实操课须线下进行，不得安排线上授课",
                    category=Category.PRACTICE.value,
                    rows=online_practice,
                )
            )
    breaches.extend(_overlaps(sessions))
    outside = tuple(
        s.row
        for s in sessions
        if (period_start and s.day < period_start) or (period_end and s.day > period_end)
    )
    if outside:
        breaches.append(
            Breach(
                "outside_period",
                f"有课程安排在培训期（{_period(period_start, period_end)}）之外",
                rows=outside,
            )
        )
    return ScheduleCheck(hours=hours, breaches=tuple(breaches))


def _overlaps(sessions: Sequence[Session]) -> list[Breach]:
    """One breach per pair of sessions whose times intersect on the same day (touching is fine)."""
    breaches = []
    ordered = sorted(sessions, key=lambda s: (s.day, s.start, s.row))
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.day != first.day or second.start >= first.end:
                break
            breaches.append(
                Breach(
                    "session_overlap",
                    f"第 {first.row} 行与第 {second.row} 行的上课时间重叠"
                    f"（{first.day:%Y-%m-%d} {first.start:%H:%M}-{first.end:%H:%M} 与 "
                    f"{second.start:%H:%M}-{second.end:%H:%M}）",
                    rows=(first.row, second.row),
                )
            )
    return breaches


# ---------------------------------------------------------------------------------------------------
# Reading rows
# ---------------------------------------------------------------------------------------------------


def schedule_rows(lines: Iterable[Sequence[Any]]) -> tuple[list[Session], list[InvalidRow]]:
    """Rows of a schedule sheet (the header first) as sessions and unreadable rows, numbered as in Excel."""
    lines = iter(lines)
    header = next(lines, None)
    if header is None:
        raise ScheduleError("工作表是空的")
    _check_header(header)
    sessions, invalid = [], []
    for number, line in enumerate(lines, start=2):
        cells = (list(line) + [None] * len(HEADER))[: len(HEADER)]
        if all(_blank(value) for value in cells[1:]):
            continue  # an empty or pre-numbered spare row
        parsed = session_from_cells(number, dict(zip(HEADER, cells, strict=True)))
        (sessions if isinstance(parsed, Session) else invalid).append(parsed)
    if not sessions and not invalid:
        raise ScheduleError("课程安排表没有数据行")
    return sessions, invalid


def session_from_cells(number: int, cells: Mapping[str, Any]) -> Session | InvalidRow:
    """One row's cells (by header) as a session, or every reason it cannot be read."""
    problems: list[str] = []
    day = _date_cell(cells.get("日期"), problems)
    start = _time_cell(cells.get("开始时间"), "开始时间", problems)
    end = _time_cell(cells.get("结束时间"), "结束时间", problems)
    if start and end and end <= start:
        problems.append("结束时间须晚于开始时间")
    category = _CATEGORIES.get(_key(cells.get("课程类别")))
    if category is None:
        problems.append(f"课程类别应为 思政、理论 或 实操，实为“{_text(cells.get('课程类别'))}”")
    mode = _MODES.get(_key(cells.get("授课方式")))
    if mode is None:
        problems.append(f"授课方式应为 线上 或 线下，实为“{_text(cells.get('授课方式'))}”")
    hours = _hours_cell(cells.get("课时"), problems)
    if problems:
        return InvalidRow(number, tuple(problems))
    return Session(
        row=number,
        day=day,
        start=start,
        end=end,
        category=category,
        mode=mode,
        hours=hours,
        content=_text(cells.get("课程内容")),
        teacher=_text(cells.get("授课教师")),
        place=_text(cells.get("地点")),
    )


def _check_header(header: Sequence[Any]) -> None:
    cells = (list(header) + [None] * len(HEADER))[: len(HEADER)]
    for number, (expected, actual) in enumerate(zip(HEADER, cells, strict=True), start=1):
        if _key(actual) != _key(expected):
            shown = f"“{_text(actual)}”" if not _blank(actual) else "空"
            raise ScheduleError(f"第 {number} 列应为“{expected}”，实为{shown}")


def _date_cell(value: Any, problems: list[str]) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if _DATE_TEXT.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    problems.append(f"日期应为日期或 YYYY-MM-DD，实为“{text}”" if text else "未填日期")
    return None


def _time_cell(value: Any, label: str, problems: list[str]) -> time | None:
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    text = _text(value)
    match = _TIME_TEXT.fullmatch(text)
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return time(int(match[1]), int(match[2]))
    problems.append(f"{label}应为 HH:MM，实为“{text}”" if text else f"未填{label}")
    return None


def _hours_cell(value: Any, problems: list[str]) -> Decimal | None:
    text = _text(value)
    try:
        hours = Decimal(text)
    except InvalidOperation:
        hours = None
    if hours is None or not hours.is_finite() or hours <= 0:
        problems.append(f"课时应为正数，实为“{text}”" if text else "未填课时")
        return None
    return hours


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _key(value: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _text(value)))


def _decimal_or_none(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _number(value: Decimal) -> int | float:
    """Hours as JSON shows them: 210, not "210.00"; 1.5 stays 1.5."""
    return int(value) if value == value.to_integral_value() else float(value)


def _period(start: date | None, end: date | None) -> str:
    shown = [f"{d:%Y-%m-%d}" if d else "不限" for d in (start, end)]
    return " 至 ".join(shown)


def schedule_read(source) -> tuple[list[Session], list[InvalidRow]]:
    """The first worksheet of an xlsx (a path or a file object) as sessions and unreadable rows."""
    # Imported here so that the checker above stays importable without openpyxl's start-up cost.
    from core.spreadsheets import SpreadsheetError, read_first_sheet

    try:
        return schedule_rows(read_first_sheet(source, width=len(HEADER)))
    except SpreadsheetError as exc:
        raise ScheduleError(str(exc)) from exc
