"""Builders for bases and plans in the test world (city A = 临沂 with base A1-a / A1-b, city B = 德州)."""

import datetime

from bases import services
from bases.models import Base, PlanApplication
from programs.choices import Level
from programs.models import Occupation, Program
from programs.services import program_set_status
from tests.programs.factories import TEST_OCCUPATION, make_program


def make_base(world, org=None) -> Base:
    """The Base profile of a world base organisation, qualified for 焊工/电工 技师."""
    org = org or world.base
    base = Base.objects.create(
        organisation=org,
        kind="technical_school",
        qualified_from=datetime.date(2020, 1, 1),
        qualified_to=datetime.date(2035, 12, 31),
    )
    for name in ("焊工", "电工"):
        occupation, _ = Occupation.objects.get_or_create(name=name, defaults=TEST_OCCUPATION)
        base.qualifications.create(occupation=occupation, level=Level.TECHNICIAN)
    return base


def open_program(world, **kwargs) -> Program:
    program = make_program(world, **kwargs)
    return program_set_status(actor=world.users["city"], program=program, status=Program.Status.OPEN)


def lines(*pairs, start: datetime.date = datetime.date(2026, 6, 1)) -> list[services.LineData]:
    """(occupation name, count) pairs at 技师 from ``start`` (inside the programme's training period); a
    None name is a line for the whole base."""
    return [
        services.LineData(
            Occupation.objects.get(name=name) if name else None,
            Level.TECHNICIAN if name else None,
            count,
            start,
        )
        for name, count in pairs
    ]


def make_plan(world, *, program=None, base=None, status: str = "draft") -> PlanApplication:
    """A plan of base A1-a moved through the real steps up to ``status``."""
    program = program or open_program(world)
    base = base or make_base(world)
    staff = base.organisation.users.first()
    plan = services.plan_create(actor=staff, base=base, program=program)
    start = program.training_start or datetime.date(program.year, 6, 1)
    services.plan_lines_save(actor=staff, plan=plan, lines=lines(("焊工", 30), ("电工", 20), start=start))
    steps = [
        ("submitted", lambda p: services.plan_submit(actor=staff, plan=p, opinion="同意申报")),
        (
            "county_approved",
            lambda p: services.plan_stamp(actor=world.users["county"], plan=p, opinion="同意上报"),
        ),
        ("city_approved", lambda p: services.plan_approve(actor=world.users["city"], plan=p, opinion="同意")),
    ]
    for reached, step in steps:
        if plan.status == status:
            break
        plan = step(plan)
        assert plan.status == reached
    return plan
