"""Document builders for plans and registration: the forms the notices attach, filled from plain data.

Every builder takes the dataclasses below (never Django models) and returns the file's bytes, so views,
background jobs and tests can all call them without a database.

- plan_application_pdf: 临沂 2023 附件1 《“金蓝领”技师培训计划申报表》 with the two stamped opinion boxes.
- plan_table_by_level_xlsx: the plan table by base, level and occupation with subtotals (德州 2021 附件1).
- plan_table_by_base_xlsx: one number per base (潍坊 2020 附件1 培训基地名单及培训计划).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.pdf import (
    BLACK,
    MARGIN,
    OpinionBox,
    OpinionDoc,
    cn_date,
    cn_date_range,
    document_styles,
    draw_seal,
    numbered_canvas,
    paragraph,
)
from core.xlsx import SHEET_BOLD, as_text, safe_row, safe_value, titled_sheet, titled_sheet_bytes

# --------------------------------------------------------------------------------------------------
# Plain data
# --------------------------------------------------------------------------------------------------


@dataclass
class PlanLineDoc:
    occupation: str
    level: str
    count: int
    start: date | None
    end: date | None
    remark: str = ""


@dataclass
class PlanDoc:
    title: str
    base_name: str
    program_name: str
    lines: list[PlanLineDoc]
    base_opinion: OpinionDoc
    county_opinion: OpinionDoc
    number: str = ""


@dataclass
class PlanTableBase:
    """One base of the by-level plan table; lines are (level label, occupation, count) in table order."""

    name: str
    lines: list[tuple[str, str, int]] = field(default_factory=list)


@dataclass
class BaseListRow:
    name: str
    count: int
    remark: str = ""


# --------------------------------------------------------------------------------------------------
# 临沂 附件1 培训计划申报表
# --------------------------------------------------------------------------------------------------


def plan_application_pdf(doc: PlanDoc) -> bytes:
    """The plan application form (临沂 2023 附件1 layout), A4 portrait; long plans continue on more pages."""
    st = document_styles()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=doc.title,
        author=doc.base_name,
        subject=doc.program_name,
    )
    story: list = []
    if doc.number:
        story.append(paragraph(f"编号：{doc.number}", st["right"]))
    story += [
        paragraph(doc.title, st["title"]),
        Spacer(1, 4 * mm),
        paragraph(f"培训基地（盖章）：{doc.base_name}", st["body"]),
        Spacer(1, 3 * mm),
    ]

    width = A4[0] - 2 * MARGIN
    col_widths = [width * f for f in (0.30, 0.14, 0.38, 0.18)]
    rows: list[list] = [
        [paragraph(h, st["head"]) for h in ("拟培训职业（工种）", "拟培训人数", "拟培训起止时间", "备注")]
    ]
    for line in doc.lines:
        occupation = f"{line.occupation}（{line.level}）" if line.level else line.occupation
        rows.append(
            [
                paragraph(occupation, st["cell"]),
                paragraph(str(line.count), st["cell"]),
                paragraph(cn_date_range(line.start, line.end), st["cell"]),
                paragraph(line.remark, st["cell"]),
            ]
        )
    total_row = len(rows)
    rows.append(
        [
            paragraph("合计", st["head"]),
            paragraph(str(sum(line.count for line in doc.lines)), st["cell"]),
            "",
            "",
        ]
    )
    opinion_rows = []
    for label, opinion in (
        ("“金蓝领”培训基地意见", doc.base_opinion),
        ("县区人力资源社会保障部门审核意见", doc.county_opinion),
    ):
        opinion_rows.append(len(rows))
        rows.append([paragraph(label, st["head"]), OpinionBox(opinion, st), "", ""])

    style = [
        ("GRID", (0, 0), (-1, -1), 0.8, BLACK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93)),
        ("SPAN", (2, total_row), (3, total_row)),
    ]
    for row in opinion_rows:
        style += [("SPAN", (1, row), (3, row)), ("VALIGN", (1, row), (3, row), "TOP")]
    # repeatRows: the column headings are printed again at the top of every continuation page.
    table = Table(rows, colWidths=col_widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    story.append(table)
    running_head = f"{doc.base_name}　{doc.title}（续）"

    def later_pages(canvas, _doc):
        # Continuation pages say which form and base they belong to, in case the sheets get separated.
        canvas.saveState()
        canvas.setFont(st["small"].fontName, 9)
        canvas.setFillColor(colors.dimgrey)
        canvas.drawString(MARGIN, A4[1] - 12 * mm, running_head)
        canvas.restoreState()

    template.build(story, onLaterPages=later_pages, canvasmaker=numbered_canvas(st["body"].fontName))
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# Spreadsheets
# --------------------------------------------------------------------------------------------------


def plan_table_by_level_xlsx(title: str, bases: list[PlanTableBase]) -> bytes:
    """培训基地 | 培训等级 | 职业（工种） | 培训计划, the layout of 德州 附件1.

    As in the notice, the base cell is merged over its rows and its 合计 row, and consecutive rows of one
    level share a merged level cell.
    """
    header = ["培训基地", "培训等级", "职业（工种）", "培训计划"]
    wb, ws = titled_sheet(title, "培训计划表", header, [30, 16, 20, 12])
    total = 0
    for base in bases:
        first = ws.max_row + 1
        for level, occupation, count in base.lines:
            ws.append(safe_row(ws, [None, level, occupation, count]))
        # Consecutive rows of the same level share one merged level cell.
        row = first
        while row < first + len(base.lines):
            end = row
            while end + 1 < first + len(base.lines) and ws.cell(end + 1, 2).value == ws.cell(row, 2).value:
                end += 1
            if end > row:
                ws.merge_cells(start_row=row, start_column=2, end_row=end, end_column=2)
            row = end + 1
        subtotal = sum(count for _, _, count in base.lines)
        total += subtotal
        ws.append([None, "合计", None, subtotal])
        last = ws.max_row
        ws.merge_cells(start_row=last, start_column=2, end_row=last, end_column=3)
        as_text(ws.cell(first, 1, safe_value(base.name)))
        if last > first:
            ws.merge_cells(start_row=first, start_column=1, end_row=last, end_column=1)
        for col in (2, 4):
            ws.cell(last, col).font = SHEET_BOLD
    ws.append(["总计", None, None, total])
    last = ws.max_row
    ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=3)
    ws.cell(last, 1).font = SHEET_BOLD
    ws.cell(last, 4).font = SHEET_BOLD
    return titled_sheet_bytes(wb, ws, len(header))


def plan_table_by_base_xlsx(title: str, rows: list[BaseListRow], *, count_header: str = "培训计划") -> bytes:
    """序号 | 培训基地 | <count_header> | 备注, numbered rows and a 合计 row: the layout of 潍坊 附件1, whose
    count column reads "青年技师素质提升 培训计划"."""
    header = ["序号", "培训基地", count_header, "备注"]
    wb, ws = titled_sheet(title, "培训基地名单", header, [8, 36, 14, 20])
    for seq, row in enumerate(rows, start=1):
        ws.append(safe_row(ws, [seq, row.name, row.count, row.remark or None]))
    ws.append(["合计", None, sum(row.count for row in rows), None])
    last = ws.max_row
    ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=2)
    ws.cell(last, 1).font = SHEET_BOLD
    ws.cell(last, 3).font = SHEET_BOLD
    return titled_sheet_bytes(wb, ws, len(header))


# --------------------------------------------------------------------------------------------------
# 公示 (public notice of the bases chosen), printable with the issuing bureau's seal
# --------------------------------------------------------------------------------------------------


@dataclass
class NoticeRowDoc:
    base_name: str
    county: str
    lines: str  # "焊工（技师）20人；…"
    total: int


@dataclass
class NoticeDoc:
    title: str
    bureau: str
    intro: str
    rows: list[NoticeRowDoc]
    starts_on: date
    ends_on: date
    objection_phone: str
    objection_address: str
    issued_on: date
    seal_image: bytes | None = None


class _BureauSignature(Flowable):
    """The issuing bureau and date at the right, the bureau's seal over them."""

    SEAL_RADIUS = 19 * mm
    HEIGHT = 44 * mm

    def __init__(self, doc: NoticeDoc, style: ParagraphStyle):
        super().__init__()
        self.doc, self.style = doc, style

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return self.width, self.HEIGHT

    def draw(self):
        canvas = self.canv
        font, size = self.style.fontName, self.style.fontSize
        right = self.width - 4 * mm
        canvas.setFont(font, size)
        canvas.setFillColor(BLACK)
        canvas.drawRightString(right, 16 * mm, self.doc.bureau)
        canvas.drawRightString(right, 9 * mm, cn_date(self.doc.issued_on))
        width = max(canvas.stringWidth(self.doc.bureau, font, size), 2 * self.SEAL_RADIUS)
        draw_seal(
            canvas,
            right - width / 2,
            15 * mm,
            self.SEAL_RADIUS,
            self.doc.bureau,
            image_bytes=self.doc.seal_image,
        )


def public_notice_pdf(doc: NoticeDoc) -> bytes:
    """The public notice as the bureau posts it: title, the bases and their places, the period, where
    and how to object, and the issuing bureau's seal. A4 portrait, embedded CJK font."""
    st = document_styles()
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=doc.title,
        author=doc.bureau,
    )
    header = ["序号", "培训基地", "所在县区", "培训职业（工种）及等级", "人数"]
    data = [[paragraph(h, st["head"]) for h in header]]
    for number, row in enumerate(doc.rows, start=1):
        data.append(
            [
                paragraph(str(number), st["cell"]),
                paragraph(row.base_name, st["cell_left"]),
                paragraph(row.county, st["cell"]),
                paragraph(row.lines, st["cell_left"]),
                paragraph(str(row.total), st["cell"]),
            ]
        )
    data.append(
        [
            paragraph("合计", st["cell"]),
            "",
            "",
            "",
            paragraph(str(sum(r.total for r in doc.rows)), st["cell"]),
        ]
    )
    table = Table(data, colWidths=[12 * mm, 48 * mm, 26 * mm, 72 * mm, 12 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, BLACK),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("SPAN", (0, len(data) - 1), (3, len(data) - 1)),
            ]
        )
    )
    period = f"公示期为 {cn_date(doc.starts_on)} 至 {cn_date(doc.ends_on)}。"
    contact = (
        "公示期间，对公示内容有异议的，请以书面形式实名向"
        f"{doc.bureau}反映（受理地址：{doc.objection_address or '—'}；"
        f"受理电话：{doc.objection_phone or '—'}），"
        "并提供必要的证据材料。"
    )
    story = [
        paragraph(doc.title, st["title"]),
        Spacer(1, 6 * mm),
        paragraph(doc.intro, st["body"]),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 5 * mm),
        paragraph(period, st["body"]),
        paragraph(contact, st["body"]),
        Spacer(1, 6 * mm),
        _BureauSignature(doc, st["body"]),
    ]
    pdf.build(story)
    return buffer.getvalue()
