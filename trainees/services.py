"""Writes for trainees: enrolling people, one by one or by roster, always through the same path.

Both the registration form and the roster import go through ``roster_enrol``: the rows are judged by
the eligibility engine, checked against the database (already enrolled, overlapping programmes) and
against the base's confirmed quota, and the accepted ones are saved in one transaction or not at all.
The base's row is locked for the duration, so two clicks or two imports cannot both take the last place.
"""

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from bases.models import Base
from core.audit import audit_record
from core.db import bulk_insert
from core.errors import PortalError
from core.idcard import birth_date_from_id, normalize_id_number, sex_from_id
from core.uploads import storing
from programs.eligibility import Reason
from programs.models import Occupation, Program
from programs.services import policy_version_freeze

from .models import Enrollment, Material, RosterFiling, Trainee
from .places import places_for
from .roster import REJECTED, RosterReport, RosterRow, RowResult, validate_roster
from .workflows import FILING_WORKFLOW, FilingError

logger = logging.getLogger(__name__)


class EnrollmentRefused(PortalError):
    """The applicant cannot be enrolled; ``reasons`` say why, in Chinese."""

    def __init__(self, reasons: list[Reason]):
        super().__init__("；".join(r.message for r in reasons))
        self.reasons = reasons


class ImportConflict(PortalError):
    """Someone else enrolled one of these people at the same moment; nothing was saved."""


class ImportNotSaved(ImportConflict):
    """The database refused the rows for another reason (every limit it has is checked when the rows
    are judged, so this is a fault, not the user's input); nothing was saved."""


@dataclass(frozen=True)
class ImportOutcome:
    report: RosterReport
    saved: int


def known_enrolments_for(
    program: Program, *, base: Base | None = None, exclude: Enrollment | None = None
) -> Callable[[set[str]], dict[str, Reason]]:
    """The database's objections to enrolling these people in ``program``: already enrolled in it, or
    enrolled in another programme (any city) whose training period overlaps it. One query.

    The reasons name only what ``base`` may know: its own enrolments by programme; anyone else's only
    as "elsewhere" (never the other base, city or programme). ``exclude`` is the enrolment being
    edited, which does not object to itself."""

    def lookup(id_numbers: set[str]) -> dict[str, Reason]:
        if not id_numbers:
            return {}
        # The same programme counts whatever the enrolment's status (a person enrols in a programme once);
        # another programme counts while the person is active in it and the training periods overlap.
        relevant = Q(program=program)
        if program.training_start and program.training_end:
            relevant |= Q(
                status=Enrollment.Status.ACTIVE,
                program__training_start__lte=program.training_end,
                program__training_end__gte=program.training_start,
            )
        found: dict[str, Reason] = {}
        enrolments = (
            Enrollment.objects.filter(trainee__id_number__in=id_numbers)
            .filter(relevant)
            .select_related("trainee", "program")
            .order_by("id")
        )
        if exclude is not None:
            enrolments = enrolments.exclude(pk=exclude.pk)
        for enrolment in enrolments:
            id_number = enrolment.trainee.id_number
            ours = base is not None and enrolment.base_id == base.pk
            if enrolment.program_id == program.pk:
                withdrawn = "，已退出" if enrolment.status == Enrollment.Status.WITHDRAWN else ""
                where = f"本基地{withdrawn}" if ours else "其他培训基地"
                found[id_number] = Reason("already_enrolled", f"已在本项目登记（{where}），不能重复报名")
            else:
                message = (
                    f"已在本基地参加“{enrolment.program.name}”"
                    f"（培训期 {_period(enrolment.program)}），培训时间重叠"
                    if ours
                    else "已在其他培训基地参加培训期重叠的培训项目，不能同时报名"
                )
                found.setdefault(id_number, Reason("overlapping_enrolment", message))
        return found

    return lookup


def quota_apply(
    report: RosterReport, *, base: Base, program: Program, exclude: Enrollment | None = None
) -> None:
    """Reject the accepted rows that do not fit the base's confirmed places, in row order, at the
    programme's granularity (潍坊 allows 120 % of each base's total)."""
    places = places_for(base=base, program=program, exclude=exclude)
    for result in report.rows:
        if not result.is_accepted:
            continue
        key = places.key(result.source.facts.target_occupation, result.source.target_level)
        what = places.what(key)
        if key not in places.planned:
            _reject(
                result,
                Reason(
                    "no_quota",
                    f"本基地在本项目没有{what}的计划名额" if what else "本基地在本项目没有计划名额",
                ),
            )
        elif places.left(key) <= 0:
            allowed = "" if places.allowed[key] == places.planned[key] else f"，允许 {places.allowed[key]} 人"
            _reject(
                result,
                Reason(
                    "quota_full",
                    f"{what or '本基地'}名额已满：计划 {places.planned[key]} 人{allowed}，"
                    f"已登记 {places.used[key]} 人，剩余 0 人",
                ),
            )
        else:
            places.used[key] += 1


def roster_judge(
    *,
    program: Program,
    base: Base | None,
    rows: list[RosterRow],
    as_of=None,
    exclude: Enrollment | None = None,
) -> RosterReport:
    """Judge the rows without saving: eligibility, the database's objections and, with a base, its
    places. Reads only and takes no lock (the registration page calls it as the clerk types).
    ``exclude`` is the enrolment being edited: it neither objects to itself nor holds a place."""
    report = validate_roster(
        rows,
        program=program,
        as_of=as_of,
        known_enrolments=known_enrolments_for(program, base=base, exclude=exclude),
    )
    if base is not None:
        quota_apply(report, base=base, program=program, exclude=exclude)
    return report


def roster_enrol(
    *,
    actor: User | None,
    program: Program,
    base: Base | None,
    rows: list[RosterRow],
    as_of=None,
    commit: bool,
    source: str = Enrollment.Source.IMPORT,
) -> ImportOutcome:
    """Judge the rows and, with ``commit``, save every accepted one in one transaction (or nothing).
    Without a base (a dry run of the command) the quota cannot be judged and is skipped."""
    with transaction.atomic():
        if base is not None:
            Base.objects.select_for_update().get(pk=base.pk)  # one enrolment writer per base at a time
        report = roster_judge(program=program, base=base, rows=rows, as_of=as_of)
        if not commit:
            return ImportOutcome(report=report, saved=0)
        if base is None:
            raise ValueError("saving an import needs the base")
        accepted = [r for r in report.rows if r.is_accepted]
        try:
            with transaction.atomic():
                saved = _save(
                    actor=actor, program=program, base=base, results=accepted, report=report, source=source
                )
        except IntegrityError as error:
            raise ImportConflict(
                "保存时发现有学员刚被他人登记，本次导入未保存任何数据，请重新导入。"
            ) from error
        except DatabaseError as error:
            logger.exception("saving %d enrolments of programme %s failed", len(accepted), program.code)
            raise ImportNotSaved(
                "保存时数据库拒绝了本次数据，未保存任何数据。请稍后重新导入；如仍不成功，请联系管理员。"
            ) from error
    return ImportOutcome(report=report, saved=saved)


def enrollment_register(
    *, actor: User, program: Program, base: Base, row: RosterRow, as_of=None
) -> Enrollment:
    """Enrol one applicant typed into the form; refuse with every reason if they do not qualify."""
    outcome = roster_enrol(
        actor=actor,
        program=program,
        base=base,
        rows=[row],
        as_of=as_of,
        commit=True,
        source=Enrollment.Source.FORM,
    )
    result = outcome.report.rows[0]
    if not result.is_accepted:
        raise EnrollmentRefused(result.reasons)
    return Enrollment.objects.get(trainee__id_number=result.id_number, program=program)


class EnrollmentChangeRefused(PortalError):
    """An enrolment that cannot be edited or withdrawn now; the message says why, in Chinese."""


# What an edit may change: the facts as entered and the decision they are judged to. The person's ID
# number, the programme and the base never change (another person is another enrolment).
_ENTERED_FIELDS = {
    "name": "姓名",
    "phone": "联系电话",
    "occupation_id": "参加培训职业（工种）",
    "level": "培训等级",
    "employer": "工作单位",
    "employer_type": "单位类型",
    "social_insurance": "参加社会保险",
    "education": "文化程度",
    "cert_occupation": "现职业（工种）",
    "cert_level": "现证书等级",
    "cert_number": "证书编号",
    "cert_date": "发证日期",
    "years_in_trade": "工作年限",
    "title": "专业技术职称",
    "title_date": "职称取得日期",
    "honour": "荣誉",
    "parallel_training": "同期参加其他补贴性培训",
    "employer_recommended": "用人单位推荐",
    "remark": "备注",
}
_DECISION_FIELDS = ("route", "policy_version", "reference_date")


def enrollment_update(*, actor: User, enrollment: Enrollment, row: RosterRow, as_of=None) -> Enrollment:
    """Change the facts of an active enrolment: judged again like a new registration (eligibility under
    the programme's current policy, the database's objections, the base's places) with the enrolment
    itself left out, then saved with the new decision, or refused with every reason and nothing changed.
    Refused while the roster is filed with the county (until the county returns it)."""
    with transaction.atomic():
        base = Base.objects.select_for_update().get(pk=enrollment.base_id)  # one enrolment writer per base
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("trainee", "program")
            .get(pk=enrollment.pk)
        )
        problem = enrollment_editable_problem(enrollment)
        if problem:
            raise EnrollmentChangeRefused(problem)
        if normalize_id_number(row.id_number) != enrollment.trainee.id_number:
            raise EnrollmentChangeRefused("身份证号码不能修改；如登记错了人，请办理退出后重新登记。")
        program = enrollment.program
        report = roster_judge(program=program, base=base, rows=[row], as_of=as_of, exclude=enrollment)
        result = report.rows[0]
        if not result.is_accepted:
            raise EnrollmentRefused(result.reasons)
        occupation = Occupation.objects.get(name=row.facts.target_occupation.strip())
        version = program.policy
        fresh = _enrolment(
            result,
            {result.id_number: enrollment.trainee_id},
            {occupation.name: occupation.pk},
            program,
            base,
            version,
            report.reference_date,
            actor,
            enrollment.source,
        )
        changed = [
            label
            for field, label in _ENTERED_FIELDS.items()
            if getattr(enrollment, field) != getattr(fresh, field)
        ]
        for field in (*_ENTERED_FIELDS, *_DECISION_FIELDS):
            setattr(enrollment, field, getattr(fresh, field))
        enrollment.save()
        policy_version_freeze(version)
        person = enrollment.trainee
        if not _people_enrolled_elsewhere([person], base) and (person.name, person.phone) != (
            fresh.name,
            fresh.phone or person.phone,
        ):
            person.name, person.phone = fresh.name, fresh.phone or person.phone
            person.save(update_fields=["name", "phone", "updated_at"])
        what = "、".join(changed) if changed else "无内容变更"
        audit_record(
            actor=actor,
            action="trainee.update",
            obj=enrollment,
            organisation=base.organisation,
            note=f"修改学员 {enrollment.name}：{what}；重新审核符合报名条件"
            f"（{enrollment.get_route_display()}，政策第 {version.number} 版）",
        )
        filing_note_change(
            base=base, program=program, actor=actor, note=f"修改学员 {enrollment.name}：{what}"
        )
    return enrollment


def enrollment_withdraw(*, actor: User, enrollment: Enrollment, reason: str) -> Enrollment:
    """The trainee leaves the programme (退出): the enrolment stays on record as withdrawn, with who, when
    and why, and no longer holds a place in the base's quota (places_for counts active enrolments only).
    After filing it is counted as a change to the filed roster."""
    reason = (reason or "").strip()
    if not reason:
        raise EnrollmentChangeRefused("请填写退出原因。")
    if len(reason) > 200:
        raise EnrollmentChangeRefused("退出原因不能超过 200 字。")
    with transaction.atomic():
        Base.objects.select_for_update().get(pk=enrollment.base_id)
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("trainee", "program", "base__organisation")
            .get(pk=enrollment.pk)
        )
        if enrollment.status != Enrollment.Status.ACTIVE:
            raise EnrollmentChangeRefused("该学员已退出，无需重复办理。")
        old = enrollment.get_status_display()
        enrollment.status = Enrollment.Status.WITHDRAWN
        enrollment.withdrawn_at, enrollment.withdrawn_by, enrollment.withdrawal_reason = (
            timezone.now(),
            actor,
            reason,
        )
        enrollment.save(
            update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="trainee.withdraw",
            obj=enrollment,
            organisation=enrollment.base.organisation,
            from_state=old,
            to_state=enrollment.get_status_display(),
            note=f"学员 {enrollment.entered_name} 退出：{reason}",
        )
        filing_note_change(
            base=enrollment.base,
            program=enrollment.program,
            actor=actor,
            note=f"学员 {enrollment.entered_name} 退出：{reason}",
        )
    return enrollment


def enrollment_editable_problem(enrollment: Enrollment) -> str:
    """Why this enrolment's facts cannot be edited now ("" when they can)."""
    if enrollment.status != Enrollment.Status.ACTIVE:
        return "该学员已退出，不能修改。"
    filing = RosterFiling.objects.filter(base_id=enrollment.base_id, program_id=enrollment.program_id).first()
    if filing and filing.status != RosterFiling.Status.RETURNED:
        return (
            f"本项目花名册已报县区备案（{filing.get_status_display()}），不能修改学员信息；"
            "如需修改，请县区退回花名册后再改。"
        )
    return ""


def _save(*, actor, program, base, results: list[RowResult], report: RosterReport, source: str) -> int:
    if not results:
        return 0
    ids = [r.id_number for r in results]
    existing = {t.id_number: t for t in Trainee.objects.filter(id_number__in=ids)}
    new_people = [
        Trainee(
            id_number=r.id_number,
            name=r.name,
            sex=sex_from_id(r.id_number),
            birth_date=birth_date_from_id(r.id_number),
            phone=r.source.phone,
        )
        for r in results
        if r.id_number not in existing
    ]
    bulk_insert(Trainee, new_people)
    # A person already on record keeps what was recorded unless only this base ever enrolled them: another
    # organisation's record is never overwritten (the enrolment keeps what this base entered).
    shared = _people_enrolled_elsewhere(existing.values(), base)
    changed = []
    for r in results:
        person = existing.get(r.id_number)
        if person is None or person.pk in shared:
            continue
        if (person.name, person.phone) != (r.name, r.source.phone or person.phone):
            person.name, person.phone = r.name, r.source.phone or person.phone
            changed.append(person)
    Trainee.objects.bulk_update(changed, ["name", "phone"], batch_size=1000)
    people = {t.id_number: t.pk for t in Trainee.objects.filter(id_number__in=ids).only("pk", "id_number")}
    occupations = {
        o.name: o.pk
        for o in Occupation.objects.filter(
            name__in={r.source.facts.target_occupation.strip() for r in results}
        )
    }
    version = program.policy
    bulk_insert(
        Enrollment,
        (
            _enrolment(r, people, occupations, program, base, version, report.reference_date, actor, source)
            for r in results
        ),
    )
    policy_version_freeze(version)
    audit_record(
        actor=actor,
        action="trainee.import" if source == Enrollment.Source.IMPORT else "trainee.create",
        obj=program,
        organisation=base.organisation,
        note=_import_note(report, len(results), base),
    )
    filing_note_change(base=base, program=program, actor=actor, note=f"新增学员 {len(results)} 人")
    return len(results)


def _enrolment(
    r: RowResult, people, occupations, program, base, version, reference_date, actor, source
) -> Enrollment:
    facts = r.source.facts
    return Enrollment(
        trainee_id=people[r.id_number],
        program=program,
        base=base,
        occupation_id=occupations[facts.target_occupation.strip()],
        level=r.source.target_level,
        name=r.name[:30],
        phone=r.source.phone[:20],
        employer=facts.employer,
        employer_type=facts.employer_type or "",
        social_insurance=facts.social_insurance,
        education=facts.education,
        cert_occupation=facts.cert_occupation,
        cert_level=facts.cert_level,
        cert_number=facts.cert_number,
        cert_date=facts.cert_date,
        years_in_trade=facts.years_in_trade,
        title=facts.title or "",
        title_date=facts.title_date,
        honour=r.source.honour_text[:200],
        parallel_training=facts.parallel_training,
        employer_recommended=facts.employer_recommended,
        remark=r.source.remark[:200],
        route=r.route,
        policy_version=version,
        reference_date=reference_date,
        source=source,
        created_by=actor,
    )


def _people_enrolled_elsewhere(people, base: Base) -> set[int]:
    """The pks of these people who have an enrolment at any other base (one query)."""
    pks = [person.pk for person in people]
    if not pks:
        return set()
    return set(
        Enrollment.objects.filter(trainee_id__in=pks)
        .exclude(base=base)
        .values_list("trainee_id", flat=True)
        .distinct()
    )


def _import_note(report: RosterReport, saved: int, base: Base) -> str:
    if len(report.rows) == 1:
        return f"{base.name} 登记学员 {report.rows[0].name}"
    return f"{base.name} 导入花名册：共 {len(report.rows)} 行，保存 {saved} 人，不通过 {report.rejected} 行"


def _period(program: Program) -> str:
    return f"{program.training_start:%Y-%m-%d} 至 {program.training_end:%Y-%m-%d}"


def _reject(result: RowResult, reason: Reason) -> None:
    result.reasons.append(reason)
    result.status = REJECTED


# --- filing with the county ----------------------------------------------------------------------------


def filing_note_change(*, base: Base, program: Program, actor: User | None, note: str) -> None:
    """A change to a roster after it was filed is counted on the filing and recorded."""
    filing = RosterFiling.objects.filter(base=base, program=program).first()
    if filing is None:
        return
    # An update expression: two changes at the same moment both count (a value read first would lose one).
    RosterFiling.objects.filter(pk=filing.pk).update(changes_since_filing=F("changes_since_filing") + 1)
    audit_record(actor=actor, action="roster.change", obj=filing, organisation=base.organisation, note=note)


@transaction.atomic
def roster_file(*, actor: User, base: Base, program: Program) -> RosterFiling:
    """The base files its roster for the programme with its county; after a return, the filing takes
    the workflow's "refile" step."""
    filing = RosterFiling.objects.filter(base=base, program=program).first()
    if filing is not None:
        if filing.status != RosterFiling.Status.RETURNED:
            raise FilingError(f"花名册已报备（{filing.get_status_display()}），无需重复报备。")
        return FILING_WORKFLOW.run("refile", actor=actor, obj=filing)
    count = Enrollment.objects.filter(base=base, program=program, status=Enrollment.Status.ACTIVE).count()
    if count == 0:
        raise FilingError("花名册中还没有学员，不能报备。")
    try:
        with transaction.atomic():
            filing = RosterFiling.objects.create(
                base=base, program=program, filed_by=actor, filed_at=timezone.now(), enrollment_count=count
            )
    except IntegrityError:
        raise FilingError("花名册已报备，无需重复报备。") from None
    audit_record(
        actor=actor,
        action="roster.file",
        obj=filing,
        organisation=base.organisation,
        to_state=filing.get_status_display(),
        note=f"报备 {count} 人",
    )
    return filing


def roster_review(*, actor: User, filing: RosterFiling, acknowledge: bool, note: str) -> RosterFiling:
    """The county acknowledges a filed roster, or returns it to the base with a reason."""
    return FILING_WORKFLOW.run(
        "acknowledge" if acknowledge else "return", actor=actor, obj=filing, opinion=note
    )


# --- materials ------------------------------------------------------------------------------------------

MATERIAL_EXTENSIONS = {"png": "png", "jpeg": "jpg", "pdf": "pdf"}


def material_store(
    *, actor: User, enrollment: Enrollment, kind: str, upload: UploadedFile, file_type: str
) -> Material:
    """Keep one file per kind: the new upload replaces the old one, whose file is deleted once the
    database agrees. After the roster was filed, the change is counted on the filing."""
    label = Material.Kind(kind).label
    field = Material._meta.get_field("file")
    name = f"{enrollment.pk}-{kind}.{MATERIAL_EXTENSIONS[file_type]}"
    with storing(field, name, upload) as stored, transaction.atomic():
        # One writer per enrolment, so two uploads of the same kind cannot both create a row.
        Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
        material = Material.objects.filter(enrollment=enrollment, kind=kind).first()
        old = material.file.name if material else ""
        material = material or Material(enrollment=enrollment, kind=kind)
        material.file.name = stored.name
        material.original_name = os.path.basename(upload.name or "")[:200]
        material.content_type = file_type
        material.size = upload.size
        material.uploaded_by = actor
        material.save()
        audit_record(
            actor=actor,
            action="material.upload",
            obj=enrollment,
            organisation=enrollment.base.organisation,
            note=f"{'更换' if old else '上传'}{label}（{material.original_name}）",
        )
        filing_note_change(
            base=enrollment.base,
            program=enrollment.program,
            actor=actor,
            note=f"{enrollment.entered_name}：{'更换' if old else '上传'}{label}",
        )
        stored.replaces(old)
    return material
