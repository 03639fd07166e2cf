"""The downloadable results template: the header of ``assessment.judge`` and a guide row."""

from openpyxl import Workbook

from core.xlsx import header_style, safe_row, save

from .judge import HEADER, HELP


def results_template_xlsx() -> bytes:
    wb = Workbook(write_only=True)
    bold = header_style(wb)
    ws = wb.create_sheet("考核结果")
    ws.append(safe_row(ws, HEADER, style=bold))
    ws.append(safe_row(ws, HELP))
    return save(wb)
