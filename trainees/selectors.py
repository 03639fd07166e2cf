"""Reads for trainees, enrolments and roster filings, always scoped to what the user may see."""

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.scoping import org_scope_q
from bases.models import PlanApplication, PlanLine
from bases.selectors import base_ids_in_scope, bases_visible_to, quota_lines
from core.idcard import normalize_id_number
from programs.models import Occupation, Program
from programs.selectors import programs_visible_to

from .models import Enrollment, Material, RosterFiling, RosterImport

Role = User.Role
_ID_FRAGMENT = re.compile(r"[0-9X]+")


def enrollments_visible_to(user: User) -> QuerySet[Enrollment]:
    """The province sees all, a city its city, a county the bases located in it, a base its own."""
    enrollments = Enrollment.objects.select_related("trainee", "program", "base__organisation", "occupation")
    base_ids = base_ids_in_scope(user)
    return enrollments if base_ids is None else enrollments.filter(base_id__in=base_ids)


def sees_personal_data(user: User, enrollment: Enrollment) -> bool:
    """Full ID number and phone: only the staff of the enrolment's base and its city bureau need them
    (the base registers and prints for the trainee, the city pays the subsidy); everyone else in scope
    sees masked values (SPEC §1)."""
    org = user.organisation
    if org is None:
        return False
    if user.role == Role.BASE:
        return enrollment.base.organisation_id == org.pk
    if user.role == Role.CITY:
        return enrollment.base.organisation.city_id == org.pk
    return False


def searches_id_fragments(user: User) -> bool:
    """Whether a partial ID number may be searched for. Roles that only see masked IDs could otherwise
    recover the hidden digits by trying fragments, so they may only look up a complete ID number."""
    return user.role in (Role.BASE, Role.CITY)


def enrollments_search(
    user: User,
    *,
    q: str = "",
    program=None,
    base=None,
    occupation=None,
    level: int | None = None,
    status: str = "",
) -> QuerySet[Enrollment]:
    """``q`` matches the name (contains) or the ID number (a full number, or for base and city staff a
    fragment anywhere in it)."""
    enrollments = enrollments_visible_to(user)
    q = (q or "").strip()
    if q:
        match = Q(trainee__name__icontains=q)
        id_text = normalize_id_number(q)
        if _ID_FRAGMENT.fullmatch(id_text):
            if len(id_text) == 18:
                match |= Q(trainee__id_number=id_text)
            elif searches_id_fragments(user):
                match |= Q(trainee__id_number__contains=id_text)
        enrollments = enrollments.filter(match)
    if program:
        enrollments = enrollments.filter(program=program)
    if base:
        enrollments = enrollments.filter(base=base)
    if occupation:
        enrollments = enrollments.filter(occupation=occupation)
    if level:
        enrollments = enrollments.filter(level=level)
    if status:
        enrollments = enrollments.filter(status=status)
    return enrollments


def occupations_planned_in(programs: QuerySet[Program]) -> QuerySet[Occupation]:
    """The occupations the plans of these programmes train for: the only ones enrolments can have."""
    return Occupation.objects.filter(planline__plan__program__in=programs).distinct()


def materials_visible_to(user: User) -> QuerySet[Material]:
    return Material.objects.filter(org_scope_q(user, "enrollment__base__organisation")).select_related(
        "enrollment__trainee", "enrollment__base__organisation", "enrollment__program"
    )


def enrollment_materials(enrollment: Enrollment) -> QuerySet[Material]:
    return enrollment.materials.select_related("uploaded_by").order_by("kind")


def roster_enrollments(*, base, program) -> QuerySet[Enrollment]:
    """The roster of a base in a programme: its active enrolments, grouped by what they train for.
    Callers have already checked that base and programme are in the user's scope."""
    return (
        Enrollment.objects.filter(base=base, program=program, status=Enrollment.Status.ACTIVE)
        .select_related("trainee", "occupation", "program__city", "base__organisation")
        .order_by("occupation__name", "level", "id")
    )


def filings_visible_to(user: User) -> QuerySet[RosterFiling]:
    """Filed rosters: a base sees its own, a county those of the bases located in it, a city its city's,
    the province all of them. A filing exists only once filed, so every one is at least FILED."""
    active = (
        Enrollment.objects.filter(
            base=OuterRef("base"), program=OuterRef("program"), status=Enrollment.Status.ACTIVE
        )
        .order_by()
        .values("base")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        RosterFiling.objects.filter(org_scope_q(user, "base__organisation"))
        .select_related("base__organisation__county", "program", "filed_by", "reviewed_by")
        .annotate(current_count=Coalesce(Subquery(active, output_field=IntegerField()), 0))
    )


def trainee_tiles(user: User) -> list[tuple[str, int, str]]:
    """(label, count, URL name) for the home page: enrolled trainees in scope, and rosters awaiting
    the county's acknowledgement."""
    active = enrollments_visible_to(user).filter(status=Enrollment.Status.ACTIVE)
    tiles = [("在册学员", active.count(), "trainees:enrollment_list")]
    if user.role in (User.Role.COUNTY, User.Role.BASE):
        waiting = filings_visible_to(user).filter(status=RosterFiling.Status.FILED)
        tiles.append(("待县区确认的花名册", waiting.count(), "trainees:filing_list"))
    return tiles


def running_programs(user: User) -> QuerySet[Program]:
    """Programmes of the user's city that take trainees: open for applications or in training, with a
    policy to judge applicants by."""
    return (
        programs_visible_to(user)
        .filter(status__in=[Program.Status.OPEN, Program.Status.TRAINING])
        .exclude(policy=None)
    )


def roster_imports_visible_to(user: User) -> QuerySet[RosterImport]:
    return RosterImport.objects.filter(org_scope_q(user, "base__organisation")).select_related(
        "program", "base__organisation", "uploaded_by", "job"
    )


@dataclass(frozen=True)
class PlacesRow:
    """Places of one confirmed plan line (for a base) or of one base (for a city): planned, allowed
    (planned × the programme's tolerance, rounded down per line, as the quota check counts), enrolled
    and left."""

    label: str
    planned: int
    allowed: int
    used: int

    @property
    def left(self) -> int:
        return self.allowed - self.used


def _allowed(planned: int, program: Program) -> int:
    tolerance = program.policy.enrolment_tolerance if program.policy_id else None
    return math.floor(planned * (tolerance or Decimal(1)))


def places_per_line(*, base, program: Program) -> list[PlacesRow]:
    """The base's confirmed plan lines in the programme with the active enrolments on each: two grouped
    queries whatever the number of trainees."""
    used = {
        (row["occupation_id"], row["level"]): row["n"]
        for row in Enrollment.objects.filter(base=base, program=program, status=Enrollment.Status.ACTIVE)
        .order_by()
        .values("occupation_id", "level")
        .annotate(n=Count("id"))
    }
    return [
        PlacesRow(
            f"{line.occupation.name}（{line.get_level_display()}）",
            line.planned_count,
            _allowed(line.planned_count, program),
            used.get((line.occupation_id, line.level), 0),
        )
        for line in quota_lines(base=base, program=program)
    ]


def places_per_base(user: User, *, program: Program) -> list[PlacesRow]:
    """Every base in the user's scope with a confirmed plan in the programme: places planned, allowed and
    enrolled, in two queries."""
    planned: dict[str, list[int]] = {}
    names: dict[int, str] = {}
    for base_id, name, count in PlanLine.objects.filter(
        plan__program=program,
        plan__status=PlanApplication.Status.CONFIRMED,
        plan__base__in=bases_visible_to(user),
    ).values_list("plan__base_id", "plan__base__organisation__name", "planned_count"):
        names[base_id] = name
        planned.setdefault(base_id, []).append(count)
    used = dict(
        enrollments_visible_to(user)
        .filter(program=program, status=Enrollment.Status.ACTIVE, base_id__in=list(names))
        .order_by()
        .values("base_id")
        .annotate(n=Count("id"))
        .values_list("base_id", "n")
    )
    rows = [
        PlacesRow(
            names[base_id], sum(counts), sum(_allowed(c, program) for c in counts), used.get(base_id, 0)
        )
        for base_id, counts in planned.items()
    ]
    return sorted(rows, key=lambda row: row.label)
