"""Who passed: the one place certificates, subsidies and statistics ask.

What counts as passed is the programme's policy (``PolicyVersion.pass_rule``): 考核合格 (the default),
取得技能等级 (临沂: "根据取得职业技能等级人数"), or in the plan and passed 考核评定 (潍坊: "列入培训计划且
通过考核评定的人数"). Callers only ever use these functions. Reads for pages are scoped to the user.
"""

from django.db.models import Q, QuerySet

from accounts.scoping import org_scope_q
from trainees.models import Enrollment

from .models import Result, ResultBatch


def final_results(program, base=None) -> QuerySet[Result]:
    """Results of approved batches: what counts once the assessing organisation's batch is settled."""
    results = Result.objects.filter(batch__program=program, batch__status=ResultBatch.Status.APPROVED)
    if base is not None:
        results = results.filter(batch__base=base)
    return results


def pass_q(program) -> Q:
    """The programme's rule of a passed result, as a filter on Result."""
    from bases.models import PlanApplication
    from programs.models import PolicyVersion

    rule = program.policy.pass_rule if program.policy else PolicyVersion.PassRule.ASSESSED
    if rule == PolicyVersion.PassRule.LEVEL_OBTAINED:
        return Q(level_obtained__isnull=False) & ~Q(
            appraisal__in=[Result.Appraisal.FAIL, Result.Appraisal.ABSENT]
        )
    passed = Q(outcome=Result.Outcome.PASS)
    if rule == PolicyVersion.PassRule.IN_PLAN_APPRAISED:
        planned = PlanApplication.objects.filter(program=program, status=PlanApplication.Status.CONFIRMED)
        passed &= Q(batch__base__in=planned.values("base"))
    return passed


def passed_enrollments(program, base=None) -> QuerySet[Enrollment]:
    """Active enrolments whose final result is a pass by the programme's rule."""
    passed = final_results(program, base).filter(pass_q(program))
    return Enrollment.objects.filter(status=Enrollment.Status.ACTIVE, pk__in=passed.values("enrollment_id"))


def national_route_occupation_ids(program) -> set[int]:
    """Ids of the programme's occupations that lead to a national certificate (职业资格 / 职业技能等级,
    the statistics' 目录内); the others lead to the "金蓝领" training certificate (目录外).

    The programme's own list (``Program.national_occupations``, edited in the browser) decides; when it
    is empty, the occupation's catalogue flag does."""
    from programs.models import Occupation

    chosen = set(program.national_occupations.values_list("pk", flat=True))
    if chosen:
        return chosen
    occupations = program.occupations.all() if program.occupations.exists() else Occupation.objects.all()
    return set(occupations.filter(in_catalog=True).values_list("pk", flat=True))


def batches_visible_to(user) -> QuerySet[ResultBatch]:
    return ResultBatch.objects.filter(org_scope_q(user, "base__organisation")).select_related(
        "program__policy", "program__city", "base__organisation", "assessor"
    )


def batches_search(user, *, program=None, status: str = "", q: str = "") -> QuerySet[ResultBatch]:
    batches = batches_visible_to(user).order_by("-created_at", "-id")
    if program:
        batches = batches.filter(program=program)
    if status:
        batches = batches.filter(status=status)
    if q := (q or "").strip():
        batches = batches.filter(Q(base__organisation__name__icontains=q) | Q(program__name__icontains=q))
    return batches
