"""The schedule as xlsx: the blank template to fill in, and a class's stored schedule."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.xlsx import workbook_bytes

from .models import TrainingClass
from .schedule import COLUMNS, HEADER

WIDTHS = (6, 12, 10, 10, 10, 30, 12, 10, 8, 20)


def schedule_template_xlsx() -> bytes:
    """The 课程安排表 template: the header row on the first sheet (the one imports read) and a guide
    sheet saying what each column takes, generated from the one column table."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("课程安排表")
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    bold = Font(bold=True)
    header = []
    for name in HEADER:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    guide = wb.create_sheet("填写说明")
    guide.column_dimensions["A"].width = 12
    guide.column_dimensions["B"].width = 50
    guide.append(["列", "填写要求"])
    for name, help_text in COLUMNS:
        guide.append([name, help_text])
    guide.append([])
    guide.append(["说明", "第一张工作表为课程安排表，每行一次课；导入时整表替换本班的课程安排。"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def schedule_xlsx(training_class: TrainingClass) -> bytes:
    """The class's schedule in the template's columns, so an export can be edited and imported again."""
    rows = (
        [
            number,
            s.day,
            s.start.strftime("%H:%M"),
            s.end.strftime("%H:%M"),
            s.get_category_display(),
            s.content,
            s.teacher,
            s.get_mode_display(),
            s.hours,
            s.place,
        ]
        for number, s in enumerate(training_class.sessions.order_by("day", "start", "id"), start=1)
    )
    return workbook_bytes(f"{training_class.name}课程安排表"[:31], HEADER, rows, widths=WIDTHS)
