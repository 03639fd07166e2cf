"""Writes for bases and plans. Every plan step is one function that locks the plan row, checks where the
plan stands, moves it, and records who did it and why in the audit log (SPEC §5)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import Organisation, User
from accounts.services import organisation_base_create
from programs.choices import CatalogRule, Level
from programs.models import Occupation, Program

from .choices import SanctionKind
from .models import Base, Objection, PlanApplication, PlanLine, Publication, Qualification, Sanction

Status = PlanApplication.Status
Role = User.Role


class PlanError(Exception):
    """A step that cannot be taken; the message (Chinese) is shown to the user as is."""


# --- bases -----------------------------------------------------------------------------------------


@transaction.atomic
def base_register(
    *,
    actor: User,
    county: Organisation,
    code: str,
    name: str,
    profile: dict,
    qualifications: list[tuple[Occupation, int]] = (),
) -> Base:
    """Register a base under a county of the actor's city, with the occupations and levels it may train."""
    if county.kind != Organisation.Kind.COUNTY:
        raise ValidationError({"county": "培训基地须隶属于县区。"})
    if Organisation.objects.filter(code=code).exists():
        raise ValidationError({"code": "机构代码已被使用。"})
    organisation = organisation_base_create(county=county, code=code, name=name)
    base = Base(organisation=organisation, **profile)
    base.full_clean()
    base.save()
    qualifications_set(base=base, qualifications=qualifications)
    audit_record(actor=actor, action="base.create", obj=base, organisation=organisation)
    return base


@transaction.atomic
def base_update(*, actor: User, base: Base, name: str, profile: dict, qualifications) -> Base:
    if name != base.organisation.name:
        base.organisation.name = name
        base.organisation.bureau_name = name
        base.organisation.save(update_fields=["name", "bureau_name"])
    for field, value in profile.items():
        setattr(base, field, value)
    base.full_clean()
    base.save()
    qualifications_set(base=base, qualifications=qualifications)
    audit_record(actor=actor, action="base.update", obj=base, organisation=base.organisation)
    return base


def qualifications_set(*, base: Base, qualifications) -> None:
    wanted = {(occupation.pk, int(level)) for occupation, level in qualifications}
    existing = {(q.occupation_id, q.level): q for q in base.qualifications.all()}
    base.qualifications.filter(pk__in=[q.pk for key, q in existing.items() if key not in wanted]).delete()
    Qualification.objects.bulk_create(
        Qualification(base=base, occupation_id=occupation_id, level=level)
        for occupation_id, level in sorted(wanted - set(existing))
    )


@transaction.atomic
def base_set_status(*, actor: User, base: Base, status: str, note: str = "") -> Base:
    base = Base.objects.select_for_update().get(pk=base.pk)
    if status not in Base.Status.values:
        raise ValidationError("无效的资质状态。")
    old = base.get_status_display()
    base.status = status
    if status == Base.Status.QUALIFIED:
        base.banned_until = None
    base.save(update_fields=["status", "banned_until"])
    audit_record(
        actor=actor,
        action="base.status",
        obj=base,
        organisation=base.organisation,
        from_state=old,
        to_state=base.get_status_display(),
        note=note,
    )
    return base


@transaction.atomic
def sanction_record(*, actor: User, base: Base, data: dict) -> Sanction:
    """Record a sanction; 取消资格 also disqualifies the base and bans it from applying until the date."""
    sanction = Sanction(base=base, created_by=actor, **data)
    sanction.full_clean()
    sanction.save()
    note = f"{sanction.get_kind_display()}：{sanction.reason}"
    if sanction.kind == SanctionKind.DISQUALIFY:
        base = Base.objects.select_for_update().get(pk=base.pk)
        old = base.get_status_display()
        base.status = Base.Status.DISQUALIFIED
        base.banned_until = sanction.ban_until
        base.save(update_fields=["status", "banned_until"])
        audit_record(
            actor=actor,
            action="base.sanction",
            obj=base,
            organisation=base.organisation,
            from_state=old,
            to_state=base.get_status_display(),
            note=note,
        )
    else:
        audit_record(actor=actor, action="base.sanction", obj=base, organisation=base.organisation, note=note)
    return sanction


# --- plans: content --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineData:
    """A plan line as typed; occupation and level None = places for the whole base."""

    occupation: Occupation | None
    level: int | None
    planned_count: int
    start: datetime.date | None = None
    end: datetime.date | None = None
    remark: str = ""


@transaction.atomic
def plan_create(
    *, actor: User, base: Base, program: Program, today: datetime.date | None = None
) -> PlanApplication:
    today = today or timezone.localdate()
    refusal = base.application_refusal(today)
    if refusal:
        raise PlanError(refusal)
    if program.status != Program.Status.OPEN:
        raise PlanError(f"该项目当前为“{program.get_status_display()}”，不接受计划申报。")
    if program.city_id != base.organisation.city_id:
        raise PlanError("只能申报本市的培训项目。")
    if PlanApplication.objects.filter(program=program, base=base).exists():
        raise PlanError("本基地已申报过该项目，请在原计划上修改。")
    plan = PlanApplication.objects.create(program=program, base=base)
    audit_record(actor=actor, action="plan.create", obj=plan, organisation=base.organisation, to_state="草稿")
    return plan


def plan_line_problems(*, plan: PlanApplication, lines: list[LineData]) -> list[str]:
    """Why these lines cannot stand in this plan, one Chinese sentence per problem."""
    program, policy = plan.program, plan.program.policy
    offered = set(policy.levels_offered)
    program_occupations = set(program.occupations.values_list("pk", flat=True))
    qualified = set(plan.base.qualifications.values_list("occupation_id", "level"))
    problems, seen = [], set()
    for number, line in enumerate(lines, start=1):
        key = (line.occupation.pk if line.occupation else None, line.level)
        seen_before = key in seen
        seen.add(key)
        if line.planned_count < 1:
            problems.append(f"第 {number} 行：拟培训人数须大于 0。")
        if line.start and line.end and line.start > line.end:
            problems.append(f"第 {number} 行：结束日期不能早于开始日期。")
        if line.occupation is None and line.level is None:
            # Places for the whole base: only where the programme counts places per base.
            if not policy.places_by_base:
                problems.append(
                    f"第 {number} 行：本项目按职业（工种）及等级核定名额，请选择职业（工种）和等级。"
                )
            elif seen_before:
                problems.append(f"第 {number} 行：不分职业（工种）的行只能有一行。")
            continue
        if line.occupation is None or line.level is None:
            problems.append(f"第 {number} 行：职业（工种）和等级须同时填写。")
            continue
        what = f"第 {number} 行 {line.occupation.name}（{Level(line.level).label}）"
        if seen_before:
            problems.append(f"{what}：与前面的行重复。")
        if offered and line.level not in offered:
            problems.append(f"{what}：本项目不开设该等级。")
        if program_occupations and line.occupation.pk not in program_occupations:
            problems.append(f"{what}：本项目未开设该职业（工种）。")
        if policy.catalog_rule == CatalogRule.IN_CATALOG and not line.occupation.in_catalog:
            problems.append(f"{what}：本项目仅限国家职业资格目录内职业（工种）。")
        if line.level not in line.occupation.levels:
            problems.append(f"{what}：该职业（工种）没有{Level(line.level).label}的国家职业技能标准。")
        if (line.occupation.pk, line.level) not in qualified:
            problems.append(f"{what}：本基地不具备该职业（工种）、等级的培训资质。")
    return problems


@transaction.atomic
def plan_lines_save(*, actor: User, plan: PlanApplication, lines: list[LineData]) -> PlanApplication:
    """Replace the plan's lines; only while the base holds the plan (draft or returned)."""
    plan = _locked(plan)
    if not plan.is_editable:
        raise PlanError(f"计划已盖章（当前状态：{plan.get_status_display()}），修改须由审核部门退回。")
    problems = plan_line_problems(plan=plan, lines=lines)
    if problems:
        raise PlanError("；".join(problems))
    plan.lines.all().delete()
    PlanLine.objects.bulk_create(
        PlanLine(
            plan=plan,
            occupation=line.occupation,
            level=line.level,
            planned_count=line.planned_count,
            start=line.start,
            end=line.end,
            remark=line.remark,
        )
        for line in lines
    )
    plan.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="plan.update",
        obj=plan,
        organisation=plan.base.organisation,
        note=f"{len(lines)} 行，合计 {sum(line.planned_count for line in lines)} 人",
    )
    return plan


# --- plans: the steps ------------------------------------------------------------------------------


def plan_submit(*, actor: User, plan: PlanApplication, opinion: str) -> PlanApplication:
    """The base stamps its plan and sends it to its county."""
    _require_role(actor, Role.BASE)

    def check(locked: PlanApplication) -> None:
        if not locked.lines.exists():
            raise PlanError("计划没有任何培训职业（工种），不能提交。")
        problems = plan_line_problems(plan=locked, lines=[_line_data(line) for line in locked.lines.all()])
        if problems:
            raise PlanError("；".join(problems))

    return _move(
        plan,
        actor,
        "submit",
        (Status.DRAFT, Status.RETURNED),
        Status.SUBMITTED,
        opinion,
        check=check,
        base_opinion=opinion,
        base_stamped_at=timezone.now(),
    )


def plan_withdraw(*, actor: User, plan: PlanApplication) -> PlanApplication:
    """The base takes back a submitted plan before its county has reviewed it."""
    _require_role(actor, Role.BASE)
    return _move(plan, actor, "withdraw", (Status.SUBMITTED,), Status.DRAFT, "", base_stamped_at=None)


def plan_stamp(*, actor: User, plan: PlanApplication, opinion: str) -> PlanApplication:
    """The county reviews and stamps the plan (审核盖章)."""
    _require_role(actor, Role.COUNTY)
    _require_opinion(opinion, "审核意见")
    return _move(
        plan,
        actor,
        "stamp",
        (Status.SUBMITTED,),
        Status.COUNTY_APPROVED,
        opinion,
        county_opinion=opinion,
        county_stamped_at=timezone.now(),
    )


def plan_return(*, actor: User, plan: PlanApplication, reason: str) -> PlanApplication:
    """A reviewer sends the plan back to the base for changes: the county before stamping, the city
    after the county's stamp. The stamps are cleared, since the plan will change."""
    _require_role(actor, Role.COUNTY, Role.CITY)
    _require_opinion(reason, "退回理由")
    allowed = (Status.SUBMITTED,) if actor.role == Role.COUNTY else (Status.COUNTY_APPROVED,)
    return _move(
        plan,
        actor,
        "return",
        allowed,
        Status.RETURNED,
        reason,
        base_stamped_at=None,
        county_stamped_at=None,
    )


def plan_approve(*, actor: User, plan: PlanApplication, opinion: str = "") -> PlanApplication:
    _require_role(actor, Role.CITY)
    return _move(
        plan,
        actor,
        "approve",
        (Status.COUNTY_APPROVED,),
        Status.CITY_APPROVED,
        opinion,
        city_opinion=opinion,
        city_decided_at=timezone.now(),
    )


def plan_reject(*, actor: User, plan: PlanApplication, reason: str) -> PlanApplication:
    _require_role(actor, Role.CITY)
    _require_opinion(reason, "不予通过的理由")
    return _move(
        plan,
        actor,
        "reject",
        (Status.COUNTY_APPROVED,),
        Status.REJECTED,
        reason,
        city_opinion=reason,
        city_decided_at=timezone.now(),
    )


@transaction.atomic
def notice_publish(
    *,
    actor: User,
    program: Program,
    plans: list[PlanApplication],
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> Publication:
    """Publish the approved plans in a public notice with its period."""
    _require_role(actor, Role.CITY)
    if not plans:
        raise PlanError("请至少选择一个市级审批通过的计划。")
    publication = Publication(
        program=program, title=title, starts_on=starts_on, ends_on=ends_on, published_by=actor
    )
    publication.full_clean()
    publication.save()
    for plan in plans:
        if plan.program_id != program.pk:
            raise PlanError(f"“{plan.base}”的计划不属于该项目。")
        _move(
            plan, actor, "publish", (Status.CITY_APPROVED,), Status.IN_NOTICE, title, publication=publication
        )
    return publication


@transaction.atomic
def objection_record(
    *, actor: User, plan: PlanApplication, received_on: datetime.date, content: str
) -> Objection:
    """Record an objection received during the notice period; the plan waits for its resolution."""
    _require_role(actor, Role.CITY)
    _require_opinion(content, "异议内容")
    locked = _locked(plan)
    if locked.publication and not locked.publication.is_open(received_on):
        raise PlanError("异议须在公示期内提出。")
    objection = Objection.objects.create(
        plan=locked, received_on=received_on, content=content, recorded_by=actor
    )
    _move(locked, actor, "objection", (Status.IN_NOTICE,), Status.OBJECTION, content)
    return objection


@transaction.atomic
def objection_resolve(*, actor: User, objection: Objection, upheld: bool, note: str) -> PlanApplication:
    """Settle an objection: upheld → the plan is not confirmed; dismissed → the plan is confirmed."""
    _require_role(actor, Role.CITY)
    _require_opinion(note, "处理说明")
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.outcome:
        raise PlanError("该异议已处理。")
    objection.outcome = Objection.Outcome.UPHELD if upheld else Objection.Outcome.DISMISSED
    objection.resolution_note = note
    objection.resolved_at = timezone.now()
    objection.save()
    target = Status.REJECTED if upheld else Status.CONFIRMED
    return _move(
        objection.plan, actor, "confirm" if not upheld else "reject", (Status.OBJECTION,), target, note
    )


@transaction.atomic
def notice_close(*, actor: User | None, publication: Publication, today: datetime.date | None = None) -> int:
    """After the notice period, confirm every plan of the notice that drew no objection. Returns how
    many were confirmed."""
    today = today or timezone.localdate()
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if today <= publication.ends_on:
        raise PlanError(f"公示期至 {publication.ends_on:%Y年%m月%d日}，期满后方可确定。")
    confirmed = 0
    for plan in publication.plans.filter(status=Status.IN_NOTICE):
        _move(plan, actor, "confirm", (Status.IN_NOTICE,), Status.CONFIRMED, "公示期满无异议")
        confirmed += 1
    publication.closed_at = timezone.now()
    publication.save(update_fields=["closed_at"])
    return confirmed


def notices_close_due(today: datetime.date | None = None) -> int:
    """Close every notice whose period has ended (run daily by Celery beat)."""
    today = today or timezone.localdate()
    return sum(
        notice_close(actor=None, publication=p, today=today)
        for p in Publication.objects.filter(closed_at__isnull=True, ends_on__lt=today)
    )


# --- helpers ---------------------------------------------------------------------------------------


def _move(plan, actor, step, allowed, to, opinion, *, check=None, **fields) -> PlanApplication:
    """Lock the plan, verify it is still where this step starts, move it, and record the step."""
    with transaction.atomic():
        locked = _locked(plan)
        if locked.status not in allowed:
            raise PlanError(
                f"操作未完成：该计划当前状态为“{locked.get_status_display()}”，可能已由他人处理，请刷新页面后查看。"
            )
        if check:
            check(locked)
        old = locked.get_status_display()
        locked.status = to
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            actor=actor,
            action=f"plan.{step}",
            obj=locked,
            organisation=locked.base.organisation,
            from_state=old,
            to_state=locked.get_status_display(),
            note=opinion,
        )
    return locked


def _locked(plan: PlanApplication) -> PlanApplication:
    return (
        PlanApplication.objects.select_for_update(of=("self",))
        .select_related("program__policy", "base__organisation", "publication")
        .get(pk=plan.pk)
    )


def _line_data(line: PlanLine) -> LineData:
    return LineData(line.occupation, line.level, line.planned_count, line.start, line.end, line.remark)


def _require_role(actor: User, *roles: str) -> None:
    if actor.role not in roles:
        raise PlanError("您的角色不能执行此操作。")


def _require_opinion(text: str, what: str) -> None:
    if not text or not text.strip():
        raise PlanError(f"请填写{what}。")
