"""The rows of an all-or-nothing import as judged: each row's reasons, its status, and the report's
shape (SPEC §6: row, masked id_number, name, status, reasons) that pages, commands and JSON share.

An import's row adds what it carries (a result's values, a grid row's marks) and, through ``extra``,
what its JSON adds to the shared shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .idcard import mask_id_number

ACCEPTED, REJECTED = "accepted", "rejected"


@dataclass
class JudgedRow:
    row: int
    id_number: str
    name: str
    reasons: list[dict[str, str]] = field(default_factory=list)
    enrollment_id: int | None = None

    @property
    def status(self) -> str:
        return REJECTED if self.reasons else ACCEPTED

    @property
    def accepted(self) -> bool:
        return not self.reasons

    def reject(self, code: str, message: str) -> None:
        self.reasons.append({"code": code, "message": message})

    def extra(self) -> dict[str, Any]:
        return {}

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "id_number": mask_id_number(self.id_number),
            "name": self.name,
            "status": self.status,
            **self.extra(),
            "reasons": self.reasons,
        }


@dataclass
class JudgedReport:
    rows: list

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.rows if r.status == ACCEPTED)

    @property
    def rejected(self) -> int:
        return len(self.rows) - self.accepted
