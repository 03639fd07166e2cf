"""Reads for programmes: always scoped to the user's city (the province sees all)."""

import datetime

from django.db.models import Q, QuerySet

from accounts.models import User
from accounts.scoping import city_scope_q

from .models import Deadline, Occupation, Program


def programs_visible_to(user: User) -> QuerySet[Program]:
    return Program.objects.filter(city_scope_q(user, "city")).select_related("city", "policy")


def programs_search(user: User, *, q: str = "", year: int | None = None, status: str = "", kind: str = ""):
    programs = programs_visible_to(user)
    if q:
        programs = programs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if year:
        programs = programs.filter(year=year)
    if status:
        programs = programs.filter(status=status)
    if kind:
        programs = programs.filter(kind=kind)
    return programs


def deadlines_due_for(user: User, *, today: datetime.date, horizon_days: int = 60) -> QuerySet[Deadline]:
    """Deadlines of running programmes (open or in training) in the user's scope that concern their
    role: overdue ones, and those falling within the horizon."""
    running = programs_visible_to(user).running()
    return (
        Deadline.objects.filter(program__in=running)
        .filter(Q(audience=Deadline.Audience.ALL) | Q(audience=user.role))
        .filter(due__lte=today + datetime.timedelta(days=horizon_days))
        .select_related("program")
        .order_by("due")
    )


def occupation_names() -> list[str]:
    """The catalogue's names, for the pick lists of occupation fields (the catalogue is public)."""
    return list(Occupation.objects.order_by("name").values_list("name", flat=True))
