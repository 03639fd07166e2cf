"""Builders for statistics tests: enrolments spread over bases and counties of city A, and approved
results written straight to the database (the assessment app has no services yet)."""

from accounts.models import Organisation
from assessment.models import Result, ResultBatch
from bases.models import Base
from programs.choices import Level
from programs.models import Occupation
from tests.bases.factories import make_base, open_program
from tests.conftest import make_org, make_user
from tests.trainees.factories import make_enrollment


def results(program, base: Base, *, passed=(), failed=()) -> ResultBatch:
    batch, _ = ResultBatch.objects.get_or_create(
        program=program, base=base, defaults={"assessor": base.organisation.city, "status": "approved"}
    )
    for enrollment in passed:
        Result.objects.create(batch=batch, enrollment=enrollment, outcome=Result.Outcome.PASS)
    for enrollment in failed:
        Result.objects.create(batch=batch, enrollment=enrollment, outcome=Result.Outcome.FAIL)
    return batch


def stats_world(world, *, code: str = "stats-2026"):
    """City A's programme with: base A1-a (焊工 技师 ×3, 电工 高级技师 ×2), base A1-b (焊工 技师 ×2) in county
    A1, a base in county A2 (电工 技师 ×1, 车工 高级工 ×1); 车工 is outside the national catalogue.
    Passed: two of A1-a's 焊工, one of its 电工, A1-b's first, A2's 车工 (results approved)."""
    program = open_program(world, code=code)
    Occupation.objects.filter(name="车工").update(in_catalog=False)
    base_a = make_base(world)
    base_b = make_base(world, world.base_same_county)
    org_c = make_org(Organisation.Kind.BASE, "T-BASE-D", "罗庄培训学校", world.county_same_city)
    make_user("u-base-d", org_c)
    base_c = make_base(world, org_c)
    serial = iter(range(1, 1000))

    def enrol(base, occupation, level, n):
        made = []
        for _ in range(n):
            e = make_enrollment(program=program, base=base, serial=next(serial), occupation=occupation)
            e.level = level
            e.save(update_fields=["level"])
            made.append(e)
        return made

    a_weld = enrol(base_a, "焊工", Level.TECHNICIAN, 3)
    a_elec = enrol(base_a, "电工", Level.SENIOR_TECHNICIAN, 2)
    b_weld = enrol(base_b, "焊工", Level.TECHNICIAN, 2)
    c_elec = enrol(base_c, "电工", Level.TECHNICIAN, 1)
    c_lathe = enrol(base_c, "车工", Level.SENIOR_WORKER, 1)
    results(program, base_a, passed=[*a_weld[:2], a_elec[0]], failed=[a_weld[2], a_elec[1]])
    results(program, base_b, passed=b_weld[:1], failed=b_weld[1:])
    results(program, base_c, passed=c_lathe, failed=c_elec)
    return {"program": program, "bases": [base_a, base_b, base_c], "org_c": org_c}
