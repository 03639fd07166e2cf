"""Writes for bases and plans. Every plan step is a line of ``bases.workflows.PLAN_WORKFLOW``, run by the
one step runner (``core.workflow``): it locks the plan row, checks where the plan stands, moves it, and
records who did it and why in the audit log (SPEC §5)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.services import organisation_base_create
from core.audit import audit_record
from core.workdays import working_days
from programs.models import Occupation, Program

from .choices import SanctionKind
from .models import Base, Objection, PlanApplication, PlanLine, Publication, Qualification, Sanction
from .plan_rules import LineData, plan_line_problems
from .workflows import PLAN_WORKFLOW, PlanError

__all__ = ["LineData", "PlanError", "plan_line_problems"]  # re-exported for views, demo and tests

Status = PlanApplication.Status
Role = User.Role


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
# Each step is a line of PLAN_WORKFLOW (bases/workflows.py); these functions name them for callers.


def plan_step(*, actor: User | None, plan: PlanApplication, step: str, opinion: str = "", **extra):
    """Take one step of the plan's workflow (refused with a PlanError)."""
    return PLAN_WORKFLOW.run(step, actor=actor, obj=plan, opinion=opinion, **extra)


def plan_submit(*, actor: User, plan: PlanApplication, opinion: str = "") -> PlanApplication:
    """The base stamps its plan and sends it to its reviewer (the county, or the city)."""
    return plan_step(actor=actor, plan=plan, step="submit", opinion=opinion)


def plan_withdraw(*, actor: User, plan: PlanApplication) -> PlanApplication:
    """The base takes back a submitted plan before it was reviewed."""
    return plan_step(actor=actor, plan=plan, step="withdraw")


def plan_stamp(*, actor: User, plan: PlanApplication, opinion: str) -> PlanApplication:
    """The county reviews and stamps the plan (审核盖章)."""
    return plan_step(actor=actor, plan=plan, step="stamp", opinion=opinion)


def plan_return(*, actor: User, plan: PlanApplication, reason: str) -> PlanApplication:
    """A reviewer sends the plan back to the base for changes; the stamps are cleared."""
    return plan_step(actor=actor, plan=plan, step="return", opinion=reason)


def plan_approve(*, actor: User, plan: PlanApplication, opinion: str = "") -> PlanApplication:
    """The city approves: for a public notice when the policy has one, else the plan is confirmed."""
    step = "approve" if plan.program.policy.plan_public_notice else "approve_final"
    return plan_step(actor=actor, plan=plan, step=step, opinion=opinion)


def plan_reject(*, actor: User, plan: PlanApplication, reason: str) -> PlanApplication:
    return plan_step(actor=actor, plan=plan, step="reject", opinion=reason)


def notice_contact_defaults(program: Program) -> dict[str, str]:
    """Where and how to object, as the city's previous notice said (the clerk checks them)."""
    previous = (
        Publication.objects.filter(program__city=program.city)
        .exclude(objection_phone="")
        .order_by("-id")
        .first()
    )
    if previous is None:
        return {"objection_phone": "", "objection_address": program.city.display_name}
    return {"objection_phone": previous.objection_phone, "objection_address": previous.objection_address}


def notice_period_problem(*, program: Program, starts_on: datetime.date, ends_on: datetime.date) -> str:
    """Why this period is too short for the programme's notice ("" when it is long enough)."""
    minimum = program.policy.notice_min_working_days
    days = working_days(starts_on, ends_on)
    if days < minimum:
        return f"公示期不得少于 {minimum} 个工作日（所选期间只有 {days} 个工作日），请延长公示截止日期。"
    return ""


@transaction.atomic
def notice_publish(
    *,
    actor: User,
    program: Program,
    plans: list[PlanApplication],
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    objection_phone: str = "",
    objection_address: str = "",
) -> Publication:
    """Publish the approved plans in a public notice that lasts at least the policy's minimum."""
    if actor.role != Role.CITY:
        raise PlanError("您的角色不能执行此操作。")
    if not program.policy.plan_public_notice:
        raise PlanError("本项目的办理流程不含公示环节。")
    if not plans:
        raise PlanError("请至少选择一个市级审批通过的计划。")
    problem = notice_period_problem(program=program, starts_on=starts_on, ends_on=ends_on)
    if problem:
        raise PlanError(problem)
    publication = Publication(
        program=program,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        objection_phone=objection_phone,
        objection_address=objection_address,
        published_by=actor,
    )
    publication.full_clean()
    publication.save()
    for plan in plans:
        plan_step(actor=actor, plan=plan, step="publish", opinion=title, publication=publication)
    return publication


@transaction.atomic
def objection_record(
    *, actor: User, plan: PlanApplication, received_on: datetime.date, content: str
) -> Objection:
    """Record an objection received during the notice period; the plan waits for its resolution."""
    plan_step(actor=actor, plan=plan, step="objection", opinion=content, date=received_on)
    return Objection.objects.filter(plan=plan).latest("id")


@transaction.atomic
def objection_resolve(
    *, actor: User, objection: Objection, upheld: bool, note: str, today: datetime.date | None = None
) -> PlanApplication:
    """Settle an objection: upheld → the plan is not confirmed; dismissed → the plan is back in its
    notice, and confirmed only once the notice has ended (now, if it already has)."""
    today = today or timezone.localdate()
    if actor.role != Role.CITY:
        raise PlanError("您的角色不能执行此操作。")
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.outcome:
        raise PlanError("该异议已处理。")
    plan = plan_step(
        actor=actor,
        plan=objection.plan,
        step="objection_uphold" if upheld else "objection_dismiss",
        opinion=note,
    )
    objection.outcome = Objection.Outcome.UPHELD if upheld else Objection.Outcome.DISMISSED
    objection.resolution_note = note.strip()
    objection.resolved_at = timezone.now()
    objection.save()
    if not upheld and plan.publication and today > plan.publication.ends_on:
        plan = plan_step(actor=actor, plan=plan, step="confirm", opinion="公示期满，异议不成立", today=today)
    return plan


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
        plan_step(actor=actor, plan=plan, step="confirm", opinion="公示期满无异议", today=today)
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


def _locked(plan: PlanApplication) -> PlanApplication:
    return (
        PlanApplication.objects.select_for_update(of=("self",))
        .select_related("program__policy", "base__organisation", "publication")
        .get(pk=plan.pk)
    )
