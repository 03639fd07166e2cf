"""The statistics table as an xlsx in the programme's layout, streamed (write-only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter

from core.pdf import cn_date
from core.xlsx import cell, register_style, save
from programs.choices import Level
from programs.models import Program

from .layouts import PASSED, TRAINED, Layout, heading, layout_for
from .selectors import Figures

TOTAL = "合计"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TITLE = NamedStyle(name="统计表标题", font=Font(name="宋体", bold=True, size=16), alignment=_CENTER)
_HEAD = NamedStyle(
    name="统计表表头", font=Font(name="宋体", bold=True, size=11), alignment=_CENTER, border=_BORDER
)
_BODY = NamedStyle(name="统计表正文", font=Font(name="宋体", size=11), alignment=_CENTER, border=_BORDER)
_PLAIN = NamedStyle(name="统计表文字", font=Font(name="宋体", size=11))


@dataclass
class Signature:
    """What is written on the lines above and below the table."""

    organisation: str
    day: datetime.date
    filled_by: str = ""
    phone: str = ""
    signer: str = ""

    def value_of(self, label: str) -> str:
        if label == "填报单位（盖章）":
            return self.organisation
        if label in ("填报时间", "填表日期"):
            return cn_date(self.day)
        if label in ("填报人", "填表人"):
            return self.filled_by
        if label == "联系电话":
            return self.phone
        if label.startswith("分管"):
            return self.signer
        return ""


def sheet_rows(layout: Layout, result: Figures) -> list[list]:
    """The table body: one row per occupation (sorted by name), then 合计 (the sum of the rows)."""
    columns = layout.columns()
    rows = []
    for occ_id, name in sorted(result.occupations.items(), key=lambda item: item[1]):
        values = [result.cells.get((occ_id, level), {}).get(measure, 0) for level, measure, _h in columns]
        if not any(values):  # an occupation trained only at levels the table has no column for
            continue
        rows.append([name, *values] + ([""] if layout.remark_column else []))
    totals = [sum(row[i + 1] for row in rows) for i in range(len(columns))]
    rows.append([TOTAL, *totals] + ([""] if layout.remark_column else []))
    return rows


def project_rows(program: Program, result: Figures, counties: dict[int, str], group_scope: str) -> list[list]:
    """泰安 项目制培训情况统计表: one row per county of the scope, then 合计."""
    when = ""
    if program.training_start or program.training_end:
        when = "—".join(cn_date(d) for d in (program.training_start, program.training_end) if d)
    rows = [
        [counties.get(county_id, ""), program.name, group_scope, counts[TRAINED], when, ""]
        for county_id, counts in sorted(result.by_county.items(), key=lambda item: counties.get(item[0], ""))
    ]
    rows.append([TOTAL, "", "", sum(r[3] for r in rows), "", ""])
    return rows


def workbook(
    *,
    program: Program,
    layout_kind: str,
    result: Figures,
    signature: Signature,
    counties=None,
    group_scope="",
) -> bytes:
    layout = layout_for(layout_kind)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("统计表")
    styles = {s.name: register_style(wb, s) for s in (_TITLE, _HEAD, _BODY, _PLAIN)}
    head = heading(layout)
    width = len(head.top)
    for col in range(1, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 22 if col == 1 else 14
    title = layout.title.format(program=program.training_name)
    ws.append([cell(ws, title, style=styles[_TITLE.name])])
    for label in layout.header_lines:
        ws.append([cell(ws, f"{label}：{signature.value_of(label)}", style=styles[_PLAIN.name])])
    last = get_column_letter(width)
    ws.merged_cells.add(f"A1:{last}1")
    head_row = 2 + len(layout.header_lines)
    ws.append([cell(ws, value, style=styles[_HEAD.name]) for value in head.top])
    if head.bottom:
        ws.append([cell(ws, value, style=styles[_HEAD.name]) for value in head.bottom])
        _merge_heading(ws, head, head_row, group=len(layout.measures))
    if layout.by_county:
        body = project_rows(program, result, counties or {}, group_scope)
    else:
        body = sheet_rows(layout, result)
    for row in body:
        ws.append([cell(ws, value, style=styles[_BODY.name]) for value in row])
    ws.append([])
    for label in layout.footer_lines:
        ws.append([cell(ws, f"{label}：{signature.value_of(label)}", style=styles[_PLAIN.name])])
    for note in layout.notes:
        ws.append([cell(ws, note, style=styles[_PLAIN.name])])
    return save(wb)


def _merge_heading(ws, head, row: int, *, group: int) -> None:
    """The notices' two-level heading: 职业（工种） and 备注 span both rows, a level spans its figures."""
    for col, (top, bottom) in enumerate(zip(head.top, head.bottom, strict=True), start=1):
        letter = get_column_letter(col)
        if top and not bottom:
            ws.merged_cells.add(f"{letter}{row}:{letter}{row + 1}")
        elif top and group > 1:
            ws.merged_cells.add(f"{letter}{row}:{get_column_letter(col + group - 1)}{row}")


def province_workbook(year: int, rows: list[dict], *, day: datetime.date) -> bytes:
    """The province's comparison of cities: per city, 培训人数 and 合格人数 per level, and the totals."""
    levels = (Level.SENIOR_TECHNICIAN, Level.TECHNICIAN, Level.SENIOR_WORKER)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("各市对比")
    styles = {s.name: register_style(wb, s) for s in (_TITLE, _HEAD, _BODY, _PLAIN)}
    ws.column_dimensions["A"].width = 16
    ws.append([cell(ws, f"{year}年度全省“金蓝领”培训情况各市对比表", style=styles[_TITLE.name])])
    ws.append([cell(ws, f"填报时间：{cn_date(day)}", style=styles[_PLAIN.name])])
    top = ["市", "项目数"]
    bottom = ["", ""]
    for level in (*levels, None):
        top += [f"{Level(level).label}（人）" if level else "合计（人）", ""]
        bottom += ["培训人数", "合格人数"]
    ws.append([cell(ws, v, style=styles[_HEAD.name]) for v in top])
    ws.append([cell(ws, v, style=styles[_HEAD.name]) for v in bottom])
    totals = [0] * (len(top) - 1)
    for row in rows:
        values = [row["programs"]]
        for level in levels:
            counts = row["levels"].get(level, {})
            values += [counts.get(TRAINED, 0), counts.get(PASSED, 0)]
        values += [
            sum(c.get(TRAINED, 0) for c in row["levels"].values()),
            sum(c.get(PASSED, 0) for c in row["levels"].values()),
        ]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        ws.append([cell(ws, v, style=styles[_BODY.name]) for v in [row["city"], *values]])
    ws.append([cell(ws, v, style=styles[_BODY.name]) for v in [TOTAL, *totals]])
    return save(wb)
