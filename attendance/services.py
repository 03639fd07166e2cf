"""Writes of training delivery: classes and their trainees, the schedule, attendance and sign-in scans.

Every function is atomic and audited, and refuses with a ``DeliveryError`` (Chinese message) what the
user can correct. Attendance of many trainees is written with one bulk statement, never a query per cell.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from bases.models import Base, PlanApplication, PlanLine
from core.audit import audit_record
from core.db import bulk_upsert
from core.errors import PortalError
from core.uploads import IMAGE_OR_PDF, storing, validate_upload
from programs.choices import Level
from programs.models import Occupation, Program
from trainees.models import Enrollment

from .models import Attendance, ClassMember, Session, TrainingClass
from .schedule import HourRules, InvalidRow, ScheduleCheck, schedule_check
from .schedule import Session as ScheduleSession

SIGN_IN_MAX_BYTES = 20 * 1024 * 1024
SIGN_IN_EXTENSIONS = {"png": "png", "jpeg": "jpg", "pdf": "pdf"}


class DeliveryError(PortalError):
    """A step of training delivery that cannot be taken; the message says why, in Chinese."""


# --- classes ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassData:
    occupation: Occupation
    level: int
    name: str
    head_teacher: str
    place: str
    start: datetime.date
    end: datetime.date


def class_capacity(training_class: TrainingClass) -> int | None:
    """The most trainees the programme's policy allows in one class (None: no limit)."""
    policy = training_class.program.policy
    return policy.class_size_max if policy else None


def class_save(
    *, actor: User, base: Base, program: Program, data: ClassData, training_class: TrainingClass | None = None
) -> TrainingClass:
    """Create a class (or change one): it must train an occupation and level of the base's confirmed
    plan, within the programme's training dates and the plan line's dates."""
    # The plan's line for this occupation and level or, where the programme counts places per base
    # (潍坊), the plan's line for the whole base; the exact line wins when a plan has both.
    line = (
        PlanLine.objects.filter(plan__base=base, plan__program=program)
        .filter(Q(occupation=data.occupation, level=data.level) | Q(occupation__isnull=True))
        .select_related("plan")
        .order_by(F("occupation").asc(nulls_last=True))
        .first()
    )
    what = f"{data.occupation.name}（{Level(data.level).label}）"
    if line is None:
        raise DeliveryError(f"本基地在“{program.name}”的培训计划中没有 {what}，不能开设该班次。")
    if line.plan.status != PlanApplication.Status.CONFIRMED:
        raise DeliveryError(
            f"本基地在“{program.name}”的培训计划尚未确定（{line.plan.get_status_display()}），不能开班。"
        )
    problems = _date_problems(program, line, data.start, data.end)
    if problems:
        raise DeliveryError("；".join(problems) + "。")
    retargeted = training_class is not None and (training_class.occupation_id, training_class.level) != (
        data.occupation.pk,
        data.level,
    )
    if retargeted and training_class.members.exists():
        raise DeliveryError("班次已有学员，不能更改职业（工种）或等级。")
    creating = training_class is None
    training_class = training_class or TrainingClass(program=program, base=base, created_by=actor)
    for name in ("occupation", "level", "name", "head_teacher", "place", "start", "end"):
        setattr(training_class, name, getattr(data, name))
    try:
        with transaction.atomic():
            # Uniqueness and the date order are the database's constraints, reported in Chinese below.
            training_class.full_clean(
                exclude=["program", "base", "created_by"], validate_unique=False, validate_constraints=False
            )
            training_class.save()
            audit_record(
                actor=actor,
                action="class.create" if creating else "class.update",
                obj=training_class,
                organisation=base.organisation,
                note=f"{what}，{data.start:%Y-%m-%d} 至 {data.end:%Y-%m-%d}",
            )
    except IntegrityError:
        raise DeliveryError(f"本基地在该项目中已有名为“{data.name}”的班次。") from None
    except ValidationError as exc:
        raise DeliveryError("；".join(exc.messages)) from None
    return training_class


def _date_problems(program: Program, line: PlanLine, start: datetime.date, end: datetime.date) -> list[str]:
    problems = []
    if start > end:
        problems.append("结业日期不能早于开班日期")
    bounds = [
        ("培训项目", program.training_start, program.training_end),
        ("培训计划", line.start, line.end),
    ]
    for label, first, last in bounds:
        if first and start < first:
            problems.append(f"开班日期不能早于{label}的培训开始日期 {first:%Y-%m-%d}")
        if last and end > last:
            problems.append(f"结业日期不能晚于{label}的培训结束日期 {last:%Y-%m-%d}")
    return problems


def eligible_enrollments(training_class: TrainingClass):
    """The base's active enrolments of the class's occupation and level that are in no class yet."""
    return (
        Enrollment.objects.filter(
            program=training_class.program_id,
            base=training_class.base_id,
            occupation=training_class.occupation_id,
            level=training_class.level,
            status=Enrollment.Status.ACTIVE,
            class_membership__isnull=True,
        )
        .select_related("trainee")
        .order_by("trainee__name", "id")
    )


def members_assign(
    *, actor: User, training_class: TrainingClass, enrollments: Sequence[Enrollment]
) -> list[ClassMember]:
    """Put these trainees in the class, all of them or none: each must be eligible and the class must
    have room for all."""
    if not enrollments:
        raise DeliveryError("请选择要编入班次的学员。")
    with transaction.atomic():
        # One writer per class, so two clerks cannot both fill the last places.
        TrainingClass.objects.select_for_update().get(pk=training_class.pk)
        eligible = set(eligible_enrollments(training_class).values_list("pk", flat=True))
        refused = [e.trainee.name for e in enrollments if e.pk not in eligible]
        if refused:
            raise DeliveryError(
                "以下学员不能编入本班（不是本基地该职业等级的在册学员，或已在其他班次）："
                + "、".join(refused)
            )
        capacity = class_capacity(training_class)
        current = training_class.members.count()
        if capacity is not None and current + len(enrollments) > capacity:
            raise DeliveryError(
                f"本班已有 {current} 人，每班最多 {capacity} 人，"
                f"最多还能编入 {max(capacity - current, 0)} 人（本次选择 {len(enrollments)} 人）。"
            )
        try:
            with transaction.atomic():
                members = ClassMember.objects.bulk_create(
                    [ClassMember(training_class=training_class, enrollment=e) for e in enrollments]
                )
        except IntegrityError:
            raise DeliveryError("所选学员中有人刚被编入其他班次，请刷新后重试。") from None
        audit_record(
            actor=actor,
            action="class.assign",
            obj=training_class,
            organisation=training_class.base.organisation,
            note=f"编入 {len(members)} 人：" + "、".join(e.trainee.name for e in enrollments)[:150],
        )
    return members


def member_remove(*, actor: User, member: ClassMember) -> None:
    """Take a trainee out of a class; refused once attendance was recorded for them in it."""
    training_class = member.training_class
    with transaction.atomic():
        recorded = Attendance.objects.filter(
            enrollment=member.enrollment_id, session__training_class=training_class
        ).count()
        if recorded:
            raise DeliveryError(
                f"{member.enrollment.trainee.name} 在本班已有 {recorded} 条考勤记录，不能移出班次。"
            )
        member.delete()
        audit_record(
            actor=actor,
            action="class.remove",
            obj=training_class,
            organisation=training_class.base.organisation,
            note=f"移出 {member.enrollment.trainee.name}",
        )


# --- the schedule ---------------------------------------------------------------------------------------


def class_rules(training_class: TrainingClass) -> HourRules:
    policy = training_class.program.policy
    return HourRules.from_policy(policy) if policy else HourRules()


def as_schedule_sessions(sessions: Iterable[Session]) -> list[ScheduleSession]:
    """Stored sessions as the checker sees them, numbered 1, 2, … in schedule order."""
    return [
        ScheduleSession(
            row=number,
            day=s.day,
            start=s.start,
            end=s.end,
            category=s.category,
            mode=s.mode,
            hours=s.hours,
            content=s.content,
            teacher=s.teacher,
            place=s.place,
        )
        for number, s in enumerate(sessions, start=1)
    ]


def schedule_verdict(
    training_class: TrainingClass, sessions: Sequence[ScheduleSession], invalid: Sequence[InvalidRow] = ()
) -> ScheduleCheck:
    """The one checker applied to a class: its policy's rules, its dates as the period."""
    return schedule_check(
        sessions,
        class_rules(training_class),
        invalid=invalid,
        period_start=training_class.start,
        period_end=training_class.end,
    )


SESSION_FIELDS = ("day", "start", "end", "category", "content", "teacher", "mode", "hours", "place")


def session_save(
    *, actor: User, training_class: TrainingClass, data: Mapping, session: Session | None = None
) -> Session:
    """Add a session to the schedule or change one. Breaches of the hour rules do not stop the typing:
    the class page shows the checker's verdict."""
    creating = session is None
    session = session or Session(training_class=training_class)
    for name in SESSION_FIELDS:
        setattr(session, name, data[name])
    if session.end <= session.start:
        raise DeliveryError("结束时间须晚于开始时间。")
    if session.hours <= 0:
        raise DeliveryError("课时须为正数。")
    # Moving a session whose attendance was taken into the future would leave attendance recorded for a
    # session that has not happened.
    if not creating and session.day > timezone.localdate() and session.attendance.exists():
        raise DeliveryError("这次课已记录考勤，不能改到今天以后的日期。")
    from .filing import schedule_gate  # the filing module reads the schedule through this one

    with transaction.atomic():
        before = Session.objects.get(pk=session.pk) if not creating else None
        kind = "session_add" if creating else "session_change"
        amendment = schedule_gate(
            actor=actor, training_class=training_class, kind=kind, session=before, data=data
        )
        session.amendment = amendment
        if amendment is not None and amendment.status == amendment.Status.PENDING:
            # Held for the reviewer's approval: the schedule keeps the filed session.
            if before is not None:
                for name in SESSION_FIELDS:
                    setattr(session, name, getattr(before, name))
            return session
        session.save()
        audit_record(
            actor=actor,
            action="session.create" if creating else "session.update",
            obj=training_class,
            organisation=training_class.base.organisation,
            note=str(session),
        )
    return session


def session_delete(*, actor: User, session: Session) -> None:
    training_class = session.training_class
    from .filing import schedule_gate

    with transaction.atomic():
        if session.attendance.exists():
            raise DeliveryError("这次课已记录考勤，不能删除。")
        amendment = schedule_gate(
            actor=actor, training_class=training_class, kind="session_delete", session=session
        )
        if amendment is not None and amendment.status == amendment.Status.PENDING:
            session.amendment = amendment
            return
        session.delete()
        audit_record(
            actor=actor,
            action="session.delete",
            obj=training_class,
            organisation=training_class.base.organisation,
            note=str(session),
        )


def week_copy(
    *, actor: User, training_class: TrainingClass, week_of: datetime.date, to_week_of: datetime.date
) -> list[Session]:
    """Copy the sessions of the week (Monday to Sunday) holding ``week_of`` to the week holding
    ``to_week_of``, same weekdays and times."""
    source_monday = week_of - datetime.timedelta(days=week_of.weekday())
    target_monday = to_week_of - datetime.timedelta(days=to_week_of.weekday())
    if source_monday == target_monday:
        raise DeliveryError("目标周与被复制的周相同。")
    shift = target_monday - source_monday
    week = training_class.sessions.filter(
        day__gte=source_monday, day__lte=source_monday + datetime.timedelta(days=6)
    )
    copies = [
        Session(training_class=training_class, **{n: getattr(s, n) for n in SESSION_FIELDS}) for s in week
    ]
    if not copies:
        raise DeliveryError(f"{source_monday:%Y-%m-%d} 所在的一周没有课程安排可复制。")
    for copy in copies:
        copy.day += shift
    outside = [c for c in copies if not training_class.start <= c.day <= training_class.end]
    if outside:
        raise DeliveryError(
            f"复制后有 {len(outside)} 次课落在班次的培训期"
            f"（{training_class.start:%Y-%m-%d} 至 {training_class.end:%Y-%m-%d}）之外，未复制。"
        )
    from .filing import schedule_gate

    with transaction.atomic():
        schedule_gate(
            actor=actor,
            training_class=training_class,
            kind="bulk",
            data=f"复制 {source_monday:%Y-%m-%d} 一周的 {len(copies)} 次课到 {target_monday:%Y-%m-%d} 一周",
        )
        created = Session.objects.bulk_create(copies)
        audit_record(
            actor=actor,
            action="session.copy_week",
            obj=training_class,
            organisation=training_class.base.organisation,
            note=f"复制 {source_monday:%Y-%m-%d} 一周的 {len(created)} 次课到 {target_monday:%Y-%m-%d} 一周",
        )
    return created


def schedule_replace(
    *,
    actor: User,
    training_class: TrainingClass,
    sessions: Sequence[ScheduleSession],
    invalid: Sequence[InvalidRow] = (),
    source: str = "",
) -> list[Session]:
    """Replace the class's schedule with an imported one, all rows or none. Unreadable rows refuse the
    whole file; so does attendance already taken, which the old sessions carry."""
    if invalid:
        rows = "、".join(str(bad.row) for bad in invalid)
        raise DeliveryError(f"第 {rows} 行无法读取，课程安排表未导入；请修改后重新上传。")
    if not sessions:
        raise DeliveryError("课程安排表没有数据行。")
    with transaction.atomic():
        TrainingClass.objects.select_for_update().get(pk=training_class.pk)
        if Attendance.objects.filter(session__training_class=training_class).exists():
            raise DeliveryError("本班已记录考勤，不能整体替换课程安排；请在页面上逐条修改。")
        from .filing import schedule_gate

        schedule_gate(
            actor=actor,
            training_class=training_class,
            kind="bulk",
            data=f"重新导入课程安排 {len(sessions)} 次课" + (f"（{source}）" if source else ""),
        )
        training_class.sessions.all().delete()
        created = Session.objects.bulk_create(
            [
                Session(
                    training_class=training_class,
                    day=s.day,
                    start=s.start,
                    end=s.end,
                    category=s.category,
                    content=s.content[:200],
                    teacher=s.teacher[:30],
                    mode=s.mode,
                    hours=s.hours,
                    place=s.place[:100],
                )
                for s in sessions
            ]
        )
        audit_record(
            actor=actor,
            action="schedule.import",
            obj=training_class,
            organisation=training_class.base.organisation,
            note=f"导入课程安排 {len(created)} 次课" + (f"（{source}）" if source else ""),
        )
    return created


# --- attendance -----------------------------------------------------------------------------------------


def attendance_refusal(session: Session, today: datetime.date | None = None) -> str:
    """Why attendance cannot be recorded for this session yet ("" if it can)."""
    today = today or timezone.localdate()
    if session.day > today:
        return f"这次课（{session.day:%Y-%m-%d}）尚未开始，不能记录考勤。"
    return ""


def attendance_record(
    *, actor: User, session: Session, marks: Mapping[int, str], today: datetime.date | None = None
) -> int:
    """Save the marks (enrolment id → status) of one session in one statement; the number saved."""
    refusal = attendance_refusal(session, today)
    if refusal:
        raise DeliveryError(refusal)
    members = set(session.training_class.members.values_list("enrollment_id", flat=True))
    strangers = set(marks) - members
    if strangers:
        raise DeliveryError("考勤中有不属于本班的学员，未保存。")
    unknown = {status for status in marks.values() if status not in Attendance.Status.values}
    if unknown:
        raise DeliveryError("考勤只能是 出勤、缺勤 或 请假。")
    with transaction.atomic():
        saved = _attendance_upsert(
            actor, [(session.pk, enrollment, status) for enrollment, status in marks.items()]
        )
        audit_record(
            actor=actor,
            action="attendance.record",
            obj=session.training_class,
            organisation=session.training_class.base.organisation,
            note=f"{session}：{_counts_note(marks.values())}",
        )
    return saved


def _attendance_upsert(actor: User, marks: Sequence[tuple[int, int, str]]) -> int:
    """(session id, enrolment id, status) rows inserted or updated in place: on PostgreSQL one COPY and
    one INSERT … ON CONFLICT for all of them (core.db.bulk_upsert), never a statement per mark."""
    return bulk_upsert(
        Attendance,
        marks,
        columns=["session", "enrollment", "status"],
        unique=["session", "enrollment"],
        update=["status", "recorded_by", "recorded_at"],
        template=Attendance(recorded_by=actor),
    )


def _counts_note(statuses: Iterable[str]) -> str:
    statuses = list(statuses)
    return "，".join(f"{label} {statuses.count(value)} 人" for value, label in Attendance.Status.choices)


def sign_in_store(*, actor: User, session: Session, upload: UploadedFile) -> Session:
    """Keep the scan of the handwritten sign-in sheet (PDF, JPG or PNG, checked by content); a new one
    replaces the old."""
    try:
        kind = validate_upload(upload, kinds=IMAGE_OR_PDF, max_bytes=SIGN_IN_MAX_BYTES)
    except ValidationError as exc:
        raise DeliveryError("；".join(exc.messages)) from None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    old = session.sign_in_scan.name
    field = Session._meta.get_field("sign_in_scan")
    with storing(field, f"{session.pk}.{SIGN_IN_EXTENSIONS[kind]}", upload) as stored, transaction.atomic():
        session.sign_in_scan.name = stored.name
        session.sign_in_name = os.path.basename(upload.name or "")[:200]
        session.sign_in_sha256 = digest.hexdigest()
        session.sign_in_uploaded_at = timezone.now()
        session.save(update_fields=["sign_in_scan", "sign_in_name", "sign_in_sha256", "sign_in_uploaded_at"])
        audit_record(
            actor=actor,
            action="attendance.sign_in",
            obj=session.training_class,
            organisation=session.training_class.base.organisation,
            note=f"{session}：{'更换' if old else '上传'}签到表（{session.sign_in_name}）",
        )
        stored.replaces(old)
    return session


def attendance_import(*, actor: User, training_class: TrainingClass, marks, source: str = "") -> int:
    """Save a judged attendance grid (``attendance.grid.GridReport`` with no rejected row) in one
    transaction; the number of marks saved."""
    if marks.rejected:
        raise DeliveryError(f"有 {marks.rejected} 行不通过，考勤表未导入；请修改后重新上传。")
    cells = marks.cells()
    with transaction.atomic():
        saved = _attendance_upsert(actor, cells)
        audit_record(
            actor=actor,
            action="attendance.import",
            obj=training_class,
            organisation=training_class.base.organisation,
            note=f"导入考勤 {saved} 条（{marks.accepted} 名学员）" + (f"（{source}）" if source else ""),
        )
    return saved
