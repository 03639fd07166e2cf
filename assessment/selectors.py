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
