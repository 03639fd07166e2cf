"""What the home page shows: counts of what exists in the user's scope and what is due.

Each app contributes through its selectors; this module only collects them in order, so the home page
costs a fixed number of queries whatever the size of the data.
"""

from dataclasses import dataclass, field
from datetime import date

from accounts.models import User
from accounts.selectors import organisation_tiles


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
    return board
