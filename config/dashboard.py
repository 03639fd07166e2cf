"""What the home page shows: counts of what exists in the user's scope and what is due.

Each app contributes through its selectors; this module only collects them in order, so the home page
costs a fixed number of queries whatever the size of the data.
"""

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.selectors import organisation_tiles
from bases.selectors import plan_tiles
from programs.selectors import deadlines_due_for, programs_visible_to
from trainees.selectors import trainee_tiles


@dataclass(frozen=True)
class Tile:
    label: str
    count: int
    url: str = ""


@dataclass(frozen=True)
class DueItem:
    label: str
    due: date
    overdue: bool
    url: str = ""


@dataclass
class Dashboard:
    tiles: list[Tile] = field(default_factory=list)
    due: list[DueItem] = field(default_factory=list)


def dashboard_for(user: User) -> Dashboard:
    board = Dashboard()
    board.tiles += [Tile(label, count, url) for label, count, url in organisation_tiles(user)]
    running = programs_visible_to(user).running().count()
    board.tiles.append(Tile("进行中的培训项目", running, reverse("programs:program_list")))
    plans = reverse("bases:plan_list")
    board.tiles += [
        Tile(label, count, f"{plans}?status={status}") for label, count, status in plan_tiles(user)
    ]
    board.tiles += [Tile(label, count, reverse(url)) for label, count, url in trainee_tiles(user)]
    today = timezone.localdate()
    board.due = [
        DueItem(
            label=f"{d.program.name}：{d.label}",
            due=d.due,
            overdue=d.due < today,
            url=reverse("programs:program_detail", args=[d.program.code]),
        )
        for d in deadlines_due_for(user, today=today)
    ]
    return board
