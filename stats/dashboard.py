"""Dashboard figures: plan vs enrolled vs completed vs passed by base, occupation and level; enrolments
per month. Every chart is drawn from these rows, and the same rows are the table beside it."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from accounts.models import User
from assessment.selectors import passed_enrollments
from attendance.hours import trainee_hours
from attendance.models import TrainingClass
from bases.models import PlanApplication, PlanLine
from bases.selectors import base_ids_in_scope
from programs.choices import Level
from programs.models import Program

from .selectors import scope_enrollments

SERIES = (
    ("planned", "计划人数"),
    ("enrolled", "报名人数"),
    ("completed", "完成学时"),
    ("passed", "考核合格"),
)


def _scoped(queryset, user: User, path: str):
    ids = base_ids_in_scope(user)
    return queryset if ids is None else queryset.filter(**{f"{path}__in": ids})


def program_dashboard(program: Program, user: User) -> dict:
    """The charts' data for ``program`` within the user's scope."""
    enrollments = _scoped(scope_enrollments(program), user, "base_id")
    passed_ids = set(_scoped(passed_enrollments(program), user, "base_id").values_list("pk", flat=True))
    classes = _scoped(TrainingClass.objects.filter(program=program), user, "base_id")
    members = enrollments.filter(class_membership__training_class__in=classes).values_list("pk", flat=True)
    hours = trainee_hours(list(members), classes=list(classes)) if classes else {}
    completed_ids = {pk for pk, h in hours.items() if h.complete}
    lines = _scoped(
        PlanLine.objects.filter(plan__program=program, plan__status=PlanApplication.Status.CONFIRMED),
        user,
        "plan__base_id",
    )
    rows = list(
        enrollments.values("pk", "base__organisation__name", "occupation__name", "level", "created_at")
    )

    def grouped(key, plan_key):
        table: dict = defaultdict(lambda: dict.fromkeys([k for k, _ in SERIES], 0))
        for line in lines.values(plan_key).annotate(n=Sum("planned_count")):
            table[line[plan_key] or "（不分职业）"]["planned"] += line["n"] or 0
        for row in rows:
            entry = table[key(row)]
            entry["enrolled"] += 1
            entry["completed"] += row["pk"] in completed_ids
            entry["passed"] += row["pk"] in passed_ids
        return [
            {"label": label, **values} for label, values in sorted(table.items(), key=lambda i: str(i[0]))
        ]

    by_level = grouped(lambda r: Level(r["level"]).label, "level")
    for row in by_level:  # plan lines group by the level number
        if isinstance(row["label"], int):
            row["label"] = Level(row["label"]).label
    merged: dict = {}
    for row in by_level:
        target = merged.setdefault(
            row["label"], {"label": row["label"], **dict.fromkeys([k for k, _ in SERIES], 0)}
        )
        for key, _ in SERIES:
            target[key] += row[key]
    months = (
        enrollments.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return {
        "series": [{"key": k, "label": label} for k, label in SERIES],
        "charts": [
            {
                "id": "by-base",
                "title": "按培训基地",
                "rows": grouped(lambda r: r["base__organisation__name"], "plan__base__organisation__name"),
            },
            {
                "id": "by-occupation",
                "title": "按职业（工种）",
                "rows": grouped(lambda r: r["occupation__name"], "occupation__name"),
            },
            {"id": "by-level", "title": "按等级", "rows": list(merged.values())},
        ],
        "months": [{"label": f"{m['month']:%Y-%m}", "enrolled": m["n"]} for m in months if m["month"]],
    }


def home_charts(user: User) -> dict | None:
    """The city home page's charts: its running programme with the most enrolments."""
    if user.role not in (User.Role.CITY, User.Role.COUNTY, User.Role.PROVINCE):
        return None
    from programs.selectors import programs_visible_to

    program = (
        programs_visible_to(user)
        .annotate(n=Count("enrollments", filter=Q(enrollments__status="active")))
        .order_by("-n", "-year")
        .first()
    )
    if program is None:
        return None
    return {"program": program, "data": program_dashboard(program, user)}
