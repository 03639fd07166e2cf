"""The downloadable roster template: header, widths, cell formats and drop-downs on sheet 1, and the
填写说明 guide sheet, all from the column declarations (``columns.COLUMNS``)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.xlsx import save

from .columns import COLUMNS, ROSTER_HEADER

TEMPLATE_ROWS = 2000  # drop-downs and text formats reach this far; more rows still import
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def roster_template_xlsx() -> bytes:
    """The blank roster. No example row: anything on sheet 1 below the header would be imported."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append(ROSTER_HEADER)
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.number_format:
            for row in range(2, TEMPLATE_ROWS + 1):
                sheet.cell(row=row, column=index).number_format = column.number_format
        if column.choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="填写有误",
                error=f"{column.header}请从下拉列表中选择：{'、'.join(column.choices)}",
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    _guide_sheet(workbook)
    return save(workbook)


def _guide_sheet(workbook: Workbook) -> None:
    guide = workbook.create_sheet("填写说明")
    guide.append(["列名", "必填", "填写要求 / 可选值"])
    for cell in guide[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for column in COLUMNS:
        limit = f"；最多 {column.max_length} 个字符" if column.max_length and column.kind == "text" else ""
        guide.append([column.header, "是" if column.required else "否", column.help + limit])
    guide.append([])
    guide.append(["说明", "", "第 1 行为表头，请勿修改；从第 2 行起每行一名学员，不要留示例行。"])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 6
    guide.column_dimensions["C"].width = 90
    for row in guide.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
