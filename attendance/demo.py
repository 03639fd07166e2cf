"""Demo delivery data (seed_demo): two classes of 德州职业技术学院 in 德州 2021, each with its trainees
(enrolled through the real roster path), a full 210-hour schedule (思政 10, 理论 110, 实操 90) and the
attendance of every session. In the 钳工 class one trainee was on leave for three 实操 sessions and is
15 class hours short. Idempotent: a class that already exists is left as it is."""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from accounts.models import User
from bases.models import Base
from core.idcard import check_digit, sex_from_id
from core.models import AuditEntry
from programs.choices import Education, EmployerType, Level
from programs.demo import at
from programs.eligibility import Facts
from programs.models import Occupation, Program
from trainees.models import Enrollment
from trainees.roster import RosterRow
from trainees.services import roster_enrol

from .choices import Category, Mode
from .models import Attendance, TrainingClass
from .schedule import Session as ScheduleSession
from .services import ClassData, attendance_record, class_save, members_assign, schedule_replace

PROGRAM = "dezhou-2021"
BASE_CODE = "371400-B01"  # 德州职业技术学院（德州市技师学院）
STAFF = "base-dezhou-1"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙"
GIVEN = ["建国", "海涛", "红梅", "志强", "秀英", "立新", "文华", "德胜"]
# 钳工 and 电工, not 焊工: the roster tests import into the base's 20 焊工 places of the demo.
CLASSES = [
    # name, occupation, head teacher, first day, ID sequence base
    ("钳工技师2021级一班", "钳工", "刘振华", datetime.date(2021, 7, 1), 100),
    ("电工技师2021级一班", "电工", "孙丽娟", datetime.date(2021, 7, 5), 200),
]
TRAINEES_PER_CLASS = 8
# (category, count of 5-hour sessions): 10 + 110 + 90 = 210 class hours.
SCHEDULE = [(Category.IDEOLOGY, 2), (Category.THEORY, 22), (Category.PRACTICE, 18)]
SHORT_SESSIONS = 3  # the 钳工 class's first trainee misses the last three 实操 sessions


def seed() -> None:
    program = Program.objects.get(code=PROGRAM)
    base = Base.objects.get(organisation__code=BASE_CODE)
    staff = User.objects.get(username=STAFF)
    for number, (name, occupation, teacher, first_day, sequence) in enumerate(CLASSES):
        if TrainingClass.objects.filter(program=program, base=base, name=name).exists():
            continue
        enrollments = _enrol(program, base, staff, occupation, sequence)
        _backdate_enrolment(program, enrollments, at(first_day - datetime.timedelta(days=14), 10))
        training_class = class_save(
            actor=staff,
            base=base,
            program=program,
            data=ClassData(
                occupation=Occupation.objects.get(name=occupation),
                level=Level.TECHNICIAN,
                name=name,
                head_teacher=teacher,
                place="德州职业技术学院实训中心",
                start=first_day,
                end=datetime.date(2021, 10, 29),
            ),
        )
        members_assign(actor=staff, training_class=training_class, enrollments=enrollments)
        schedule_replace(
            actor=staff, training_class=training_class, sessions=_schedule(first_day, occupation, teacher)
        )
        _attend(training_class, staff, enrollments, short=enrollments[0] if number == 0 else None)


def _enrol(program: Program, base: Base, staff: User, occupation: str, sequence: int) -> list[Enrollment]:
    """Eight 技师 applicants holding a 高级工 certificate of the trade since 2016 (the certificate route)."""
    rows = []
    for i in range(TRAINEES_PER_CLASS):
        first17 = f"371402{1978 + i}{i + 1:02d}15{sequence + i:03d}"  # region, birth date, sequence
        id_number = first17 + check_digit(first17)
        facts = Facts(
            id_number=id_number,
            name=SURNAMES[(sequence // 100 + i) % len(SURNAMES)] + GIVEN[i],
            sex=sex_from_id(id_number),
            employer="德州市机械制造有限公司",
            employer_type=EmployerType.ENTERPRISE,
            social_insurance=True,
            education=Education.HIGH_SCHOOL,
            cert_occupation=occupation,
            cert_level=Level.SENIOR_WORKER,
            cert_number=f"GJ2016{sequence + i:05d}",
            cert_date=datetime.date(2016, 5, 20),
            years_in_trade=16,
            target_occupation=occupation,
        )
        rows.append(RosterRow(row=i + 2, facts=facts, target_level=Level.TECHNICIAN, phone="13905340000"))
    roster_enrol(actor=staff, program=program, base=base, rows=rows, commit=True)
    return list(
        Enrollment.objects.filter(program=program, trainee__id_number__in=[r.id_number for r in rows])
        .select_related("trainee")
        .order_by("trainee__id_number")
    )


def _backdate_enrolment(program: Program, enrollments: list[Enrollment], when: datetime.datetime) -> None:
    """The registration and its audit entry in the programme's year, two weeks before the class starts."""
    Enrollment.objects.filter(pk__in=[e.pk for e in enrollments]).update(created_at=when)
    # The import just recorded is the newest trainee.import entry of the programme.
    entry = (
        AuditEntry.objects.filter(
            action="trainee.import",
            content_type=ContentType.objects.get_for_model(Program),
            object_id=str(program.pk),
        )
        .order_by("-id")
        .first()
    )
    if entry:
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=when)


def _schedule(first_day: datetime.date, occupation: str, teacher: str) -> list[ScheduleSession]:
    """One 5-hour session each weekday morning from ``first_day`` on."""
    sessions, day = [], first_day
    for category, count in SCHEDULE:
        for lesson in range(1, count + 1):
            while day.weekday() >= 5:
                day += datetime.timedelta(days=1)
            sessions.append(
                ScheduleSession(
                    row=len(sessions) + 2,
                    day=day,
                    start=datetime.time(8, 0),
                    end=datetime.time(12, 30),
                    category=category,
                    mode=Mode.OFFLINE,
                    hours=Decimal(5),
                    content=f"{occupation}{Category(category).label}第{lesson}讲",
                    teacher="王建军" if category == Category.IDEOLOGY else teacher,
                    place="实训中心 2 号楼" if category == Category.PRACTICE else "教学楼 301",
                )
            )
            day += datetime.timedelta(days=1)
    return sessions


def _attend(training_class: TrainingClass, staff: User, enrollments, *, short) -> None:
    sessions = list(training_class.sessions.order_by("day", "start"))
    for index, session in enumerate(sessions):
        marks = {e.pk: Attendance.Status.PRESENT for e in enrollments}
        if short is not None and index >= len(sessions) - SHORT_SESSIONS:
            marks[short.pk] = Attendance.Status.LEAVE
        attendance_record(actor=staff, session=session, marks=marks)
