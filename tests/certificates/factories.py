"""Builders for certificate tests: a class of base A1-a whose results batch is approved — every trainee
passed except the last, who is short of 实操 hours and is recorded 不合格."""

from assessment.judge import results_judge
from assessment.services import batch_get_or_create, candidates_for, results_save
from assessment.workflows import RESULTS_WORKFLOW
from tests.assessment.factories import HEADER, assessed_class, line


def approved_class(world, *, trainees: int = 3, certificate_issuer: str = "base", **policy):
    """(programme, base, class, enrolments) with the batch approved by the city; all but the last passed."""
    program, base, training_class, enrollments = assessed_class(
        world, trainees=trainees, certificate_issuer=certificate_issuer, **policy
    )
    staff, city = world.users["base"], world.users["city"]
    rows = [line(i, e) for i, e in enumerate(enrollments[:-1], start=1)]
    rows.append(line(len(enrollments), enrollments[-1], "不合格", score=""))
    report = results_judge(candidates_for(program, base), [HEADER, *rows])
    assert not report.rejected, report.as_dict()
    batch = batch_get_or_create(program=program, base=base)
    results_save(actor=staff, batch=batch, report=report)
    RESULTS_WORKFLOW.run("submit", actor=staff, obj=batch)
    RESULTS_WORKFLOW.run("approve", actor=city, obj=batch)
    return program, base, training_class, enrollments
