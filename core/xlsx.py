"""Writing xlsx files: streamed (write-only) so a province-size export stays within memory, and every
value made safe on the way in.

Safe means two things, for any value a user typed (a name, a remark, an audit note):

- never a formula: openpyxl writes a string that starts with "=" as a formula, and spreadsheet programs
  run text starting with "+", "-", "@", a tab or a carriage return as one once the cell is edited
  (CSV/formula injection). Such a string is written as a text cell with Excel's quote-prefix flag, so
  it stays text when edited, and its value is unchanged (a rejected row read back is what was typed);
- never a character XML cannot hold (openpyxl would raise on a control character): replaced by U+FFFD.

Build every cell with ``cell()`` (write-only sheets) or pass rows through ``safe_row()`` (either kind);
``defuse_formulas()`` is the after-the-fact pass for sheets filled with plain ``ws.append``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from copy import copy
from typing import Any

from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter

BOLD = Font(bold=True)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HEADER_STYLE = "表头"


def safe_value(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def as_text(target: Cell) -> Cell:
    """Mark a cell whose string value a spreadsheet would read as a formula as plain text."""
    value = target.value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        target.data_type = "s"
        target.quotePrefix = True
    return target


def cell(ws, value: Any, *, style: str | None = None, number_format: str | None = None) -> Cell:
    """A write-only cell holding ``value`` safely, optionally with a named style and a number format."""
    target = WriteOnlyCell(ws, value=safe_value(value))
    if style or number_format:
        # A copy of the style ids worked out once per workbook: assigning a named style looks it up and
        # rebuilds the ids on every cell, which was most of a streamed export's time.
        target._style = copy(_style_ids(ws, style, number_format))
    return as_text(target)


def _style_ids(ws, style: str | None, number_format: str | None):
    workbook = ws.parent
    known = workbook.__dict__.setdefault("_jinlan_style_ids", {})
    key = (style, number_format)
    if key not in known:
        prototype = WriteOnlyCell(ws)
        if style:
            prototype.style = style  # first: a named style replaces the whole style
        if number_format:
            prototype.number_format = number_format
        known[key] = prototype._style
    return known[key]


def safe_row(ws, values: Iterable[Any], *, style: str | None = None) -> list[Cell]:
    """``values`` as cells for ``ws.append``: works for write-only and ordinary sheets alike."""
    return [cell(ws, value, style=style) for value in values]


def defuse_formulas(ws) -> None:
    """Every formula-looking string of an ordinary (not write-only) sheet made text."""
    for line in ws.iter_rows():
        for target in line:
            if target.data_type == "f":
                target.data_type = "s"
                target.quotePrefix = True


def register_style(wb: Workbook, style: NamedStyle) -> str:
    """Add ``style`` to the workbook once and return its name, for ``cell(style=...)``."""
    if style.name not in wb.named_styles:
        wb.add_named_style(style)
    return style.name


def header_style(wb: Workbook) -> str:
    return register_style(
        wb,
        NamedStyle(
            name=HEADER_STYLE,
            font=BOLD,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
    )


def workbook_bytes(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    widths: Sequence[int] = (),
    preamble: Sequence[Sequence] = (),
) -> bytes:
    """One sheet: optional preamble lines (titles, 填报单位), a bold header row, then the rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(safe_value(title)[:31])
    bold = header_style(wb)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for line in preamble:
        ws.append(safe_row(ws, line))
    ws.append(safe_row(ws, header, style=bold))
    for row in rows:
        ws.append(safe_row(ws, row))
    return save(wb)


def save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class SafeXLSX(base_formats.XLSX):
    """django-import-export's xlsx format written through ``workbook_bytes``: tablib's own writer turns
    a value starting with "=" into a formula, and the library's escape setting deletes the "=" instead
    (changing the data). Use it as an admin's only export format (``formats = [SafeXLSX]``)."""

    def export_data(self, dataset, **kwargs) -> bytes:
        return workbook_bytes(dataset.title or "Sheet1", list(dataset.headers or []), list(dataset))


# --- small printable tables (plan tables) ------------------------------------------------------------

SHEET_THIN = Side(style="thin", color="000000")
SHEET_BORDER = Border(left=SHEET_THIN, right=SHEET_THIN, top=SHEET_THIN, bottom=SHEET_THIN)
SHEET_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
SHEET_BOLD = Font(name="宋体", bold=True, size=11)
SHEET_NORMAL = Font(name="宋体", size=11)
SHEET_TITLE = Font(name="宋体", bold=True, size=16)


def titled_sheet(title: str, sheet_title: str, header: list[str], widths: list[int]):
    """A small printable table (a plan table): a merged title row, a bold header row repeated on every
    printed page, fitted to the page width. Fill it with ``safe_row`` and end with ``titled_sheet_bytes``."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    ws.append(safe_row(ws, [title]))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font = SHEET_TITLE
    ws["A1"].alignment = SHEET_CENTER
    ws.row_dimensions[1].height = 40
    ws.append(safe_row(ws, header))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
        ws.cell(row=2, column=col).font = SHEET_BOLD
    ws.row_dimensions[2].height = 24
    # Printed on paper for filing: header repeated on every page, fitted to the page width.
    ws.print_title_rows = "2:2"
    ws.freeze_panes = "A3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return wb, ws


def titled_sheet_bytes(wb: Workbook, ws, ncols: int) -> bytes:
    """Borders and the body font on every cell below the title, then the file."""
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row, max_col=ncols):
        for cell in row:
            cell.border = SHEET_BORDER
            cell.alignment = SHEET_CENTER
            if cell.font != SHEET_BOLD:
                cell.font = SHEET_NORMAL
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
