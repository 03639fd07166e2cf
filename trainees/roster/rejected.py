"""The rejected rows of an import as a workbook: the template's columns as they were typed, plus the
reasons. The base corrects them and uploads the file again (the reader ignores the extra column).

Streamed (write-only), one named style per kind of cell, so 10,000 rows cost ten times 1,000."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter

from core.xlsx import cell, register_style, save

from .columns import COLUMNS, Kind
from .judge import REJECTED

REASONS_COLUMN = "不通过原因"
_HEADER = NamedStyle(
    name="花名册表头",
    font=Font(bold=True),
    fill=PatternFill("solid", fgColor="DDEBF7"),
    alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
)
_REASONS_HEADER = NamedStyle(
    name="不通过原因表头",
    font=Font(bold=True),
    fill=PatternFill("solid", fgColor="FCE4D6"),
    alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
)
_REASONS = NamedStyle(name="不通过原因", alignment=Alignment(wrap_text=True))


def rejected_rows_workbook(lines: Iterable[Mapping[str, Any]]) -> bytes:
    """``lines`` are the rows of an import's stored report; only the rejected ones are written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("不通过行")
    header, reasons_header, reasons_style = (
        register_style(workbook, style) for style in (_HEADER, _REASONS_HEADER, _REASONS)
    )
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        width = 21 if column.kind == Kind.CODE else 12
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.column_dimensions[get_column_letter(len(COLUMNS) + 1)].width = 60
    sheet.append(
        [cell(sheet, column.header, style=header) for column in COLUMNS]
        + [cell(sheet, REASONS_COLUMN, style=reasons_header)]
    )
    for line in lines:
        if line["status"] != REJECTED:
            continue
        values = line.get("values") or {"姓名": line.get("name", "")}
        cells = [_cell(sheet, column, values.get(column.header)) for column in COLUMNS]
        reasons = "；".join(reason["message"] for reason in line["reasons"])
        sheet.append([*cells, cell(sheet, reasons, style=reasons_style)])
    return save(workbook)


def _cell(sheet, column, value: Any):
    if column.kind != Kind.CODE:
        return cell(sheet, value)
    # Text, so that the base's edit keeps all 18 digits of an ID; a number read back becomes its digits.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return cell(sheet, value, number_format="@")


def rejected_rows_name(original_name: str) -> str:
    return f"{PurePath(original_name).stem or '花名册'}-不通过行.xlsx"
