"""What the home page shows: counts of what exists in the user's scope, the state of each deadline, and
for a base its own plans with the places left.

Each app contributes through its selectors; this module only collects them in order. The whole board of
a scope (role + organisation: nothing on it depends on the person) is kept in the cache for
``HOME_MAX_AGE`` seconds, so the home page costs the same at any size and its counts are never older than
the age the page states.
"""

import datetime
import time
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.selectors import organisation_tiles
from bases.models import PlanApplication
from bases.selectors import plan_tiles, plans_visible_to
from programs.models import Program
from programs.selectors import deadlines_due_for, programs_visible_to
from trainees.selectors import places_per_line, trainee_tiles

HOME_MAX_AGE = 60  # seconds the counts of a scope's home page may lag; the page states their age
DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class Tile:
    label: str
    count: int
    url: str = ""


@dataclass(frozen=True)
class DueItem:
    label: str
    due: date
    state: str  # one of DueItem.STATES
    url: str = ""

    DONE, OVERDUE, SOON, LATER = "done", "overdue", "soon", "later"
    STATES = {DONE: "已完成", OVERDUE: "已逾期", SOON: "即将到期", LATER: "未到期"}

    @property
    def overdue(self) -> bool:
        return self.state == self.OVERDUE

    @property
    def state_label(self) -> str:
        return self.STATES[self.state]


@dataclass(frozen=True)
class PlanState:
    """A base's plan in one programme: where it stands, and once confirmed the places left per line."""

    program: str
    status: str
    url: str
    places: list = field(default_factory=list)


@dataclass
class Dashboard:
    tiles: list[Tile] = field(default_factory=list)
    due: list[DueItem] = field(default_factory=list)
    plans: list[PlanState] = field(default_factory=list)
    counted_at: float = 0.0

    @property
    def age(self) -> int:
        return int(time.time() - self.counted_at)


def dashboard_for(user: User) -> Dashboard:
    """The scope's board from the cache, or built now (and cached) if older than HOME_MAX_AGE."""
    key = f"dashboard:{user.role}:{user.organisation_id}:{timezone.localdate().isoformat()}"
    board = cache.get(key)
    if board is None:
        board = dashboard_build(user)
        cache.set(key, board, HOME_MAX_AGE)
    return board


def dashboard_build(user: User) -> Dashboard:
    board = Dashboard(counted_at=time.time())
    board.tiles += [Tile(label, count, url) for label, count, url in organisation_tiles(user)]
    running = programs_visible_to(user).running().count()
    board.tiles.append(Tile("进行中的培训项目", running, reverse("programs:program_list")))
    plans = reverse("bases:plan_list")
    board.tiles += [
        Tile(label, count, f"{plans}?status={status}") for label, count, status in plan_tiles(user)
    ]
    board.tiles += [Tile(label, count, reverse(url)) for label, count, url in trainee_tiles(user)]
    today = timezone.localdate()
    own_plans = list(plans_visible_to(user).select_related("program__policy")) if user.role == "base" else []
    submitted = {p.program_id for p in own_plans if p.status not in PlanApplication.EDITABLE}
    board.due = [
        DueItem(
            label=f"{d.program.name}：{d.label}",
            due=d.due,
            state=deadline_state(d, today=today, plan_submitted=d.program_id in submitted),
            url=reverse("programs:program_detail", args=[d.program.code]),
        )
        for d in deadlines_due_for(user, today=today)
    ]
    board.plans = [
        PlanState(
            program=plan.program.name,
            status=plan.get_status_display(),
            url=reverse("bases:plan_detail", args=[plan.pk]),
            places=places_per_line(base=plan.base, program=plan.program)
            if plan.status == PlanApplication.Status.CONFIRMED
            else [],
        )
        for plan in own_plans
        if plan.program.status != Program.Status.CLOSED
    ]
    return board


def deadline_state(deadline, *, today: date, plan_submitted: bool = False) -> str:
    """done / overdue / soon / later. A deadline on or before the programme's training start belongs to
    the application stage: it is done once the programme is in training, and for a base once its plan
    has been submitted. Any other deadline is done only when the programme has closed."""
    program = deadline.program
    in_application_stage = program.training_start is None or deadline.due <= program.training_start
    if program.status == Program.Status.CLOSED:
        return DueItem.DONE
    if in_application_stage and (program.status == Program.Status.TRAINING or plan_submitted):
        return DueItem.DONE
    if deadline.due < today:
        return DueItem.OVERDUE
    if deadline.due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return DueItem.SOON
    return DueItem.LATER
