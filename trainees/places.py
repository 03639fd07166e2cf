"""A base's places in a programme: planned, allowed (with the programme's tolerance) and used, counted
at the granularity the notice gives (per occupation and level, or the base's total, SPEC §3). One
definition read by the enrolment path (the quota check) and by the places pages."""

import math
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from bases.models import Base
from bases.selectors import quota_lines
from programs.choices import Level
from programs.models import Program

from .models import Enrollment


def allowed_places(planned: int, program: Program) -> int:
    """planned × the programme's tolerance, rounded down (a Decimal: 10 × 1.20 is exactly 12)."""
    tolerance = program.policy.enrolment_tolerance or Decimal(1)
    return math.floor(planned * tolerance)


# The one key of a programme that counts places per base.
WHOLE_BASE = ("", None)


@dataclass(frozen=True)
class Places:
    """The base's places in a programme, per (occupation name, level) or, where the programme counts
    places per base, under the one key ``WHOLE_BASE``."""

    by_base: bool
    planned: Counter
    allowed: Counter  # planned × the programme's tolerance, rounded down
    used: Counter

    def key(self, occupation: str, level: int | None) -> tuple[str, int | None]:
        return WHOLE_BASE if self.by_base else (occupation.strip(), level)

    def left(self, key: tuple[str, int | None]) -> int:
        return self.allowed[key] - self.used[key]

    def what(self, key: tuple[str, int | None]) -> str:
        """ "焊工（技师）", or "" for the whole base (the sentence then reads "本基地…名额")."""
        return "" if key == WHOLE_BASE else f"{key[0]}（{Level(key[1]).label}）"


def places_for(*, base: Base, program: Program, exclude: Enrollment | None = None) -> Places:
    """Two queries: the confirmed plan lines, and the active enrolments counted at the programme's
    granularity (per occupation and level, or the base's total). A withdrawn enrolment holds no place;
    ``exclude``, the enrolment being edited, neither."""
    by_base = program.policy.places_by_base
    planned: Counter = Counter()
    for line in quota_lines(base=base, program=program):
        if by_base:
            planned[WHOLE_BASE] += line.planned_count
        elif line.occupation_id is not None:
            planned[(line.occupation.name, line.level)] += line.planned_count
    allowed = Counter({key: allowed_places(count, program) for key, count in planned.items()})
    active = Enrollment.objects.filter(base=base, program=program, status=Enrollment.Status.ACTIVE)
    if exclude is not None:
        active = active.exclude(pk=exclude.pk)
    if by_base:
        used = Counter({WHOLE_BASE: active.count()})
    else:
        used = Counter(
            {
                (row["occupation__name"], row["level"]): row["n"]
                for row in active.values("occupation__name", "level").annotate(n=Count("id"))
            }
        )
    return Places(by_base=by_base, planned=planned, allowed=allowed, used=used)
