"""The results batch's steps, declared once (core.workflow runs them; pages draw their buttons).

The assessing organisation submits (the base in 临沂 / 德州, the city's appraisal body in 威海 / 潍坊).
Where the policy says so the city approves the submitted batch (or returns it for correction); without
city approval a submission is final. An approved batch is frozen; the city re-opens it for a correction
with a recorded reason.
"""

from accounts.models import User
from core.audit import ACTIONS
from core.workflow import Opinion, Step, Workflow

from .models import ResultBatch
from .services import ResultsError, approved_effects, submitted_effects

Status = ResultBatch.Status
BASE, CITY = User.Role.BASE, User.Role.CITY

ACTIONS.update(
    {
        "results.record": "录入考核结果",
        "results.import": "导入考核结果",
        "results.submit": "提交考核结果",
        "results.approve": "审定考核结果",
        "results.return": "退回考核结果",
        "results.reopen": "重新开放考核结果（更正）",
    }
)


def _city_approves(batch: ResultBatch) -> bool:
    return bool(batch.program.policy and batch.program.policy.results_city_approval)


def _check_submit(batch: ResultBatch, *, actor, **_) -> None:
    if actor is not None and actor.organisation_id != batch.assessor_id:
        raise ResultsError(f"本项目的考核结果由“{batch.assessor.name}”提交。")
    if not batch.results.exists():
        raise ResultsError("该批次还没有录入任何考核结果，不能提交。")


def _check_city(batch: ResultBatch, *, actor, **_) -> None:
    if actor is not None and actor.organisation_id != batch.program.city_id:
        raise ResultsError("只有本项目所属的市人社局可以办理。")


def _submit_final(batch: ResultBatch, *, actor, **extra) -> None:
    submitted_effects(batch, actor=actor)
    approved_effects(batch, actor=actor)


# fmt: off
RESULTS_WORKFLOW = Workflow(
    model=ResultBatch,
    noun="该批次考核结果",
    error=ResultsError,
    organisation=lambda batch: batch.base.organisation,
    locking=lambda: ResultBatch.objects.select_related("program__policy", "assessor", "base__organisation"),
    steps=[
        Step("submit", "提交审定", (BASE, CITY), (Status.DRAFT, Status.REOPENED), Status.SUBMITTED,
             action="results.submit", done="考核结果已提交，等待市人社局审定。", enabled=_city_approves,
             check=_check_submit, effects=submitted_effects,
             confirm="提交后不能再修改，除非市人社局退回。确定提交吗？"),
        Step("submit_final", "提交（最终结果）", (BASE, CITY), (Status.DRAFT, Status.REOPENED),
             Status.APPROVED,
             action="results.submit", done="考核结果已提交并生效。", enabled=lambda b: not _city_approves(b),
             check=_check_submit, effects=_submit_final,
             confirm="提交后即为最终结果并冻结。确定提交吗？"),
        Step("approve", "审定通过", (CITY,), (Status.SUBMITTED,), Status.APPROVED, action="results.approve",
             done="考核结果已审定，批次已冻结。", enabled=_city_approves, check=_check_city,
             effects=approved_effects, opinion=Opinion("审定意见", required=False, initial="同意"),
             confirm="审定后结果冻结，用于证书、补贴和统计。确定审定通过吗？"),
        Step("return", "退回更正", (CITY,), (Status.SUBMITTED,), Status.REOPENED, action="results.return",
             done="考核结果已退回更正。", enabled=_city_approves, check=_check_city, style="danger",
             opinion=Opinion("退回原因")),
        Step("reopen", "重新开放更正", (CITY,), (Status.APPROVED,), Status.REOPENED, action="results.reopen",
             done="批次已重新开放，组织方可更正考核结果。", check=_check_city, style="danger",
             opinion=Opinion("重新开放的原因"),
             confirm="重新开放后证书、补贴不再计入该批次，直到再次审定。确定重新开放吗？"),
    ],
)
# fmt: on
