"""Reads: the figures of a statistics table by aggregate queries, the policy of a programme, what was sent."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from accounts.models import Organisation, User
from accounts.scoping import org_scope_q
from assessment.selectors import national_route_occupation_ids, passed_enrollments
from programs.models import Deadline, Occupation, Program
from trainees.models import Enrollment

from .layouts import PASSED, PASSED_IN, PASSED_OUT, TRAINED
from .models import StatisticsPolicy, Submission
from .presets import DEFAULT, STATISTICS_PRESETS

Kind = Organisation.Kind
MEASURES = (TRAINED, PASSED, PASSED_IN, PASSED_OUT)
DEADLINE_LABEL = "培训情况统计表报送"


def statistics_policy(program: Program) -> StatisticsPolicy:
    """The programme's statistics rules, created from its preset (or the default) the first time they
    are needed; a dated one puts its deadline on the programme's deadline tracker."""
    existing = StatisticsPolicy.objects.filter(program=program).select_related("deadline").first()
    if existing:
        return existing
    data = STATISTICS_PRESETS.get(program.code, DEFAULT)
    due = datetime.date.fromisoformat(data["due"]) if data.get("due") else None
    with transaction.atomic():
        policy, created = StatisticsPolicy.objects.get_or_create(
            program=program,
            defaults={
                "layout": data["layout"],
                "sender": data["sender"],
                "due": due,
                "group_scope": data.get("group_scope", ""),
            },
        )
        if created and due:
            policy.deadline = _deadline(program, due, data["sender"])
            policy.save(update_fields=["deadline"])
    return policy


def _deadline(program: Program, due: datetime.date, sender: str) -> Deadline:
    """The programme's statistics deadline: the preset programmes already list it (as 统计表…报送)."""
    found = program.deadlines.filter(label__contains="统计表", due=due).first()
    if found:
        return found
    return Deadline.objects.create(program=program, label=DEADLINE_LABEL, due=due, audience=sender)


@dataclass
class Figures:
    """Counts per (occupation id, level) and per organisation, and the occupation names."""

    cells: dict[tuple[int, int], dict[str, int]] = field(default_factory=dict)
    by_county: dict[int, dict[str, int]] = field(default_factory=dict)
    by_base: dict[int, dict[str, int]] = field(default_factory=dict)
    occupations: dict[int, str] = field(default_factory=dict)

    def total(self, level: int | None = None, measure: str = TRAINED) -> int:
        return sum(v[measure] for (_occ, lvl), v in self.cells.items() if level is None or lvl == level)

    def as_json(self) -> dict:
        return {
            "cells": [
                {"occupation": self.occupations.get(occ, ""), "occupation_id": occ, "level": lvl, **v}
                for (occ, lvl), v in sorted(self.cells.items())
            ],
            "by_county": {str(k): v for k, v in self.by_county.items()},
            "by_base": {str(k): v for k, v in self.by_base.items()},
        }


def scope_enrollments(program: Program, *, base=None, county: Organisation | None = None) -> QuerySet:
    """The programme's active enrolments, of one base, one county or the whole city."""
    enrollments = Enrollment.objects.filter(program=program, status=Enrollment.Status.ACTIVE)
    if base is not None:
        enrollments = enrollments.filter(base=base)
    elif county is not None:
        enrollments = enrollments.filter(base__organisation__county=county)
    return enrollments


def figures(program: Program, *, base=None, county: Organisation | None = None) -> Figures:
    """培训人数 and 合格人数 (目录内 / 目录外) of the scope, in one GROUP BY over enrolments."""
    passed = passed_enrollments(program, base=base).values("pk")
    national = national_route_occupation_ids(program)
    is_passed = Q(pk__in=passed)
    rows = (
        scope_enrollments(program, base=base, county=county)
        .values("occupation_id", "level", "base_id", "base__organisation__county_id")
        .annotate(
            trained=Count("pk"),
            passed=Count("pk", filter=is_passed),
            passed_in=Count("pk", filter=is_passed & Q(occupation_id__in=national)),
        )
        .order_by()
    )
    result = Figures()
    for row in rows:
        counts = {
            TRAINED: row["trained"],
            PASSED: row["passed"],
            PASSED_IN: row["passed_in"],
            PASSED_OUT: row["passed"] - row["passed_in"],
        }
        for bucket, key in (
            (result.cells, (row["occupation_id"], row["level"])),
            (result.by_base, row["base_id"]),
            (result.by_county, row["base__organisation__county_id"]),
        ):
            target = bucket.setdefault(key, dict.fromkeys(MEASURES, 0))
            for measure, value in counts.items():
                target[measure] += value
    result.occupations = dict(
        Occupation.objects.filter(pk__in={occ for occ, _lvl in result.cells}).values_list("pk", "name")
    )
    return result


def province_figures(year: int) -> list[dict]:
    """The province's comparison of cities for a year: per city and level, trained and passed."""
    programs = Program.objects.filter(year=year).select_related("city")
    by_city: dict[int, dict] = {}
    for program in programs:
        result = figures(program)
        row = by_city.setdefault(
            program.city_id, {"city": program.city.name, "programs": 0, "levels": defaultdict(dict)}
        )
        row["programs"] += 1
        for (_occ, level), counts in result.cells.items():
            cell = row["levels"][level]
            for measure in (TRAINED, PASSED):
                cell[measure] = cell.get(measure, 0) + counts[measure]
    return sorted(by_city.values(), key=lambda r: r["city"])


def submissions_visible_to(user: User) -> QuerySet[Submission]:
    """What the user's organisation sent or received (and, above them, what was sent in their area)."""
    return Submission.objects.filter(
        org_scope_q(user, "sender") | org_scope_q(user, "receiver")
    ).select_related("sender", "receiver", "program")


def expected_senders(program: Program, policy: StatisticsPolicy) -> QuerySet[Organisation]:
    """Who owes the city this programme's sheet: the bases with enrolments or a plan in it, or the
    counties of those bases."""
    bases = Organisation.objects.filter(kind=Kind.BASE, city=program.city).filter(
        Q(base_profile__enrollments__program=program) | Q(base_profile__plans__program=program)
    )
    if policy.sender == StatisticsPolicy.Sender.BASE:
        return bases.distinct().order_by("code")
    return Organisation.objects.filter(kind=Kind.COUNTY, pk__in=bases.values("county_id")).order_by("code")


def receiver_for(program: Program) -> Organisation:
    return program.city
