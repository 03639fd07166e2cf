"""Dashboard figures: plan vs enrolled vs completed vs passed by base, occupation and level; enrolments
per month. Every chart is drawn from these rows, and the same rows are the table beside it."""

from __future__ import annotations

from collections import defaultdict

from django.core.cache import cache
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
    classes = _scoped(TrainingClass.objects.filter(program=program), user, "base_id")
    members = enrollments.filter(class_membership__training_class__in=classes).values_list("pk", flat=True)
    hours = trainee_hours(list(members), classes=list(classes)) if classes else {}
    completed_ids = {pk for pk, h in hours.items() if h.complete}
    lines = _scoped(
        PlanLine.objects.filter(plan__program=program, plan__status=PlanApplication.Status.CONFIRMED),
        user,
        "plan__base_id",
    )
    completed_q = Q(pk__in=completed_ids)
    passed_q = Q(pk__in=passed_enrollments(program).values("pk"))
    blank = dict.fromkeys([k for k, _ in SERIES], 0)

    def grouped(key: str, plan_key: str, label=lambda value: value) -> list[dict]:
        """One GROUP BY over enrolments and one over plan lines, per ``key``."""
        table: dict = defaultdict(lambda: dict(blank))
        for line in lines.values(plan_key).annotate(n=Sum("planned_count")).order_by():
            name = label(line[plan_key]) if line[plan_key] is not None else "（不分职业）"
            table[name]["planned"] += line["n"] or 0
        counts = (
            enrollments.values(key)
            .annotate(
                enrolled=Count("pk"),
                completed=Count("pk", filter=completed_q),
                passed=Count("pk", filter=passed_q),
            )
            .order_by()
        )
        for row in counts:
            entry = table[label(row[key])]
            for name in ("enrolled", "completed", "passed"):
                entry[name] += row[name]
        return [{"label": name, **values} for name, values in sorted(table.items(), key=lambda i: str(i[0]))]

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
                "rows": grouped("base__organisation__name", "plan__base__organisation__name"),
            },
            {
                "id": "by-occupation",
                "title": "按职业（工种）",
                "rows": grouped("occupation__name", "occupation__name"),
            },
            {
                "id": "by-level",
                "title": "按等级",
                "rows": grouped("level", "level", label=lambda level: Level(level).label),
            },
        ],
        "months": [{"label": f"{m['month']:%Y-%m}", "enrolled": m["n"]} for m in months if m["month"]],
    }


HOME_CHARTS_MAX_AGE = 300  # seconds the home page's charts may lag (the dashboard page is live)


def home_charts(user: User) -> dict | None:
    """The bureau home page's charts: its programme with the most enrolments, cached per organisation
    (nothing on them depends on the person)."""
    if user.role not in (User.Role.CITY, User.Role.COUNTY, User.Role.PROVINCE):
        return None
    key = f"stats-home-charts:{user.organisation_id}"
    charts = cache.get(key)
    if charts is None:
        charts = _home_charts(user) or {}
        cache.set(key, charts, HOME_CHARTS_MAX_AGE)
    return charts or None


def _home_charts(user: User) -> dict | None:
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
