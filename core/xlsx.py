"""Writing xlsx files: streamed (write-only) so a province-size export stays within memory."""

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

BOLD = Font(bold=True)


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
    ws = wb.create_sheet(title[:31])
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for line in preamble:
        ws.append(list(line))
    ws.append([_bold(ws, value) for value in header])
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _bold(ws, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.font = BOLD
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell
