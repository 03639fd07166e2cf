"""The performance report's steps, declared once: the base submits (sealed, frozen), the city may
return it with a reason, and the base submits again."""

from accounts.models import User
from core.workflow import Opinion, Step, Workflow

from .models import PerformanceReport
from .performance import ReportError, returned_effects, submitted_effects

Status = PerformanceReport.Status
BASE, CITY = User.Role.BASE, User.Role.CITY


def _check_base(report: PerformanceReport, *, actor, **_) -> None:
    if actor is not None and actor.organisation_id != report.base.organisation_id:
        raise ReportError("只有本基地可以报送本基地的绩效评估报告。")


def _check_city(report: PerformanceReport, *, actor, **_) -> None:
    if actor is not None and actor.organisation_id != report.program.city_id:
        raise ReportError("只有本项目所属的市人社局可以办理。")


# fmt: off
PERFORMANCE_WORKFLOW = Workflow(
    model=PerformanceReport,
    noun="该绩效评估报告",
    error=ReportError,
    organisation=lambda report: report.base.organisation,
    locking=lambda: PerformanceReport.objects.select_related("program", "base__organisation"),
    steps=[
        Step("submit", "盖章报送", (BASE,), (Status.DRAFT, Status.RETURNED), Status.SUBMITTED,
             action="performance.submit", done="绩效评估报告已盖章报送市人社局。", seal=True,
             check=_check_base, effects=submitted_effects,
             confirm="报送时按当前数据生成报告并加盖本基地电子公章，报送后不能修改。确定报送吗？"),
        Step("return", "退回修改", (CITY,), (Status.SUBMITTED,), Status.RETURNED,
             action="performance.return", done="绩效评估报告已退回基地修改。", style="danger",
             check=_check_city, effects=returned_effects, opinion=Opinion("退回原因")),
    ],
)
# fmt: on
