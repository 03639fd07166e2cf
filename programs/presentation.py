"""How an eligibility decision is shown to a clerk: the live panel of the checker and of registration."""

from collections.abc import Iterable

from .choices import Route
from .eligibility import Reason

ROUTE_PREFIX = "route_"


def reasons_json(reasons: Iterable[Reason]) -> list[dict[str, str]]:
    """The reasons for the panel; a failed route carries the route's name, so the panel can list the
    routes apart ("满足其中任意一项即可") instead of mixing them with the conditions everyone must meet."""
    rows = []
    for reason in reasons:
        route = reason.code.removeprefix(ROUTE_PREFIX) if reason.code.startswith(ROUTE_PREFIX) else ""
        rows.append(
            {
                "code": reason.code,
                "message": reason.message,
                "route_label": Route(route).label if route in Route.values else "",
            }
        )
    return rows
