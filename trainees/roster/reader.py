"""Reading a roster workbook (.xlsx or .xls) into parsed rows, through the safe reader every import uses.

- First worksheet; row 1 is the header (``ROSTER_HEADER``, compared ignoring whitespace and the width
  of parentheses); data from row 2. Columns after the last declared one are ignored, so a file
  downloaded back with a reasons column can be corrected and imported again.
- A row whose cells are all empty is skipped; so is a row where only 序号 is filled, because templates
  are often pre-numbered far below the last real trainee.
- A workbook past ``settings.SPREADSHEET_LIMITS``, a malformed one, or one with more than
  ``settings.ROSTER_MAX_ROWS`` data rows raises ``RosterError``; a bad cell never does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from os import PathLike
from typing import IO, Any

from django.conf import settings

from core.errors import PortalError
from core.spreadsheets import SpreadsheetError, read_first_sheet

from .columns import ROSTER_HEADER
from .rows import RosterRow, parse_row
from .values import cell_text, is_blank, shown

RosterSource = str | PathLike[str] | IO[bytes] | bytes


class RosterError(PortalError):
    """The workbook as a whole cannot be read as a roster; the message is for the base staff."""


def read_roster(source: RosterSource) -> list[RosterRow]:
    """Parse the roster at ``source`` (a path, a binary file-like or the bytes). Raises RosterError."""
    try:
        lines = read_first_sheet(source, width=len(ROSTER_HEADER))
    except SpreadsheetError as exc:
        raise RosterError(str(exc)) from None
    return rows_from_lines(lines)


def rows_from_lines(lines: Sequence[Sequence[Any]]) -> list[RosterRow]:
    if not lines or all(is_blank(value) for value in lines[0]):
        raise RosterError("花名册为空：第 1 行应为表头，请使用花名册模板")
    _check_header(lines[0])
    numbered = [
        (number, line)
        for number, line in enumerate(lines[1:], start=2)
        if not all(is_blank(value) for value in line[1:])
    ]
    if not numbered:
        raise RosterError("花名册没有数据行")
    if len(numbered) > settings.ROSTER_MAX_ROWS:
        raise RosterError(
            f"花名册有 {len(numbered)} 行学员，超过单次导入上限 {settings.ROSTER_MAX_ROWS} 行；"
            "请分成几个文件分别导入"
        )
    return [parse_row(number, dict(zip(ROSTER_HEADER, line, strict=True))) for number, line in numbered]


def _header_key(value: Any) -> str:
    # NFKC folds full-width parentheses to ASCII ones; whitespace includes line breaks in wrapped cells.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(value)))


def _check_header(header: Sequence[Any]) -> None:
    cells = list(header) + [None] * (len(ROSTER_HEADER) - len(header))
    for number, (expected, actual) in enumerate(zip(ROSTER_HEADER, cells, strict=False), start=1):
        if _header_key(expected) != _header_key(actual):
            found = f"“{shown(cell_text(actual))}”" if not is_blank(actual) else "空"
            raise RosterError(f"第 {number} 列应为“{expected}”，实为{found}")
