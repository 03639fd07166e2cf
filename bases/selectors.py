"""Reads for bases and plans, always scoped to what the user may see."""

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from accounts.scoping import org_scope_q
from programs.models import Program
from programs.selectors import programs_visible_to

from .models import Base, Objection, PlanApplication, PlanLine, Publication

Status = PlanApplication.Status


def bases_visible_to(user: User) -> QuerySet[Base]:
    return Base.objects.filter(org_scope_q(user, "organisation")).select_related(
        "organisation__county", "organisation__city"
    )


def base_ids_in_scope(user: User) -> list[int] | None:
    """The ids of the bases in the user's scope, or None for the whole province (no filter needed).

    Lists of what belongs to bases (enrolments, ...) filter on this literal list rather than joining
    through the organisation tree (or a subquery, which PostgreSQL turns into the same join): with the
    ids known when planning, it walks the list's ordering index (one base: the (base, ordering) index)
    instead of joining and sorting the whole scope. Costs one small query.
    """
    org = user.organisation if user.is_authenticated else None
    if org is not None and org.kind == org.Kind.PROVINCE:
        return None
    return list(
        Base.objects.filter(org_scope_q(user, "organisation")).order_by().values_list("id", flat=True)
    )


def bases_search(user: User, *, q: str = "", county=None, status: str = "", kind: str = "") -> QuerySet[Base]:
    bases = bases_visible_to(user)
    if q:
        bases = bases.filter(Q(organisation__name__icontains=q) | Q(organisation__code__icontains=q))
    if county:
        bases = bases.filter(organisation__county=county)
    if status:
        bases = bases.filter(status=status)
    if kind:
        bases = bases.filter(kind=kind)
    return bases


def plans_visible_to(user: User) -> QuerySet[PlanApplication]:
    """Base staff see their base's plans; reviewers see plans once they have been submitted."""
    plans = PlanApplication.objects.filter(org_scope_q(user, "base__organisation"))
    if user.role != User.Role.BASE:
        plans = plans.exclude(status=Status.DRAFT)
    return plans.select_related("program", "base__organisation__county")


def plans_search(user: User, *, program=None, status: str = "", q: str = "") -> QuerySet[PlanApplication]:
    plans = (
        plans_visible_to(user)
        .annotate(total=Sum("lines__planned_count"), line_count=Count("lines"))
        .order_by("-updated_at", "-id")  # aggregation drops Meta.ordering
    )
    if program:
        plans = plans.filter(program=program)
    if status:
        plans = plans.filter(status=status)
    if q:
        plans = plans.filter(base__organisation__name__icontains=q)
    return plans


def plan_lines(plan: PlanApplication) -> QuerySet[PlanLine]:
    return plan.lines.select_related("occupation")


def quota_lines(*, base: Base, program: Program) -> QuerySet[PlanLine]:
    """The base's places in the programme: the lines of its confirmed plan."""
    return PlanLine.objects.filter(
        plan__base=base, plan__program=program, plan__status=Status.CONFIRMED
    ).select_related("occupation")


def plan_table_rows(program: Program) -> QuerySet[PlanLine]:
    """Lines of the programme's approved plans (approved, in notice or confirmed), in table order."""
    return (
        PlanLine.objects.filter(
            plan__program=program,
            plan__status__in=[Status.CITY_APPROVED, Status.IN_NOTICE, Status.OBJECTION, Status.CONFIRMED],
        )
        .select_related("occupation", "plan__base__organisation")
        .order_by(
            "plan__base__organisation__code", "-level", "id"
        )  # 技师 before 高级技师, as the notices list them
    )


def publications_visible_to(user: User) -> QuerySet[Publication]:
    """Notices of the programmes the user may see (city staff manage their own city's)."""
    return Publication.objects.filter(program__in=programs_visible_to(user)).select_related("program")


def objections_visible_to(user: User) -> QuerySet[Objection]:
    return Objection.objects.filter(plan__in=plans_visible_to(user)).select_related("plan")


def public_notices() -> QuerySet[Publication]:
    """Notices anyone may read: those whose period has begun, newest first."""
    return Publication.objects.filter(starts_on__lte=timezone.localdate()).select_related("program__city")


def publication_plans(publication: Publication) -> QuerySet[PlanApplication]:
    return publication.plans.select_related("base__organisation__county").prefetch_related(
        "lines__occupation"
    )


def plan_tiles(user: User) -> list[tuple[str, int, str]]:
    """(label, count, plan-list status filter) of what awaits the user's role, in one query. What
    awaits a reviewer follows each programme's review chain (德州's city reviews submitted plans)."""
    county_reviews = Q(program__policy__plan_county_review=True)

    def only(status: str) -> Q:
        return Q(status=status)

    wanted = {
        User.Role.BASE: [
            ("草稿", Status.DRAFT, only(Status.DRAFT)),
            ("退回待修改", Status.RETURNED, only(Status.RETURNED)),
            ("待审核", Status.SUBMITTED, only(Status.SUBMITTED)),
        ],
        User.Role.COUNTY: [
            ("待审核盖章的计划", Status.SUBMITTED, only(Status.SUBMITTED) & county_reviews),
            ("已盖章报市", Status.COUNTY_APPROVED, only(Status.COUNTY_APPROVED)),
        ],
        User.Role.CITY: [
            (
                "待市级审批的计划",
                Status.COUNTY_APPROVED,
                (only(Status.COUNTY_APPROVED) & county_reviews) | (only(Status.SUBMITTED) & ~county_reviews),
            ),
            ("公示中", Status.IN_NOTICE, only(Status.IN_NOTICE)),
        ],
        User.Role.PROVINCE: [("已确定的计划", Status.CONFIRMED, only(Status.CONFIRMED))],
    }.get(user.role, [])
    if not wanted:
        return []
    counts = plans_visible_to(user).aggregate(
        **{f"tile{number}": Count("pk", filter=q) for number, (_, _, q) in enumerate(wanted)}
    )
    return [(label, counts[f"tile{number}"], status) for number, (label, status, _) in enumerate(wanted)]
