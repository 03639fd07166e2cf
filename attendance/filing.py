"""Filing a class's scheme (开班备案) and the amendments after it (issue 11 point 3, SPEC §7).

The base files the scheme — the class's schedule, its teachers with their qualifications, the outline and
the textbooks — with the bureau the policy names (``scheme_reviewer``: the base's county, or the city; a
base directly under the city always files with the city). Filing is refused, with every breach listed,
while the schedule checker reports a breach or the teachers do not meet the policy. The reviewer
acknowledges (备案) or returns it with an opinion; the base corrects it and files again.

After acknowledgement the schedule is the filed one: a change of a session's time, teacher, place or
content is an ``Amendment`` (before/after, who, when) the reviewer sees. Where the policy says changes
need approval (潍坊 "不得随意更改培训内容、更换培训教师、缩短培训课时") the change is held and applied only
when the reviewer approves it. ``schedule_gate`` is the one place the schedule services ask.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from core.audit import audit_record
from core.uploads import IMAGE_OR_PDF, store_in_field, validate_upload
from core.workflow import Opinion, Step, Workflow
from programs.models import PolicyVersion

from .choices import Category, Mode
from .models import Amendment, SchemeFiling, SchemeTeacher, Session, TrainingClass
from .services import DeliveryError, as_schedule_sessions, schedule_verdict

Status = SchemeFiling.Status
Role = User.Role
Qualification = SchemeTeacher.Qualification
SCHEME_FILE_MAX_BYTES = 20 * 1024 * 1024
SCHEME_EXTENSIONS = {"png": "png", "jpeg": "jpg", "pdf": "pdf"}

# The qualifications a policy with ``teacher_qualification_required`` asks of a session's teacher.
REQUIRED_QUALIFICATIONS = {
    Category.THEORY.value: (Qualification.SENIOR_TITLE,),
    Category.PRACTICE.value: (Qualification.SENIOR_INSTRUCTOR, Qualification.SENIOR_TECHNICIAN),
}
TRACKED = ("day", "start", "end", "category", "content", "teacher", "mode", "hours", "place")
TRACKED_LABELS = {
    "day": "日期",
    "start": "开始时间",
    "end": "结束时间",
    "category": "课程类别",
    "content": "课程内容",
    "teacher": "授课教师",
    "mode": "授课方式",
    "hours": "课时",
    "place": "地点",
}


class FilingError(DeliveryError):
    """A filing step or scheme change that cannot be made; the message is Chinese (a DeliveryError, so
    the schedule pages show it like their own refusals)."""


def _policy(training_class: TrainingClass) -> PolicyVersion | None:
    return training_class.program.policy


def filing_of(training_class: TrainingClass) -> SchemeFiling:
    """The class's filing (a draft is created the first time it is asked for)."""
    filing, _ = SchemeFiling.objects.get_or_create(training_class=training_class)
    filing.training_class = training_class
    return filing


def reviewer_for(training_class: TrainingClass) -> Organisation:
    """The bureau that reviews the class's scheme, as the policy says."""
    organisation = training_class.base.organisation
    policy = _policy(training_class)
    wants_county = policy is None or policy.scheme_reviewer == PolicyVersion.SchemeReviewer.COUNTY
    if wants_county and organisation.county_id:
        return organisation.county
    return organisation.city


# --- what the filed scheme must satisfy -------------------------------------------------------------------


def teacher_problems(filing: SchemeFiling, sessions) -> list[str]:
    """Every session's teacher must be one of the filed teachers; where the policy asks, with the
    qualification its category requires."""
    teachers = {t.name: t for t in filing.teachers.all()}
    policy = _policy(filing.training_class)
    strict = bool(policy and policy.teacher_qualification_required)
    problems, unnamed, unlisted, unqualified = [], 0, {}, {}
    for session in sessions:
        name = (session.teacher or "").strip()
        if not name:
            unnamed += 1
            continue
        teacher = teachers.get(name)
        if teacher is None:
            unlisted.setdefault(name, 0)
            unlisted[name] += 1
            continue
        wanted = REQUIRED_QUALIFICATIONS.get(session.category)
        if strict and wanted and teacher.qualification not in wanted:
            unqualified.setdefault((name, session.category), wanted)
    if unnamed:
        problems.append(f"有 {unnamed} 次课未填写授课教师。")
    for name, count in unlisted.items():
        problems.append(f"授课教师“{name}”（{count} 次课）未列入师资名单。")
    for (name, category), wanted in unqualified.items():
        labels = "或".join(Qualification(q).label for q in wanted)
        problems.append(f"{Category(category).label}课教师“{name}”须具有{labels}资格。")
    return problems


def filing_problems(filing: SchemeFiling) -> list[str]:
    """Why the scheme cannot be filed now (empty: it can): the checker's breaches, the teachers, and
    the outline and textbooks."""
    training_class = filing.training_class
    sessions = list(training_class.sessions.order_by("day", "start", "id"))
    problems = []
    if not sessions:
        problems.append("课程安排为空，请先填写或导入课程安排。")
    else:
        verdict = schedule_verdict(training_class, as_schedule_sessions(sessions))
        problems += [breach.message for breach in verdict.breaches]
    problems += teacher_problems(filing, sessions)
    if not filing.outline.strip() and not filing.outline_file:
        problems.append("请填写培训大纲或上传大纲文件。")
    if not filing.textbooks.strip() and not filing.textbooks_file:
        problems.append("请填写教材选用情况或上传教材清单。")
    return problems


def schedule_snapshot(training_class: TrainingClass) -> list[dict]:
    return [{"id": s.pk, **session_values(s)} for s in training_class.sessions.order_by("day", "start", "id")]


def session_values(source) -> dict:
    """The tracked fields of a session (a model or a mapping) as JSON-friendly text."""
    get = source.get if isinstance(source, Mapping) else lambda name: getattr(source, name)
    values = {}
    for name in TRACKED:
        value = get(name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, datetime.time):
            value = value.strftime("%H:%M")
        elif isinstance(value, Decimal):
            value = format(value.normalize(), "f")
        values[name] = "" if value is None else str(value)
    return values


def _session_fields(values: Mapping) -> dict:
    """``session_values`` back to model values."""
    return {
        "day": datetime.date.fromisoformat(values["day"]),
        "start": datetime.time.fromisoformat(values["start"]),
        "end": datetime.time.fromisoformat(values["end"]),
        "category": values["category"],
        "content": values["content"],
        "teacher": values["teacher"],
        "mode": values["mode"],
        "hours": Decimal(values["hours"]),
        "place": values["place"],
    }


def shown_value(name: str, value: str) -> str:
    if name == "category" and value in Category.values:
        return Category(value).label
    if name == "mode" and value in Mode.values:
        return Mode(value).label
    return value


# --- the workflow -----------------------------------------------------------------------------------------


def awaiting(filing: SchemeFiling, role: str) -> tuple[str, ...]:
    """A filed scheme waits for the bureau the policy named when it was filed."""
    reviewer = filing.reviewer
    if reviewer is None:
        return ()
    if role == Role.COUNTY and reviewer.kind == Organisation.Kind.COUNTY:
        return (Status.FILED,)
    if role == Role.CITY and reviewer.kind == Organisation.Kind.CITY:
        return (Status.FILED,)
    return ()


def _complete(filing: SchemeFiling, **_) -> None:
    problems = filing_problems(filing)
    if problems:
        raise FilingError("方案不符合要求，不能备案：" + "；".join(problems))


def _filed(filing: SchemeFiling, *, actor, **_) -> None:
    filing.reviewer = reviewer_for(filing.training_class)
    filing.filed_at, filing.filed_by = timezone.now(), actor
    filing.filed_schedule = schedule_snapshot(filing.training_class)
    filing.review_opinion, filing.reviewed_at, filing.reviewed_by = "", None, None


def _reviewed(filing: SchemeFiling, *, actor, opinion: str, **_) -> None:
    filing.review_opinion, filing.reviewed_at, filing.reviewed_by = opinion, timezone.now(), actor


# fmt: off
FILING_WORKFLOW = Workflow(
    model=SchemeFiling,
    noun="该班次的开班备案",
    error=FilingError,
    organisation=lambda filing: filing.training_class.base.organisation,
    locking=lambda: SchemeFiling.objects.select_related(
        "training_class__program__policy", "training_class__base__organisation", "reviewer"
    ),
    steps=[
        Step(
            "file", "报送开班备案", (Role.BASE,), (Status.DRAFT, Status.RETURNED), Status.FILED,
            action="filing.file", done="已报送开班备案，等待审核部门确认。",
            hint="报送课程安排、师资名单、培训大纲和教材选用；报送后至审核完成前课程安排不能修改。",
            confirm="报送后课程安排冻结，至审核部门确认或退回。确定报送吗？",
            check=_complete, effects=_filed,
        ),
        Step(
            "acknowledge", "确认备案", (Role.COUNTY, Role.CITY), awaiting, Status.ACKNOWLEDGED,
            action="filing.acknowledge", done="已确认开班备案。",
            opinion=Opinion("备案意见", required=False, initial="同意备案，请按备案方案组织实施。"),
            hint="确认后基地按备案方案实施；此后课程时间、教师或内容的变更均记录在案。",
            confirm="确定确认该班次的开班备案吗？", effects=_reviewed,
        ),
        Step(
            "return", "退回修改", (Role.COUNTY, Role.CITY), awaiting, Status.RETURNED,
            action="filing.return", done="已退回基地修改。", style="danger",
            opinion=Opinion("退回意见"), hint="写明须修改之处，基地修改后重新报送。",
            confirm="确定将该备案退回基地修改吗？", effects=_reviewed,
        ),
    ],
)
# fmt: on


# --- the scheme's documents and teachers --------------------------------------------------------------------


def _editable(filing: SchemeFiling) -> None:
    if filing.status in (Status.FILED, Status.ACKNOWLEDGED):
        raise FilingError(f"开班备案{filing.get_status_display()}，方案内容不能再修改。")


def _store_file(filing: SchemeFiling, field: str, upload) -> None:
    try:
        kind = validate_upload(upload, kinds=IMAGE_OR_PDF, max_bytes=SCHEME_FILE_MAX_BYTES)
    except ValidationError as exc:
        raise FilingError("；".join(exc.messages)) from None
    setattr(filing, f"{field}_name", os.path.basename(upload.name or "")[:200])
    store_in_field(getattr(filing, field), f"{filing.pk}-{field}.{SCHEME_EXTENSIONS[kind]}", upload)


def scheme_save(
    *, actor: User, filing: SchemeFiling, outline: str, textbooks: str, outline_file=None, textbooks_file=None
) -> SchemeFiling:
    """Save the outline and textbooks (text, and optionally a PDF/image each) of a draft or returned
    scheme."""
    with transaction.atomic():
        filing.status = SchemeFiling.objects.select_for_update().get(pk=filing.pk).status
        _editable(filing)
        filing.outline, filing.textbooks = outline.strip(), textbooks.strip()
        filing.save(update_fields=["outline", "textbooks"])
        if outline_file:
            _store_file(filing, "outline_file", outline_file)
            filing.save(update_fields=["outline_file_name"])
        if textbooks_file:
            _store_file(filing, "textbooks_file", textbooks_file)
            filing.save(update_fields=["textbooks_file_name"])
        audit_record(
            actor=actor,
            action="filing.scheme",
            obj=filing.training_class,
            organisation=filing.training_class.base.organisation,
        )
    return filing


def teacher_add(*, actor: User, filing: SchemeFiling, data: Mapping) -> SchemeTeacher:
    """Add a teacher to the scheme. After acknowledgement this is an amendment (held for approval where
    the policy says so: the teacher is listed once approved)."""
    filing.status = SchemeFiling.objects.get(pk=filing.pk).status
    if filing.status == Status.FILED:
        raise FilingError("开班备案正在审核中，师资名单暂不能修改。")
    name = data["name"].strip()
    if not name:
        raise FilingError("请填写教师姓名。")
    if filing.teachers.filter(name=name).exists():
        raise FilingError(f"师资名单中已有“{name}”。")
    teacher = SchemeTeacher(
        filing=filing,
        name=name,
        id_number=(data.get("id_number") or "").strip().upper(),
        qualification=data["qualification"],
        certificate=(data.get("certificate") or "").strip(),
    )
    with transaction.atomic():
        if filing.status == Status.ACKNOWLEDGED:
            held = _needs_approval(filing)
            _amendment(
                actor=actor,
                filing=filing,
                kind=Amendment.Kind.TEACHER_ADD,
                summary=f"新增授课教师 {name}（{teacher.get_qualification_display()}）",
                after={
                    "name": name,
                    "qualification": teacher.qualification,
                    "certificate": teacher.certificate,
                    "id_number": teacher.id_number,
                },
                held=held,
            )
            if held:
                return teacher
        teacher.save()
        audit_record(
            actor=actor,
            action="filing.teacher",
            obj=filing.training_class,
            organisation=filing.training_class.base.organisation,
            note=f"师资名单新增 {name}",
        )
    return teacher


def teacher_remove(*, actor: User, teacher: SchemeTeacher) -> None:
    filing = teacher.filing
    with transaction.atomic():
        filing.status = SchemeFiling.objects.select_for_update().get(pk=filing.pk).status
        _editable(filing)
        teacher.delete()
        audit_record(
            actor=actor,
            action="filing.teacher",
            obj=filing.training_class,
            organisation=filing.training_class.base.organisation,
            note=f"师资名单删除 {teacher.name}",
        )


# --- amendments ---------------------------------------------------------------------------------------


def _needs_approval(filing: SchemeFiling) -> bool:
    policy = _policy(filing.training_class)
    return bool(policy and policy.amendment_needs_approval)


def _amendment(
    *, actor, filing, kind, summary, before=None, after=None, session=None, held=False
) -> Amendment:
    amendment = Amendment.objects.create(
        filing=filing,
        session=session,
        kind=kind,
        status=Amendment.Status.PENDING if held else Amendment.Status.RECORDED,
        summary=summary[:300],
        before=before or {},
        after=after or {},
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action="filing.amendment",
        obj=filing.training_class,
        organisation=filing.training_class.base.organisation,
        note=("（待审批）" if held else "") + amendment.summary,
    )
    return amendment


def _describe(before: Mapping, after: Mapping) -> str:
    changed = [
        f"{TRACKED_LABELS[n]}：{shown_value(n, before[n]) or '（空）'} → "
        f"{shown_value(n, after[n]) or '（空）'}"
        for n in TRACKED
        if before.get(n) != after.get(n)
    ]
    return "；".join(changed)


def schedule_gate(
    *, actor: User, training_class: TrainingClass, kind: str, session: Session | None = None, data=None
) -> Amendment | None:
    """Asked by every schedule change before it is made. Before filing (or after a return) nothing is
    recorded. While the filing is under review the schedule is frozen. After acknowledgement the change
    is recorded as an amendment; where the policy requires approval it is held (the returned amendment
    is ``PENDING`` and the caller must not apply the change). ``kind`` is an Amendment.Kind, or
    "bulk" for a whole-schedule import or a week copy (refused where changes need approval)."""
    filing = SchemeFiling.objects.filter(training_class=training_class).first()
    if filing is None or filing.status in (Status.DRAFT, Status.RETURNED):
        return None
    filing.training_class = training_class
    if filing.status == Status.FILED:
        raise FilingError("开班备案正在审核中，课程安排暂不能修改；审核部门确认或退回后方可修改。")
    held = _needs_approval(filing)
    if kind == "bulk":
        if held:
            raise FilingError(
                "本项目开班备案后变更须经审核部门批准：请逐次修改课程安排并提交审批，不能整体导入或复制。"
            )
        return _amendment(actor=actor, filing=filing, kind=Amendment.Kind.SESSION_ADD, summary=data or "")
    if kind == Amendment.Kind.SESSION_CHANGE:
        before, after = session_values(session), session_values(data)
        if before == after:
            return None
        summary = f"{before['day']} {before['start']} 的课：" + _describe(before, after)
    elif kind == Amendment.Kind.SESSION_ADD:
        before, after = {}, session_values(data)
        category = shown_value("category", after["category"])
        summary = f"新增 {after['day']} {after['start']}-{after['end']} {category}课"
    else:
        before, after = session_values(session), {}
        summary = f"删除 {before['day']} {before['start']}-{before['end']} 的课"
    return _amendment(
        actor=actor,
        filing=filing,
        kind=kind,
        summary=summary,
        before=before,
        after=after,
        session=session if session is not None and session.pk else None,
        held=held,
    )


def amendment_decide(*, actor: User, amendment: Amendment, approve: bool, opinion: str = "") -> Amendment:
    """The reviewer approves a held change (it is applied now) or refuses it (nothing changes)."""
    opinion = (opinion or "").strip()
    if not approve and not opinion:
        raise FilingError("不予批准的，请填写理由。")
    with transaction.atomic():
        locked = (
            Amendment.objects.select_for_update()
            .select_related("filing__training_class")
            .get(pk=amendment.pk)
        )
        if locked.status != Amendment.Status.PENDING:
            raise FilingError(f"该变更当前状态为“{locked.get_status_display()}”，可能已由他人处理。")
        filing = locked.filing
        if actor is not None and actor.organisation_id != filing.reviewer_id:
            raise FilingError(f"该变更由{filing.reviewer}审批。")
        if approve:
            _apply(locked, actor)
        locked.status = Amendment.Status.APPROVED if approve else Amendment.Status.REFUSED
        locked.decided_by, locked.decided_at, locked.opinion = actor, timezone.now(), opinion[:300]
        locked.save()
        audit_record(
            actor=actor,
            action="filing.amendment_decide",
            obj=filing.training_class,
            organisation=filing.training_class.base.organisation,
            note=f"{locked.get_status_display()}：{locked.summary}" + (f"（{opinion}）" if opinion else ""),
        )
    return locked


def _apply(amendment: Amendment, actor: User) -> None:
    filing = amendment.filing
    kind = amendment.kind
    if kind == Amendment.Kind.TEACHER_ADD:
        after = amendment.after
        if not filing.teachers.filter(name=after["name"]).exists():
            SchemeTeacher.objects.create(filing=filing, **after)
        return
    if kind == Amendment.Kind.SESSION_ADD:
        session = Session.objects.create(
            training_class=filing.training_class, **_session_fields(amendment.after)
        )
        amendment.session = session
        return
    session = amendment.session
    if session is None:
        raise FilingError("该变更涉及的课程已不存在，不能批准。")
    if kind == Amendment.Kind.SESSION_DELETE:
        if session.attendance.exists():
            raise FilingError("这次课已记录考勤，不能删除。")
        session.delete()
        amendment.session = None
        return
    for name, value in _session_fields(amendment.after).items():
        setattr(session, name, value)
    if session.end <= session.start:
        raise FilingError("结束时间须晚于开始时间。")
    if session.day > timezone.localdate() and session.attendance.exists():
        raise FilingError("这次课已记录考勤，不能改到今天以后的日期。")
    session.save()


def file_digest(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
