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

from .choices import Category
from .models import Attendance, Session, TrainingClass
from .schedule import HourRules

ZERO = Decimal(0)


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
    attended: dict[int, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(Category.values, ZERO))
    rows = (
        Attendance.objects.filter(
            enrollment_id__in=enrollment_ids,
            session__training_class__in=classes,
            status=Attendance.Status.PRESENT,
        )
        .values("enrollment_id", "session__category")
        .annotate(hours=Sum("session__hours"))
        .order_by()
    )
    for row in rows:
        attended[row["enrollment_id"]][row["session__category"]] += row["hours"]
    class_of = dict(
        TrainingClass.objects.filter(
            members__enrollment_id__in=enrollment_ids, pk__in=[c.pk for c in classes]
        ).values_list("members__enrollment_id", "pk")
    )
    requirement = {c.pk: _requirement(c) for c in classes}
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


def _requirement(training_class: TrainingClass) -> tuple[dict[str, Decimal], Decimal]:
    policy = training_class.program.policy
    rules = HourRules.from_policy(policy) if policy else HourRules()
    total = rules.total_min
    if total is None:
        total = Session.objects.filter(training_class=training_class).aggregate(h=Sum("hours"))["h"] or ZERO
    return dict(rules.category_min), total


def _shown(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())
