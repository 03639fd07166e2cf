"""Builders for results tests: a class of base A1-a with a full schedule, every trainee present at every
session except the last trainee, who missed the last three 实操 sessions (15 hours short)."""

from attendance.models import Attendance
from tests.attendance.factories import delivery_setup, full_schedule

HEADER = [
    "序号",
    "姓名",
    "身份证号码",
    "考核成绩",
    "考核结果",
    "鉴定结果",
    "取得等级",
    "证书编号",
    "发证日期",
]


def assessed_class(world, *, trainees: int = 3, **policy):
    """(programme, base, class, enrolments); the last enrolment is short of 实操 hours."""
    program, base, training_class, enrollments = delivery_setup(world, trainees=trainees, **policy)
    sessions = full_schedule(training_class)
    short = enrollments[-1].pk
    missed = {s.pk for s in sessions[-3:]}
    Attendance.objects.bulk_create(
        Attendance(
            session=s,
            enrollment=e,
            status=Attendance.Status.ABSENT
            if (e.pk == short and s.pk in missed)
            else Attendance.Status.PRESENT,
        )
        for s in sessions
        for e in enrollments
    )
    return program, base, training_class, enrollments


def line(
    number: int, enrollment, outcome: str = "合格", score="88", appraisal="", level="", cert="", date=""
):
    trainee = enrollment.trainee
    return [number, trainee.name, trainee.id_number, score, outcome, appraisal, level, cert, date]
