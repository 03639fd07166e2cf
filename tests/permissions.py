"""The vocabulary of the permission matrix (tests/test_url_permissions.py): personas, expectations, cases.

Areas of the portal declare their URLs in their own case modules with these helpers; the matrix merges
them and fails on any URL that no module declares.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLE_OF = {
    "province": "province",
    "city": "city",
    "city_other": "city",
    "county": "county",
    "county_same_city": "county",
    "county_other": "county",
    "base": "base",
    "base_same_county": "base",
    "base_other": "base",
}
PERSONAS = ["anonymous", *ROLE_OF]
ALL_ROLES = frozenset(ROLE_OF.values())
LOGIN = "login"  # expected outcome for anonymous users: a redirect to the login page


def expect(*, ok: int = 200, roles=ALL_ROLES, hidden=(), anonymous=LOGIN) -> dict[str, int | str]:
    """ok for the allowed roles, 403 for the others (the role check comes first), 404 for the allowed
    personas the object is hidden from."""
    table: dict[str, int | str] = {"anonymous": anonymous}
    for persona, role in ROLE_OF.items():
        table[persona] = 403 if role not in roles else (404 if persona in hidden else ok)
    return table


# The object every object URL points at belongs to city A / county A1 / base A1-a; these personas must
# not find objects of each level.
OUTSIDE_CITY = ("city_other", "county_other", "base_other")
OUTSIDE_COUNTY = (*OUTSIDE_CITY, "county_same_city", "base_same_county")
CITY_OBJECT_HIDDEN_BELOW = (*OUTSIDE_CITY, "county", "county_same_city", "base", "base_same_county")
REVIEWERS = {"province", "city", "county"}


def plan_step(roles) -> dict[str, int | str]:
    """A POST on the plan of base A1-a: allowed roles are redirected back, outsiders do not find it."""
    return expect(ok=302, roles=roles, hidden=OUTSIDE_COUNTY)


@dataclass
class Case:
    expected: dict[str, int | str]
    method: str = "get"
    kwargs: Callable[[dict], dict] = field(default=lambda objects: {})
    data: dict = field(default_factory=dict)


JOB_URLS = ["core:job_detail", "core:job_status", "core:job_download"]


@dataclass
class JobCase:
    """Who asks for a job of base A1-a of this kind, and what they get."""

    kind: str
    viewer: str  # "requester", "colleague" (another user of the same base) or a persona
    status: int

    @property
    def label(self) -> str:
        return f"{self.kind}-{self.viewer}-{self.status}"


# A roster export holds full ID numbers: its requester alone gets it, not a colleague, not the county, the
# city or the province. A plan document is shared with everyone whose scope covers the base.
JOB_CASES = [
    *(
        JobCase("roster_export", viewer, 200 if viewer == "requester" else 404)
        for viewer in ("requester", "colleague", "county", "city", "province", "base_same_county")
    ),
    *(
        JobCase("plan_pdf", viewer, status)
        for viewer, status in (
            ("requester", 200),
            ("colleague", 200),
            ("county", 200),
            ("city", 200),
            ("province", 200),
            ("base_same_county", 404),
            ("county_other", 404),
        )
    ),
]
