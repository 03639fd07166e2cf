"""Demo statistics (seed_demo, last): every preset programme gets its statistics policy, so its layout is
set and its statistics deadline is on the deadline tracker; 德州职业技术学院 has sent its 德州 2021
performance report. Idempotent."""

from accounts.models import User
from attendance.demo import BASE_CODE, PROGRAM, STAFF
from bases.models import Base
from programs.models import Program

from .models import PerformanceReport
from .performance import report_save
from .presets import STATISTICS_PRESETS
from .selectors import statistics_policy
from .workflows import PERFORMANCE_WORKFLOW


def seed() -> None:
    for program in Program.objects.filter(code__in=list(STATISTICS_PRESETS)):
        statistics_policy(program)
    program = Program.objects.get(code=PROGRAM)
    base = Base.objects.get(organisation__code=BASE_CODE)
    if PerformanceReport.objects.filter(program=program, base=base).exists():
        return
    staff = User.objects.get(username=STAFF)
    report = report_save(
        report=PerformanceReport(program=program, base=base),
        actor=staff,
        achievements="按计划开设焊工、钳工技师班，课程安排、考勤和影像资料齐全，考核合格率较高。",
        problems="个别学员因工作原因缺课，课时不足未能参加考核；实操工位偏少。",
        remedies="对缺课学员安排补课后再参加考核；新增实训工位，实操课分组轮训。",
    )
    PERFORMANCE_WORKFLOW.run("submit", actor=staff, obj=report)
