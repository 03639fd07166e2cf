"""A province-year of attendance (issue 11 point 11): 100,000 enrolments in classes of 50, 50 sessions
each, so 5,000,000 marks, ingested through the portal's import path vs COPY of the same rows; then the
hours by category of one class and of one whole programme, before and after a second programme's
5,000,000 rows are stored beside them (the time must not grow with other programmes' rows).

- ``attendance_ingest_vs_copy``: per class, as the portal does it, the filled grid (the rows the one safe
  reader returns: header + one line per trainee) judged by ``attendance.grid.grid_judge`` and saved by
  ``attendance.services.attendance_import`` (one transaction and one audit entry per class), vs one COPY
  of the same (session, enrolment, status) rows from Python into the same empty table. Reading the xlsx
  is left out of both sides: it is the same openpyxl read whatever saves the rows (the roster import
  benchmark measures it). Aim ≥ 0.25 × COPY.
- ``hours_class_ms``: ``attendance.hours.hours_for_class`` of one class (what its page and export call).
- ``hours_programme_s``: ``trainee_hours`` over every class of the programme, as the dashboard calls it.
- ``hours_programme_growth``: the programme's hours after / before a second programme's rows (aim ≤ 1.5).

The classes, sessions and members are stored once (idempotent); the marks are generated as a stream,
never held as a whole.
"""

from __future__ import annotations

import datetime
import statistics
import time

from django.db import connection, transaction

from accounts.models import User
from attendance.grid import FIXED, LABEL_OF_STATUS, grid_judge, session_heading
from attendance.hours import hours_for_class, trainee_hours
from attendance.models import Attendance, ClassMember, Session, TrainingClass
from attendance.services import attendance_import
from core.db import bulk_insert
from programs.models import Program
from trainees.models import Enrollment

from .province import province

CLASS_SIZE = 50
PROGRAM = "weihai-2019"  # the province fill's enrolments
SECOND = "dezhou-2021"  # the other programme whose rows must not slow the first's hours
TODAY = datetime.date(2026, 1, 1)
CATEGORIES = ["ideology", *["theory"] * 4, *["practice"] * 5]  # of every 10 sessions


def _status(enrollment_id: int, k: int) -> str:
    """A fixed pattern of marks: mostly present, some absent, some on leave."""
    r = (enrollment_id * 7 + k) % 25
    return "absent" if r == 0 else "leave" if r == 1 else "present"


def _classes(program: Program, enrolments: int, sessions: int) -> list[TrainingClass]:
    """``enrolments`` of the programme's enrolments in classes of 50 per base, occupation and level, each
    with ``sessions`` sessions of 3 hours (10 % 思政, 40 % 理论, 50 % 实操, one in ten online)."""
    existing = list(TrainingClass.objects.filter(program=program, name__startswith="基准班").order_by("pk"))
    if existing:
        return existing
    ids = Enrollment.objects.filter(program=program).order_by("pk")
    ids = list(ids.values_list("pk", "base_id", "occupation_id", "level")[:enrolments])
    groups: dict[tuple, list[int]] = {}
    for pk, base, occupation, level in ids:
        groups.setdefault((base, occupation, level), []).append(pk)
    classes, members = [], []
    first_day = datetime.date(2025, 3, 3)
    for (base, occupation, level), pks in sorted(groups.items()):
        for start in range(0, len(pks), CLASS_SIZE):
            classes.append(
                TrainingClass(
                    program=program,
                    base_id=base,
                    occupation_id=occupation,
                    level=level,
                    name=f"基准班{base}-{occupation}-{level}-{start // CLASS_SIZE + 1}",
                    head_teacher="班主任",
                    place="实训楼",
                    start=first_day,
                    end=first_day + datetime.timedelta(days=sessions),
                )
            )
            members.append(pks[start : start + CLASS_SIZE])
    with transaction.atomic():
        # PostgreSQL returns the new ids, so each class is matched to its members by position.
        classes = TrainingClass.objects.bulk_create(classes, batch_size=1000)
        bulk_insert(
            ClassMember,
            (
                ClassMember(training_class=c, enrollment_id=pk)
                for c, pks in zip(classes, members, strict=True)
                for pk in pks
            ),
        )
        rows = []
        for c in classes:
            for k in range(sessions):
                morning = k % 2 == 0
                rows.append(
                    Session(
                        training_class=c,
                        day=c.start + datetime.timedelta(days=k // 2),
                        start=datetime.time(8, 30) if morning else datetime.time(14, 0),
                        end=datetime.time(11, 30) if morning else datetime.time(17, 0),
                        category=CATEGORIES[k % 10],
                        mode="online" if k % 10 == 3 else "offline",
                        hours=3,
                        content=f"第{k + 1}课",
                        teacher="教师",
                    )
                )
            if len(rows) >= 10_000:
                Session.objects.bulk_create(rows, batch_size=2000)
                rows = []
        Session.objects.bulk_create(rows, batch_size=2000)
    print(f"  stored {len(classes)} classes of {program.code} ({len(ids)} members, {sessions} sessions each)")
    return classes


def _plan(training_class: TrainingClass) -> tuple[list[Session], list[tuple[int, str, str]]]:
    sessions = list(training_class.sessions.order_by("day", "start", "id"))
    members = list(
        training_class.members.order_by("id").values_list(
            "enrollment_id", "enrollment__trainee__name", "enrollment__trainee__id_number"
        )
    )
    return sessions, members


def _copy(classes: list[TrainingClass], recorder: int) -> tuple[float, int]:
    """(seconds, rows) of COPYing every mark of the classes, from Python, in one statement. The ids are
    read first (two queries); only the writing is timed."""
    ids = [c.pk for c in classes]
    sessions: dict[int, list[int]] = {pk: [] for pk in ids}
    members: dict[int, list[int]] = {pk: [] for pk in ids}
    for class_id, pk in (
        Session.objects.filter(training_class__in=ids)
        .order_by("training_class", "day", "start", "id")
        .values_list("training_class_id", "pk")
        .iterator(chunk_size=10_000)
    ):
        sessions[class_id].append(pk)
    for class_id, pk in (
        ClassMember.objects.filter(training_class__in=ids)
        .order_by("training_class", "id")
        .values_list("training_class_id", "enrollment_id")
        .iterator(chunk_size=10_000)
    ):
        members[class_id].append(pk)
    now = datetime.datetime.now(datetime.UTC)
    rows = 0
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        columns = "session_id, enrollment_id, status, recorded_by_id, recorded_at"
        with cursor.copy(f"COPY attendance_attendance ({columns}) FROM STDIN") as copy:
            for class_id in ids:
                for enrollment in members[class_id]:
                    for k, session in enumerate(sessions[class_id]):
                        copy.write_row((session, enrollment, _status(enrollment, k), recorder, now))
                        rows += 1
    return time.perf_counter() - started, rows


def _fill(classes: list[TrainingClass], recorder: int) -> tuple[float, int]:
    """(seconds, rows): every member of the classes marked for every session, written by the server
    (INSERT … SELECT: the other programme's rows are only there to be in the way)."""
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO attendance_attendance (session_id, enrollment_id, status, recorded_by_id, recorded_at)
            SELECT s.id, m.enrollment_id,
                   CASE (m.enrollment_id * 7 + s.id) %% 25 WHEN 0 THEN 'absent' WHEN 1 THEN 'leave'
                        ELSE 'present' END,
                   %s, now()
            FROM attendance_session s JOIN attendance_classmember m USING (training_class_id)
            WHERE s.training_class_id = ANY(%s)
            ORDER BY s.training_class_id, m.id, s.id
            """,
            [recorder, [c.pk for c in classes]],
        )
        rows = cursor.rowcount
    return time.perf_counter() - started, rows


def _portal(classes: list[TrainingClass], actor: User) -> tuple[float, int]:
    """(seconds, marks saved) of judging and importing each class's filled grid."""
    seconds, saved = 0.0, 0
    for training_class in classes:
        sessions, members = _plan(training_class)
        lines = [[*FIXED, *(session_heading(s) for s in sessions)]]
        for number, (enrollment, name, id_number) in enumerate(members, start=1):
            marks = (LABEL_OF_STATUS[_status(enrollment, k)] for k in range(len(sessions)))
            lines.append([number, name, id_number, *marks])
        started = time.perf_counter()
        report = grid_judge(training_class, lines, today=TODAY)
        saved += attendance_import(
            actor=actor, training_class=training_class, marks=report, source="基准测试"
        )
        seconds += time.perf_counter() - started
    return seconds, saved


def _vacuum() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE attendance_attendance")
        cursor.execute("ANALYZE attendance_session")
        cursor.execute("ANALYZE attendance_classmember")


def _median(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _programme_hours(classes: list[TrainingClass]) -> None:
    members = ClassMember.objects.filter(training_class__in=classes).values_list("enrollment_id", flat=True)
    hours = trainee_hours(list(members), classes=classes)
    assert hours, "no hours"


def _explain(classes: list[TrainingClass]) -> None:
    """BENCH_EXPLAIN=1: the plans of the programme's hours queries (to see what grows)."""
    import os

    from django.test.utils import CaptureQueriesContext

    if not os.environ.get("BENCH_EXPLAIN"):
        return
    with CaptureQueriesContext(connection) as queries:
        _programme_hours(classes)
    with connection.cursor() as cursor:
        for q in queries.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
            print(f"  -- {q['time']} s: {q['sql'][:300]}")
            print("\n".join("     " + r[0][:200] for r in cursor.fetchall()))


def _second_enrolments(second: Program, count: int) -> None:
    """The first programme's people enrolled in the second programme too (one INSERT … SELECT)."""
    first = Program.objects.get(code=PROGRAM)
    if Enrollment.objects.filter(program=second).count() >= count:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO trainees_enrollment (
                trainee_id, program_id, base_id, occupation_id, level, status, employer, employer_type,
                cert_occupation, cert_number, title, honour, parallel_training, employer_recommended, remark,
                route, policy_version_id, reference_date, source, name, phone, withdrawal_reason,
                created_at, updated_at)
            SELECT trainee_id, %s, base_id, occupation_id, level, status, employer, employer_type,
                cert_occupation, cert_number, title, honour, parallel_training, employer_recommended, remark,
                route, %s, reference_date, source, name, phone, withdrawal_reason, created_at, updated_at
            FROM trainees_enrollment WHERE program_id = %s ORDER BY id LIMIT %s
            """,
            [second.pk, second.policy_id, first.pk, count],
        )


def measure(record, args) -> None:
    world = province(args)
    program = Program.objects.get(code=PROGRAM)
    n = min(args.attendance, Enrollment.objects.filter(program=program).count())
    classes = _classes(program, n, args.sessions)
    actor = world.clerk
    rows = n * args.sessions
    print(f"Attendance: {len(classes)} classes, {n} enrolments × {args.sessions} sessions = {rows} marks")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE attendance_attendance")
    copy_s, copied = _copy(classes, actor.pk)
    print(f"  COPY of the marks: {copy_s:.1f} s ({copied / copy_s:,.0f} rows/s)")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE attendance_attendance")
    portal_s, saved = _portal(classes, actor)
    print(f"  grid judge + import per class: {portal_s:.1f} s ({saved / portal_s:,.0f} rows/s)")
    assert saved == copied == Attendance.objects.count(), (saved, copied)
    record(
        "attendance_ingest_vs_copy",
        copy_s / portal_s,
        0.25,
        "× COPY of the same rows",
        f"{saved:,} marks in {len(classes)} classes: {portal_s:.1f} s vs {copy_s:.1f} s",
    )

    _vacuum()
    one = classes[len(classes) // 2]
    repeat = max(args.repeat, 3)
    class_before = _median(repeat * 3, lambda: hours_for_class(one))
    programme_before = _median(repeat, lambda: _programme_hours(classes))
    _explain(classes)
    print(f"  hours: one class {class_before * 1000:.1f} ms, the programme {programme_before:.2f} s")

    second = Program.objects.get(code=SECOND)
    _second_enrolments(second, n)
    others = _classes(second, n, args.sessions)
    other_s, other_rows = _fill(others, actor.pk)
    print(f"  stored {other_rows:,} marks of {second.code} with INSERT … SELECT in {other_s:.1f} s")
    _vacuum()
    class_after = _median(repeat * 3, lambda: hours_for_class(one))
    programme_after = _median(repeat, lambda: _programme_hours(classes))
    _explain(classes)
    record(
        "hours_class_ms",
        class_after * 1000,
        100,
        "ms",
        f"one class of {CLASS_SIZE} × {args.sessions}: {class_before * 1000:.1f} ms alone, "
        f"{class_after * 1000:.1f} ms beside {second.code}",
        better="lower",
    )
    record(
        "hours_programme_s",
        programme_after,
        10,
        "s",
        f"{len(classes)} classes, {rows:,} marks, beside {other_rows:,} of {second.code}",
        better="lower",
    )
    record(
        "hours_programme_growth",
        programme_after / programme_before,
        1.5,
        "× without the other programme",
        f"{programme_before:.2f} s alone, {programme_after:.2f} s beside {other_rows:,} other rows",
        better="lower",
    )
