"""Reads for trainees, enrolments and roster filings, always scoped to what the user may see."""

import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.scoping import org_scope_q
from bases.models import PlanApplication, PlanLine
from bases.selectors import base_ids_in_scope, bases_visible_to
from core.idcard import normalize_id_number
from programs.models import Occupation, Program
from programs.selectors import programs_visible_to

from .models import Enrollment, Material, RosterFiling, RosterImport
from .places import allowed_places, places_for
from .privacy import full_view_q, lookup_admit, lookup_note, sees_all_in_full, with_full_view

_ID_FRAGMENT = re.compile(r"[0-9X]+")
# The masked forms the pages show (core.idcard): searching by them reveals nothing more than the list.
_MASKED_ID = re.compile(r"(\d{4})\*{10}([0-9X]{4})")
_MASKED_NAME = re.compile(r"(\S)(\*+)(\S)?")


def enrollments_visible_to(user: User) -> QuerySet[Enrollment]:
    """The province sees all, a city its city, a county the bases located in it, a base its own."""
    enrollments = Enrollment.objects.select_related("trainee", "program", "base__organisation", "occupation")
    base_ids = base_ids_in_scope(user)
    return enrollments if base_ids is None else enrollments.filter(base_id__in=base_ids)


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
    """The enrolments in scope, each annotated with ``full_view`` (trainees.privacy). ``q`` matches a
    name or an ID number, but never in a way that tells more than the user is shown: on enrolments the
    user sees in full, any part of the name or the number; on masked ones only the complete name or
    number (counted by the lookup limiter and audited) or the masked form itself (王*国,
    3703**********0036). Raises LookupLimitExceeded past the limit."""
    enrollments = with_full_view(enrollments_visible_to(user), user)
    q = (q or "").strip()
    if q:
        enrollments = enrollments.filter(_search_match(user, q))
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


def _search_match(user: User, q: str) -> Q:
    id_text = normalize_id_number(q)
    masked_id = _MASKED_ID.fullmatch(id_text)
    masked_name = _MASKED_NAME.fullmatch(q)
    if masked_id:  # what the list shows: matches every enrolment shown so
        first, last = masked_id.groups()
        return Q(trainee__id_number__startswith=first, trainee__id_number__endswith=last)
    if masked_name:
        first, stars, last = masked_name.groups()
        return Q(name__regex=f"^{re.escape(first)}.{{{len(stars)}}}{re.escape(last or '')}$")
    is_id_number = bool(_ID_FRAGMENT.fullmatch(id_text))
    if sees_all_in_full(user):
        # An ID fragment (digits, X) is looked for in ID numbers only: OR-ing it with the name, which
        # lives in another table, would defeat both trigram indexes and read the whole scope.
        return Q(trainee__id_number__contains=id_text) if is_id_number else Q(name__icontains=q)
    full = full_view_q(user)
    match = full & Q(name__icontains=q)
    if is_id_number:
        match |= full & Q(trainee__id_number__contains=id_text)
        if len(id_text) == 18:
            lookup_admit(user, kind="search", term=id_text, note=lookup_note(id_text, is_id_number=True))
            match |= Q(trainee__id_number=id_text)
    elif len(q) >= 2 and not any(ch.isdigit() for ch in q):
        lookup_admit(user, kind="search", term=q, note=lookup_note(q, is_id_number=False))
        match |= Q(name=q)
    return match


# How long a list's occupation pick list may be out of date (an occupation first enrolled in appears in
# the filter within this time; the rows themselves are always live).
OCCUPATION_CHOICES_MAX_AGE = 300


def occupation_choices(user: User) -> QuerySet[Occupation]:
    """The occupations named by the plans of the programmes ``user`` sees, and those trainees enrolled
    in (where places are counted per base, a plan may name none): the enrolment list's pick list.

    Which occupations the enrolments use takes a pass over all of them (no index answers "distinct
    occupations of these programmes" in less: a per-occupation EXISTS probe measured 860 ms at 100,000
    enrolments), so the ids are kept in the cache per scope (role and organisation) for a few minutes."""
    key = f"occupation-choices:{user.role}:{user.organisation_id}"
    occupation_ids = cache.get(key)
    if occupation_ids is None:
        programs = programs_visible_to(user)
        planned = PlanLine.objects.filter(plan__program__in=programs).values("occupation")
        enrolled = Enrollment.objects.filter(program__in=programs).values("occupation")
        occupation_ids = list(
            Occupation.objects.filter(Q(pk__in=planned) | Q(pk__in=enrolled)).values_list("pk", flat=True)
        )
        cache.set(key, occupation_ids, OCCUPATION_CHOICES_MAX_AGE)
    return Occupation.objects.filter(pk__in=occupation_ids)


def materials_visible_to(user: User) -> QuerySet[Material]:
    return Material.objects.filter(org_scope_q(user, "enrollment__base__organisation")).select_related(
        "enrollment__trainee", "enrollment__base__organisation", "enrollment__program"
    )


def materials_missing(enrollment: Enrollment, *, present: set[str]) -> list[str]:
    """Labels of the materials the programme's policy requires of this enrolment (the proof of the
    exception only when it qualified by an exception route) that are not uploaded yet."""
    required = enrollment.program.policy.materials_required_for(enrollment.route)
    return [Material.Kind(kind).label for kind in required if kind not in present]


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
        .select_related("base__organisation__county", "program__policy", "filed_by", "reviewed_by")
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
    return programs_visible_to(user).running().exclude(policy=None)


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


def places_per_line(*, base, program: Program) -> list[PlacesRow]:
    """The base's places in the programme, as the quota check counts them (trainees.places): one row
    per confirmed plan line, or one for the whole base where the programme counts places per base."""
    places = places_for(base=base, program=program)
    return [
        PlacesRow(places.what(key) or "本基地合计", planned, places.allowed[key], places.used[key])
        for key, planned in places.planned.items()
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
        PlacesRow(names[base_id], sum(counts), _base_allowed(counts, program), used.get(base_id, 0))
        for base_id, counts in planned.items()
    ]
    return sorted(rows, key=lambda row: row.label)


def _base_allowed(counts: list[int], program: Program) -> int:
    # The tolerance applies where places are counted: to the base's total, or to each line.
    if program.policy.places_by_base:
        return allowed_places(sum(counts), program)
    return sum(allowed_places(count, program) for count in counts)
