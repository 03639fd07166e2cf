"""Who passed: the one place certificates, subsidies and statistics ask.

The rule of what counts as passed is the programme's (issue 12 refines it per policy: 临沂 counts those who
obtained the skill level, 潍坊 those in the plan who passed 考核评定); callers only ever use these functions.
"""

from django.db.models import QuerySet

from trainees.models import Enrollment

from .models import Result, ResultBatch


def final_results(program, base=None) -> QuerySet[Result]:
    """Results of approved batches: what counts once the assessing organisation's batch is settled."""
    results = Result.objects.filter(batch__program=program, batch__status=ResultBatch.Status.APPROVED)
    if base is not None:
        results = results.filter(batch__base=base)
    return results


def passed_enrollments(program, base=None) -> QuerySet[Enrollment]:
    """Active enrolments whose final result is a pass by the programme's rule."""
    passed = final_results(program, base).filter(outcome=Result.Outcome.PASS)
    return Enrollment.objects.filter(status=Enrollment.Status.ACTIVE, pk__in=passed.values("enrollment_id"))


def national_route_occupation_ids(program) -> set[int]:
    """Ids of the programme's occupations that lead to a national certificate (职业资格 / 职业技能等级,
    the statistics' 目录内); the others lead to the "金蓝领" training certificate (目录外).

    Until the programme's occupation list records the route per year, the occupation's catalogue flag
    decides."""
    from programs.models import Occupation

    occupations = program.occupations.all() if program.occupations.exists() else Occupation.objects.all()
    return set(occupations.filter(in_catalog=True).values_list("pk", flat=True))
