"""Builders for delivery tests: a class of confirmed base A1-a with trainees, and a full 临沂-like
schedule (210 class hours: 思政 10, 理论 110, 实操 90) in June 2026, long past."""

import datetime
from decimal import Decimal

from attendance.models import Session, TrainingClass
from attendance.services import ClassData, class_save, members_assign
from programs.choices import Level
from programs.models import Occupation
from tests.trainees.factories import confirmed_base, make_enrollment, quota_program

FIRST_DAY = datetime.date(2026, 6, 1)  # a Monday


def class_data(name: str = "焊工技师一班", **changes) -> ClassData:
    values = {
        "occupation": Occupation.objects.get(name="焊工"),
        "level": Level.TECHNICIAN,
        "name": name,
        "head_teacher": "张老师",
        "place": "实训楼 201",
        "start": FIRST_DAY,
        "end": datetime.date(2026, 7, 31),
    }
    values.update(changes)
    return ClassData(**values)


def delivery_setup(world, *, trainees: int = 3, class_size_max: int | None = None, **policy):
    """(programme, base A1-a, class, enrolments): the base's plan confirmed, ``trainees`` 焊工 enrolments
    assigned to the class."""
    program = quota_program(world, class_size_max=class_size_max, **policy)
    base = confirmed_base(world, program=program)
    staff = world.users["base"]
    training_class = class_save(actor=staff, base=base, program=program, data=class_data())
    enrollments = [
        make_enrollment(program=program, base=base, serial=serial, created_by=staff)
        for serial in range(1, trainees + 1)
    ]
    if enrollments:
        members_assign(actor=staff, training_class=training_class, enrollments=enrollments)
    return program, base, training_class, enrollments


# (category, hours) of each session: 2 × 5 思政, 22 × 5 理论, 18 × 5 实操 = 210.
FULL_PLAN = [("ideology", 5)] * 2 + [("theory", 5)] * 22 + [("practice", 5)] * 18


def full_schedule(training_class: TrainingClass, *, plan=FULL_PLAN, mode: str = "offline") -> list[Session]:
    """One session a weekday morning from FIRST_DAY on, in the order of ``plan``."""
    sessions, day = [], FIRST_DAY
    for category, hours in plan:
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        sessions.append(
            Session(
                training_class=training_class,
                day=day,
                start=datetime.time(8, 0),
                end=datetime.time(12, 0),
                category=category,
                content=f"{category} 第 {len(sessions) + 1} 讲",
                teacher="王老师",
                mode=mode,
                hours=Decimal(hours),
                place="实训楼 201",
            )
        )
        day += datetime.timedelta(days=1)
    return Session.objects.bulk_create(sessions)
