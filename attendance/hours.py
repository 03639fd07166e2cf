"""Hours and completion (SPEC §7: a trainee completes when their attended hours meet every category
minimum and the total): the one computation that the class page, exports and assessment call.

Online sessions count as attended when the trainee is marked present; the learning platform's records
(a later item) will add their credited hours here, in this one place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from programs.models import Program

from .choices import Category
from .models import Attendance, ClassMember, Session, TrainingClass
from .schedule import HourRules

ZERO = Decimal(0)
CLASS_CHUNK = 100  # classes per hours query
FEW = 1000  # up to this many enrolments are named in the query itself


@dataclass(frozen=True)
class TraineeHours:
    """What one enrolment attended, by category, against what its programme requires."""

    enrollment_id: int
    by_category: dict[str, Decimal]  # Category value → attended hours
    required: dict[str, Decimal]  # Category value → minimum (only the categories the policy sets)
    total_required: Decimal

    @property
    def total(self) -> Decimal:
        return sum(self.by_category.values(), ZERO)

    @property
    def missing(self) -> dict[str, Decimal]:
        """Category value (or "total") → hours still short; empty when complete."""
        short = {
            category: minimum - self.by_category[category]
            for category, minimum in self.required.items()
            if self.by_category[category] < minimum
        }
        if self.total < self.total_required:
            short["total"] = self.total_required - self.total
        return short

    @property
    def complete(self) -> bool:
        return not self.missing

    def missing_text(self) -> str:
        labels = {**dict(Category.choices), "total": "总课时"}
        return "，".join(f"{labels[key]}差 {_shown(value)} 课时" for key, value in self.missing.items())


def hours_for_class(training_class: TrainingClass) -> dict[int, TraineeHours]:
    """Enrolment id → hours of every trainee in the class: one aggregate query for all of them."""
    enrollment_ids = list(training_class.members.values_list("enrollment_id", flat=True))
    return trainee_hours(enrollment_ids, classes=[training_class])


def trainee_hours(
    enrollment_ids: Iterable[int], *, classes: Iterable[TrainingClass]
) -> dict[int, TraineeHours]:
    """Enrolment id → attended hours by category and completion, for enrolments of these classes.

    The requirement is the programme policy's minimums; a policy that sets no total asks for the class's
    whole schedule (the certificate says 学满全部课时)."""
    enrollment_ids = list(enrollment_ids)
    classes = list(classes)
    wanted = set(enrollment_ids)
    attended: dict[int, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(Category.values, ZERO))
    # By CLASS_CHUNK classes at a time: each query then reads its classes' marks through the attendance
    # indexes, whatever else the table holds; one query over a whole programme is planned as a scan of
    # the table and slows down with every other programme's rows (benchmarks/attendance.py). A long
    # list of enrolments is filtered here rather than sent as an IN list of 100,000 ids.
    for start in range(0, len(classes), CLASS_CHUNK):
        marks = Attendance.objects.filter(
            session__training_class__in=[c.pk for c in classes[start : start + CLASS_CHUNK]],
            status=Attendance.Status.PRESENT,
        )
        if len(wanted) <= FEW:
            marks = marks.filter(enrollment_id__in=wanted)
        rows = marks.values_list("enrollment_id", "session__category").annotate(hours=Sum("session__hours"))
        for enrollment_id, category, hours in rows.order_by():
            if enrollment_id in wanted:
                attended[enrollment_id][category] += hours
    members = ClassMember.objects.filter(training_class__in=[c.pk for c in classes])
    if len(wanted) <= FEW:
        members = members.filter(enrollment_id__in=wanted)
    class_of = {
        enrollment_id: class_id
        for enrollment_id, class_id in members.values_list("enrollment_id", "training_class_id").order_by()
        if enrollment_id in wanted
    }
    requirement = _requirements(classes)
    result = {}
    for enrollment_id in enrollment_ids:
        required, total_required = requirement.get(class_of.get(enrollment_id), ({}, ZERO))
        result[enrollment_id] = TraineeHours(
            enrollment_id=enrollment_id,
            by_category=dict(attended[enrollment_id]),
            required=required,
            total_required=total_required,
        )
    return result


def _requirements(classes: list[TrainingClass]) -> dict[int, tuple[dict[str, Decimal], Decimal]]:
    """Class id → (category minimums, total required), for all the classes in two queries: their
    programmes' policies, and the scheduled hours of those whose policy sets no total."""
    policies = {
        program.pk: program.policy
        for program in Program.objects.filter(pk__in={c.program_id for c in classes}).select_related("policy")
    }
    rules = {
        c.pk: HourRules.from_policy(policies[c.program_id]) if policies.get(c.program_id) else HourRules()
        for c in classes
    }
    scheduled = dict(
        Session.objects.filter(training_class__in=[pk for pk, r in rules.items() if r.total_min is None])
        .values("training_class")
        .annotate(h=Sum("hours"))
        .order_by()
        .values_list("training_class", "h")
    )
    return {
        pk: (dict(r.category_min), r.total_min if r.total_min is not None else scheduled.get(pk, ZERO))
        for pk, r in rules.items()
    }


def _shown(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())
