"""Demo results (seed_demo, after attendance): the 德州 2021 classes at 德州职业技术学院 assessed through the
real judge and service — most pass, the 钳工 trainee 15 hours short is not passed (不合格, 未参加鉴定), one
电工 trainee fails — then submitted by the base (with the employers, 德州 四(二)) and approved by the
city through the batch workflow. Idempotent: an existing batch is left as it is."""

from decimal import Decimal

from accounts.models import User
from attendance.demo import BASE_CODE, PROGRAM, STAFF
from bases.models import Base
from programs.models import Program

from .judge import HEADER, results_judge
from .models import ResultBatch
from .services import batch_get_or_create, candidates_for, results_save
from .workflows import RESULTS_WORKFLOW

CITY_USER = "dezhou"


def seed() -> None:
    program = Program.objects.get(code=PROGRAM)
    base = Base.objects.get(organisation__code=BASE_CODE)
    if ResultBatch.objects.filter(program=program, base=base).exists():
        return
    staff = User.objects.get(username=STAFF)
    city = User.objects.get(username=CITY_USER)
    candidates = candidates_for(program, base)
    if not candidates:
        return
    lines = [list(HEADER)]
    ordered = sorted(candidates.values(), key=lambda c: c.id_number)
    failing = [c for c in ordered if c.hours.complete][-1]  # one trainee who completed and failed
    for number, candidate in enumerate(ordered, start=1):
        if not candidate.hours.complete:
            lines.append([number, candidate.name, candidate.id_number, "", "不合格", "未参加", "", "", ""])
        elif candidate is failing:
            lines.append([number, candidate.name, candidate.id_number, "52", "不合格", "", "", "", ""])
        else:
            score = Decimal(75) + number % 20
            lines.append([number, candidate.name, candidate.id_number, str(score), "合格", "", "", "", ""])
    report = results_judge(candidates, lines)
    batch = batch_get_or_create(program=program, base=base)
    results_save(actor=staff, batch=batch, report=report, source="演示数据")
    RESULTS_WORKFLOW.run("submit", actor=staff, obj=batch)
    RESULTS_WORKFLOW.run("approve", actor=city, obj=batch, opinion="同意。考评方案已经市人社局同意。")
