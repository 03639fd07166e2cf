"""The plan's workflow, declared once (SPEC §3, §5): who takes which step, from where to where.

Who reviews is the programme's policy: ``plan_county_review`` puts the county's stamp between the base
and the city (临沂, 潍坊); without it the base files its plan with the city directly (德州
"报市人力资源社会保障局备案同意"). ``plan_public_notice`` puts the public notice with objections after the
city's approval (临沂); without it the city's approval confirms the plan.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.errors import PortalError
from core.workflow import Opinion, Step, Workflow

from .models import Objection, PlanApplication
from .plan_rules import line_data, plan_line_problems

Status = PlanApplication.Status
Role = User.Role


class PlanError(PortalError):
    """A plan step that cannot be taken; the message (Chinese) is shown to the user as is."""


def county_reviews(plan: PlanApplication) -> bool:
    return plan.program.policy.plan_county_review


def noticed(plan: PlanApplication) -> bool:
    return plan.program.policy.plan_public_notice


def awaiting(plan: PlanApplication, role: str) -> tuple[str, ...]:
    """The state in which the plan waits for this reviewer, as the policy's chain says."""
    if role == Role.COUNTY:
        return (Status.SUBMITTED,) if county_reviews(plan) else ()
    if role == Role.CITY:
        return (Status.COUNTY_APPROVED,) if county_reviews(plan) else (Status.SUBMITTED,)
    return ()


# --- the steps' own rules ------------------------------------------------------------------------------


def _lines_complete(plan: PlanApplication, **_) -> None:
    lines = list(plan.lines.select_related("occupation"))
    if not lines:
        raise PlanError("计划没有任何培训职业（工种），不能提交。")
    problems = plan_line_problems(plan=plan, lines=[line_data(line) for line in lines])
    if problems:
        raise PlanError("；".join(problems))


def _base_stamps(plan: PlanApplication, *, opinion: str, **_) -> None:
    plan.base_opinion, plan.base_stamped_at = opinion, timezone.now()


def _base_unstamps(plan: PlanApplication, **_) -> None:
    plan.base_stamped_at = None


def _county_stamps(plan: PlanApplication, *, opinion: str, **_) -> None:
    plan.county_opinion, plan.county_stamped_at = opinion, timezone.now()


def _stamps_cleared(plan: PlanApplication, **_) -> None:
    # The plan will change, so the stamps on the old content no longer hold.
    plan.base_stamped_at = plan.county_stamped_at = None


def _city_decides(plan: PlanApplication, *, opinion: str, **_) -> None:
    plan.city_opinion, plan.city_decided_at = opinion, timezone.now()


def _joins_notice(plan: PlanApplication, *, publication, **_) -> None:
    if plan.program_id != publication.program_id:
        raise PlanError(f"“{plan.base}”的计划不属于该项目。")
    plan.publication = publication


def _within_notice(plan: PlanApplication, *, date: datetime.date, **_) -> None:
    if plan.publication and not plan.publication.is_open(date):
        raise PlanError("异议须在公示期内提出。")


def _objection_recorded(plan: PlanApplication, *, actor, opinion: str, date: datetime.date, **_) -> None:
    Objection.objects.create(plan=plan, received_on=date, content=opinion, recorded_by=actor)


def _notice_ended(plan: PlanApplication, *, today: datetime.date | None = None, **_) -> None:
    """No path confirms a plan before its public notice has ended."""
    today = today or timezone.localdate()
    if plan.publication and today <= plan.publication.ends_on:
        raise PlanError(f"公示期至 {plan.publication.ends_on:%Y年%m月%d日}，期满后方可确定。")


# --- the table -----------------------------------------------------------------------------------------

# fmt: off
PLAN_WORKFLOW = Workflow(
    model=PlanApplication,
    noun="该计划",
    error=PlanError,
    organisation=lambda plan: plan.base.organisation,
    locking=lambda: PlanApplication.objects.select_related(
        "program__policy", "base__organisation", "publication"
    ),
    steps=[
        Step(
            "submit", "盖章提交", (Role.BASE,), (Status.DRAFT, Status.RETURNED), Status.SUBMITTED,
            action="plan.submit", done="计划已盖章提交审核。", seal=True,
            opinion=Opinion(
                "基地意见", required=False, initial="经研究，同意申报。本单位对所填计划的真实性负责。"
            ),
            hint="提交时加盖本基地电子公章，计划即冻结；如需修改，须由审核部门退回。",
            confirm="提交后计划即盖章冻结，修改须由审核部门退回。确定提交吗？",
            check=_lines_complete, effects=_base_stamps,
        ),
        Step(
            "withdraw", "撤回（审核前）", (Role.BASE,), (Status.SUBMITTED,), Status.DRAFT,
            action="plan.withdraw", done="计划已撤回。", style="",
            hint="审核部门办理前，可撤回计划修改；修改后须重新盖章提交。",
            confirm="撤回后计划回到草稿，修改后须重新盖章提交。确定撤回吗？",
            effects=_base_unstamps,
        ),
        Step(
            "stamp", "审核盖章", (Role.COUNTY,), awaiting, Status.COUNTY_APPROVED,
            action="plan.stamp", done="已审核盖章，报市人社局。", seal=True, enabled=county_reviews,
            opinion=Opinion("审核意见", initial="经审核，同意上报。"),
            hint="同意的，加盖本局电子公章后报市人社局审批。", confirm="确定审核盖章并报市人社局吗？",
            effects=_county_stamps,
        ),
        Step(
            "approve", "审批通过", (Role.CITY,), awaiting, Status.CITY_APPROVED,
            action="plan.approve", done="计划已审批通过。", enabled=noticed,
            opinion=Opinion("审批意见", required=False, initial="同意。"),
            hint="通过后可列入本项目的公示。", confirm="确定审批通过吗？",
            effects=_city_decides,
        ),
        Step(
            "approve_final", "备案同意", (Role.CITY,), awaiting, Status.CONFIRMED,
            action="plan.approve_final", done="计划已备案同意，确定为项目实施单位。",
            enabled=lambda plan: not noticed(plan),
            opinion=Opinion("审批意见", required=False, initial="同意备案。"),
            hint="本项目不经公示：同意即确定该基地为项目实施单位。", confirm="确定备案同意吗？",
            effects=_city_decides,
        ),
        Step(
            "return", "退回基地修改", (Role.COUNTY, Role.CITY), awaiting, Status.RETURNED,
            action="plan.return", done="计划已退回基地修改。", style="danger",
            opinion=Opinion("退回理由"),
            hint="计划有误的，写明理由退回基地；基地修改后重新盖章提交，已盖的章作废。",
            confirm="确定将该计划退回基地修改吗？已加盖的公章将作废。",
            effects=_stamps_cleared,
        ),
        Step(
            "reject", "不予通过", (Role.CITY,), awaiting, Status.REJECTED,
            action="plan.reject", done="计划已作不予通过处理。", style="danger",
            opinion=Opinion("不予通过的理由"),
            hint="不予通过是最终决定，基地不能再修改该计划。", confirm="确定不予通过吗？此操作不可撤销。",
            effects=_city_decides,
        ),
        # Published for many plans at once from the programme's notice page.
        Step(
            "publish", "发布公示", (Role.CITY,), (Status.CITY_APPROVED,), Status.IN_NOTICE,
            action="plan.publish", done="已发布公示。", enabled=noticed,
            page=lambda plan: reverse("bases:publication_create", args=[plan.program.code]),
            hint="本计划已审批通过，尚未公示。公示在项目层面发布，可与本项目其他已审批通过的计划一并公示。",
            effects=_joins_notice,
        ),
        Step(
            "objection", "登记异议", (Role.CITY,), (Status.IN_NOTICE,), Status.OBJECTION,
            action="plan.objection", done="异议已登记，该计划暂缓确定。", style="danger",
            date_label="收到日期",
            opinion=Opinion("异议内容"),
            hint="公示期内收到对该基地的异议时登记；登记后计划暂缓确定，待处理结果而定。",
            confirm="登记异议后该计划暂缓确定，须处理异议后才能确定。确定登记吗？",
            check=_within_notice, effects=_objection_recorded,
        ),
        # Settled from the objection's own form (bases.services.objection_resolve).
        Step(
            "objection_uphold", "异议成立", (Role.CITY,), (Status.OBJECTION,), Status.REJECTED,
            action="plan.reject", done="异议成立，该计划不予确定。", on_detail_page=False,
            opinion=Opinion("处理说明"),
        ),
        Step(
            "objection_dismiss", "异议不成立", (Role.CITY,), (Status.OBJECTION,), Status.IN_NOTICE,
            action="plan.objection_dismiss", done="异议不成立，该计划继续公示。", on_detail_page=False,
            opinion=Opinion("处理说明"),
        ),
        # Taken when the notice has ended (notice_close, by the clerk or the nightly task).
        Step(
            "confirm", "公示期满确定", (Role.CITY,), (Status.IN_NOTICE,), Status.CONFIRMED,
            action="plan.confirm", done="公示期满无异议，计划已确定。", on_detail_page=False,
            check=_notice_ended,
        ),
    ],
)
# fmt: on
