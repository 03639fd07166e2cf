"""The programme's status, declared once: forward through the year, and one step back to correct."""

from accounts.models import User
from core.errors import PortalError
from core.workflow import Step, Workflow

from .models import Program

Status = Program.Status
CITY = (User.Role.CITY,)


class ProgramError(PortalError):
    """A programme change that cannot be made; the message is Chinese."""


# fmt: off
PROGRAM_WORKFLOW = Workflow(
    model=Program,
    noun="该项目",
    error=ProgramError,
    organisation=lambda program: program.city,
    steps=[
        Step("open", "开始计划申报", CITY, (Status.DRAFT,), Status.OPEN, action="program.status",
             done="项目已开始接受计划申报。", confirm="开始后培训基地即可申报计划。确定开始计划申报吗？"),
        Step("start_training", "进入培训实施", CITY, (Status.OPEN,), Status.TRAINING, action="program.status",
             done="项目已进入培训实施。", confirm="确定结束计划申报、进入培训实施吗？"),
        Step("close", "结束项目", CITY, (Status.TRAINING,), Status.CLOSED, action="program.status",
             done="项目已结束。", confirm="结束后不再登记学员。确定结束项目吗？"),
        # One step back, for corrections.
        Step("back_to_draft", "退回草稿", CITY, (Status.OPEN,), Status.DRAFT, action="program.status",
             done="项目已退回草稿。", style="", confirm="退回草稿后基地不能申报计划。确定退回吗？"),
        Step("reopen", "恢复计划申报", CITY, (Status.TRAINING,), Status.OPEN, action="program.status",
             done="项目已恢复计划申报。", style="", confirm="确定恢复计划申报吗？"),
        Step("reopen_training", "恢复培训实施", CITY, (Status.CLOSED,), Status.TRAINING,
             action="program.status", done="项目已恢复培训实施。", style="", confirm="确定恢复培训实施吗？"),
    ],
)
# fmt: on
