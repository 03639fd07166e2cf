"""Judging a parsed roster as a whole: every row under the programme's policy, duplicates within the
file, and whatever the database knows about these people (through a callback, a fixed number of
queries whatever the row count). A row is accepted iff it has no reason at all."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from django.utils import timezone

from programs.eligibility import Decision, Reason
from programs.services import eligibility_decide, occupation_index

from .rows import RosterRow

if TYPE_CHECKING:
    from programs.models import Program

_ID_SHAPE = re.compile(r"\d{17}[\dX]")

ACCEPTED: Final = "accepted"
REJECTED: Final = "rejected"

KnownEnrolments = Callable[[set[str]], Mapping[str, Reason]]


@dataclass
class RowResult:
    row: int
    id_number: str  # normalised
    name: str
    status: str  # ACCEPTED or REJECTED
    route: str  # a Route value, or ""
    reasons: list[Reason]
    source: RosterRow = field(repr=False)
    decision: Decision | None = field(default=None, repr=False)  # None when the engine was skipped

    @property
    def is_accepted(self) -> bool:
        return self.status == ACCEPTED

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "id_number": self.id_number,
            "status": self.status,
            "route": self.route,
            "reasons": [{"code": r.code, "message": r.message} for r in self.reasons],
        }


@dataclass
class RosterReport:
    rows: list[RowResult]
    policy_version: int
    reference_date: date

    @property
    def accepted(self) -> int:
        return sum(1 for result in self.rows if result.is_accepted)

    @property
    def rejected(self) -> int:
        return len(self.rows) - self.accepted

    def as_dict(self) -> dict[str, Any]:
        """SPEC §6's JSON object (plus the policy version the rows were judged under)."""
        return {
            "accepted": self.accepted,
            "rejected": self.rejected,
            "policy_version": self.policy_version,
            "rows": [result.as_dict() for result in self.rows],
        }


def validate_roster(
    rows: Sequence[RosterRow],
    *,
    program: Program,
    as_of: date | None = None,
    known_enrolments: KnownEnrolments | None = None,
) -> RosterReport:
    """Judge every row under the programme's current policy on ``as_of`` (default: the programme's
    reference date, else today), plus duplicates within the file and, through ``known_enrolments``
    (called once with every ID of the file), whatever the database knows about those people.

    A row is accepted iff it has no reason at all. Queries: the policy (unless already loaded), the
    occupation catalogue, and whatever ``known_enrolments`` does — never one per row.
    """
    policy = program.policy
    if policy is None:
        raise ValueError(f"programme {program.code} has no policy to validate against")
    on = as_of or program.reference_date or timezone.localdate()
    occupations = occupation_index()
    # Only well-formed IDs can be in the database; the others (and whatever bytes they hold, NUL
    # included, which PostgreSQL cannot even compare) are the engine's to reject.
    ids = {r.id_number for r in rows if _ID_SHAPE.fullmatch(r.id_number)}
    known = dict(known_enrolments(ids)) if known_enrolments else {}
    first_row: dict[str, int] = {}
    results = []
    rules = program.policy.rules()
    for row in rows:
        reasons = list(row.problems)
        decision = None
        # Without a target level the engine has nothing to judge; the parse reason already says why.
        if row.target_level is not None:
            decision = eligibility_decide(
                program=program,
                facts=row.facts,
                target_level=row.target_level,
                reference_date=on,
                occupations=occupations,
                rules=rules,
            )
            # The parse already reported a blank target occupation; the engine's own reason for that
            # blank would say it a second time.
            parsed = {problem.code for problem in row.problems}
            reasons.extend(
                reason
                for reason in decision.reasons
                if not (reason.code == "occupation_unknown" and "target_occupation_missing" in parsed)
            )
        if row.id_number:  # blank IDs are reported by the engine, not as duplicates of each other
            if row.id_number in first_row:
                reasons.append(
                    Reason("duplicate_in_file", f"与第 {first_row[row.id_number]} 行身份证号码重复")
                )
            else:
                first_row[row.id_number] = row.row
            if row.id_number in known:
                reasons.append(known[row.id_number])
        results.append(
            RowResult(
                row=row.row,
                id_number=row.id_number,
                name=row.name,
                status=REJECTED if reasons else ACCEPTED,
                route=decision.route if decision else "",
                reasons=reasons,
                source=row,
                decision=decision,
            )
        )
    return RosterReport(rows=results, policy_version=policy.number, reference_date=on)
