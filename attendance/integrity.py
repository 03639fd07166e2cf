"""Integrity checks of training delivery (issue 11 point 9; the notices punish 伪造、虚构培训事实).

One registry of checks. A check is one function decorated with ``@integrity_check(code, label)``: it
receives the scope (the SQL of the classes the reader may see, and its parameters) and today's date,
and returns ``Finding`` rows. Each check is one set-based statement over the province's rows — never a
Python loop over sessions or attendance — and reports a pair when at least one side is in the scope (a
county sees that its trainee was also marked present at another city's session). Adding a check is one
function and its decorator line.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from core.idcard import mask_name

from .models import Attendance, Session, TrainingClass

PRESENT = Attendance.Status.PRESENT.value


@dataclass(frozen=True)
class Finding:
    code: str
    training_class_id: int
    session_id: int | None
    detail: str
    other_session_id: int | None = None
    person: str = ""  # masked


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    run: Callable[[str, list, datetime.date], list[Finding]]


CHECKS: dict[str, Check] = {}


def integrity_check(code: str, label: str):
    def register(fn):
        CHECKS[code] = Check(code, label, fn)
        return fn

    return register


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _overlap(a: str, b: str) -> str:
    """SQL: sessions ``a`` and ``b`` are on the same day and their times overlap."""
    return f'{a}.day = {b}.day AND {a}."start" < {b}."end" AND {b}."start" < {a}."end"'


# --- the checks ---------------------------------------------------------------------------------------------


@integrity_check("person_overlap", "同一人同一时段在两处出勤")
def person_overlap(scope_sql: str, scope_params: list, today: datetime.date) -> list[Finding]:
    from trainees.models import Enrollment, Trainee

    sql = f"""
        SELECT s1.training_class_id, s1.id, s2.id, COALESCE(NULLIF(e1.name, ''), t.name)
        FROM {_table(Attendance)} a1
        JOIN {_table(Session)} s1 ON s1.id = a1.session_id
        JOIN {_table(Enrollment)} e1 ON e1.id = a1.enrollment_id
        JOIN {_table(Trainee)} t ON t.id = e1.trainee_id
        JOIN {_table(Enrollment)} e2 ON e2.trainee_id = e1.trainee_id
        JOIN {_table(Attendance)} a2 ON a2.enrollment_id = e2.id AND a2.session_id <> a1.session_id
        JOIN {_table(Session)} s2 ON s2.id = a2.session_id
        WHERE a1.status = '{PRESENT}' AND a2.status = '{PRESENT}' AND {_overlap("s1", "s2")}
          AND s1.training_class_id IN ({scope_sql})
    """
    return [
        Finding(
            "person_overlap",
            class_id,
            s1,
            f"{mask_name(name)} 同一时段在另一次课也记为出勤",
            other_session_id=s2,
            person=mask_name(name),
        )
        for class_id, s1, s2, name in _rows(sql, scope_params)
    ]


@integrity_check("teacher_overlap", "同一教师同一时段在两地授课")
def teacher_overlap(scope_sql: str, scope_params: list, today: datetime.date) -> list[Finding]:
    sql = f"""
        SELECT s1.training_class_id, s1.id, s2.id, s1.teacher
        FROM {_table(Session)} s1
        JOIN {_table(TrainingClass)} c1 ON c1.id = s1.training_class_id
        JOIN {_table(Session)} s2 ON s2.teacher = s1.teacher AND s2.id <> s1.id
        JOIN {_table(TrainingClass)} c2 ON c2.id = s2.training_class_id
        WHERE s1.teacher <> '' AND {_overlap("s1", "s2")}
          AND COALESCE(NULLIF(s1.place, ''), c1.place) <> COALESCE(NULLIF(s2.place, ''), c2.place)
          AND s1.training_class_id IN ({scope_sql})
    """
    return [
        Finding(
            "teacher_overlap", class_id, s1, f"教师“{teacher}”同一时段在另一地点授课", other_session_id=s2
        )
        for class_id, s1, s2, teacher in _rows(sql, scope_params)
    ]


@integrity_check("scan_reuse", "同一签到表文件用于不同课次")
def scan_reuse(scope_sql: str, scope_params: list, today: datetime.date) -> list[Finding]:
    sql = f"""
        SELECT s1.training_class_id, s1.id, s2.id
        FROM {_table(Session)} s1
        JOIN {_table(Session)} s2 ON s2.sign_in_sha256 = s1.sign_in_sha256 AND s2.id <> s1.id
        WHERE s1.sign_in_sha256 <> '' AND s1.training_class_id IN ({scope_sql})
    """
    return [
        Finding(
            "scan_reuse", class_id, s1, "签到表扫描件与另一次课的完全相同（同一文件）", other_session_id=s2
        )
        for class_id, s1, s2 in _rows(sql, scope_params)
    ]


@integrity_check("attendance_before_session", "课程尚未开始即已记录考勤")
def attendance_before_session(scope_sql: str, scope_params: list, today: datetime.date) -> list[Finding]:
    rows = (
        Attendance.objects.filter(session__training_class_id__in=_scope_ids(scope_sql, scope_params))
        .filter(Q(session__day__gt=today) | Q(recorded_at__date__lt=F("session__day")))
        .values("session_id", "session__training_class_id")
        .annotate(n=Count("id"))
        .order_by("session_id")
    )
    return [
        Finding(
            "attendance_before_session",
            row["session__training_class_id"],
            row["session_id"],
            f"{row['n']} 条考勤记录早于上课日期",
        )
        for row in rows
    ]


def _scope_ids(scope_sql: str, scope_params: list) -> RawSQL:
    return RawSQL(scope_sql, scope_params)


# --- running them ----------------------------------------------------------------------------------------


def findings(
    classes: QuerySet[TrainingClass], *, today: datetime.date | None = None, codes=None
) -> list[Finding]:
    """Every registered check (or those in ``codes``) over the classes of ``classes`` (a scoped
    queryset: its SQL becomes each check's scope)."""
    today = today or timezone.localdate()
    scope_sql, scope_params = classes.order_by().values("pk").query.sql_with_params()
    found = []
    for check in CHECKS.values():
        if codes is None or check.code in codes:
            found += check.run(scope_sql, list(scope_params), today)
    return found


@dataclass
class ClassFindings:
    training_class: TrainingClass
    items: list[tuple[Check, Finding, Session | None, Session | None]]


def findings_by_class(
    classes: QuerySet[TrainingClass], *, today: datetime.date | None = None
) -> list[ClassFindings]:
    """The findings grouped per class (classes with findings only), with the sessions they name read in
    one query."""
    found = findings(classes, today=today)
    session_ids = {f.session_id for f in found} | {f.other_session_id for f in found}
    sessions = Session.objects.select_related("training_class__base").in_bulk(
        [pk for pk in session_ids if pk is not None]
    )
    class_objects = classes.model.objects.select_related("base", "program").in_bulk(
        {f.training_class_id for f in found}
    )
    grouped: dict[int, list] = defaultdict(list)
    for finding in found:
        grouped[finding.training_class_id].append(
            (
                CHECKS[finding.code],
                finding,
                sessions.get(finding.session_id),
                sessions.get(finding.other_session_id) if finding.other_session_id else None,
            )
        )
    return [
        ClassFindings(
            class_objects[class_id], sorted(items, key=lambda item: (item[0].code, item[1].session_id or 0))
        )
        for class_id, items in sorted(grouped.items())
    ]
