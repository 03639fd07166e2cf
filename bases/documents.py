"""Document builders for plans and registration: the forms the notices attach, filled from plain data.

Every builder takes the dataclasses below (never Django models) and returns the file's bytes, so views,
background jobs and tests can all call them without a database.

- plan_application_pdf: 临沂 2023 附件1 《“金蓝领”技师培训计划申报表》 with the two stamped opinion boxes.
- commitment_letters_pdf: 德州 2021 附件2 工作年限承诺证明, one page per trainee.
- plan_table_by_level_xlsx: the plan table by base, level and occupation with subtotals (德州 2021 附件1).
- plan_table_by_base_xlsx: one number per base (潍坊 2020 附件1 培训基地名单及培训计划).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.pdf import RepeatedPages, cn_date, draw_seal, register_cjk_font
from core.xlsx import as_text, safe_row, safe_value

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
class OpinionDoc:
    """One review box. stamped_on None means not yet stamped: blank "年 月 日" and no seal."""

    text: str
    organisation: str
    stamped_on: date | None
    seal_image: bytes | None = None


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
class CommitmentLetterDoc:
    """德州 附件2 filled for one trainee.

    The notice's form has no 性别 or 单位 blank: the employer goes into the first row of the work history
    (单位名称), and sex is not printed (the ID number carries it). level fills the "____级" blank
    (e.g. "二" or "技师"); it is optional because the occupation alone identifies most applications.
    """

    name: str
    sex: str
    id_number: str
    employer: str
    occupation: str
    years: int | None
    program_name: str
    city_bureau: str
    level: str = ""


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
# PDF helpers
# --------------------------------------------------------------------------------------------------

MARGIN = 20 * mm
BLACK = colors.black


def _styles() -> dict[str, ParagraphStyle]:
    font = register_cjk_font()
    # wordWrap="CJK" lets Chinese text break between any two characters (there are no spaces).
    base = ParagraphStyle("cjk", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=24, alignment=TA_CENTER),
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, alignment=TA_CENTER),
        "cell_left": ParagraphStyle("cell_left", parent=base, alignment=TA_LEFT),
        "head": ParagraphStyle("head", parent=base, fontSize=11, alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=12, textColor=colors.dimgrey),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    # Paragraph parses a mini-markup: data must be escaped (an & or < in a base name would break it).
    return Paragraph(escape(text), style)


def _date_range(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{cn_date(start)}至{cn_date(end)}"
    if start:
        return f"{cn_date(start)}起"
    if end:
        return f"至{cn_date(end)}"
    return ""


def _gap(n: int) -> str:
    # Paragraph collapses runs of ordinary and ideographic spaces; &nbsp; keeps a handwriting gap open.
    return "&nbsp;" * n


def _numbered_canvas(label_font: str):
    """A canvas class that writes "第 n 页 共 m 页" once the page count is known (pages are buffered)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # reportlab's name: buffer the page instead of emitting it
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if total > 1:
                    self.setFont(label_font, 9)
                    self.setFillColor(colors.dimgrey)
                    self.drawCentredString(A4[0] / 2, 12 * mm, f"第 {self._pageNumber} 页  共 {total} 页")
                super().showPage()
            super().save()

    return NumberedCanvas


class OpinionBox(Flowable):
    """The content of an opinion cell: the text, then "（公章）" and the date at the bottom right.

    Drawn by hand (not as Paragraphs) because the seal must sit over the date, and only this flowable
    knows where the date ends up on the page once the table has been laid out.
    """

    SEAL_RADIUS = 15 * mm
    # The seal's centre sits this high above the box bottom, so the whole circle stays inside the cell.
    SEAL_CENTRE = 15 * mm
    MIN_HEIGHT = 40 * mm

    def __init__(self, opinion: OpinionDoc, styles: dict[str, ParagraphStyle]):
        super().__init__()
        self.opinion = opinion
        self.style = styles["body"]
        self.text = Paragraph(escape(opinion.text).replace("\n", "<br/>"), styles["body"])
        self.date_text = cn_date(opinion.stamped_on) if opinion.stamped_on else "年　　月　　日"

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        _, self.text_height = self.text.wrap(avail_width, avail_height)
        # Room under the text for the 公章 line, the date line and the seal that covers them.
        self.height = max(self.MIN_HEIGHT, self.text_height + self.SEAL_CENTRE + self.SEAL_RADIUS + 2 * mm)
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        self.text.drawOn(canvas, 0, self.height - self.text_height)
        font, size = self.style.fontName, self.style.fontSize
        right = self.width - 6 * mm
        date_y = 4 * mm
        canvas.setFont(font, size)
        canvas.setFillColor(BLACK)
        canvas.drawRightString(right, date_y + 7 * mm, "（公章）")
        canvas.drawRightString(right, date_y, self.date_text)
        if self.opinion.stamped_on:
            # Centred over the 公章/date lines, as a clerk stamps "骑年盖月" over the date.
            date_width = canvas.stringWidth(self.date_text, font, size)
            x = right - max(date_width, 2 * self.SEAL_RADIUS) / 2
            draw_seal(
                canvas,
                x,
                self.SEAL_CENTRE,
                self.SEAL_RADIUS,
                self.opinion.organisation,
                image_bytes=self.opinion.seal_image,
            )


# --------------------------------------------------------------------------------------------------
# 临沂 附件1 培训计划申报表
# --------------------------------------------------------------------------------------------------


def plan_application_pdf(doc: PlanDoc) -> bytes:
    """The plan application form (临沂 2023 附件1 layout), A4 portrait; long plans continue on more pages."""
    st = _styles()
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
        story.append(_p(f"编号：{doc.number}", st["right"]))
    story += [
        _p(doc.title, st["title"]),
        Spacer(1, 4 * mm),
        _p(f"培训基地（盖章）：{doc.base_name}", st["body"]),
        Spacer(1, 3 * mm),
    ]

    width = A4[0] - 2 * MARGIN
    col_widths = [width * f for f in (0.30, 0.14, 0.38, 0.18)]
    rows: list[list] = [
        [_p(h, st["head"]) for h in ("拟培训职业（工种）", "拟培训人数", "拟培训起止时间", "备注")]
    ]
    for line in doc.lines:
        occupation = f"{line.occupation}（{line.level}）" if line.level else line.occupation
        rows.append(
            [
                _p(occupation, st["cell"]),
                _p(str(line.count), st["cell"]),
                _p(_date_range(line.start, line.end), st["cell"]),
                _p(line.remark, st["cell"]),
            ]
        )
    total_row = len(rows)
    rows.append([_p("合计", st["head"]), _p(str(sum(line.count for line in doc.lines)), st["cell"]), "", ""])
    opinion_rows = []
    for label, opinion in (
        ("“金蓝领”培训基地意见", doc.base_opinion),
        ("县区人力资源社会保障部门审核意见", doc.county_opinion),
    ):
        opinion_rows.append(len(rows))
        rows.append([_p(label, st["head"]), OpinionBox(opinion, st), "", ""])

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

    template.build(story, onLaterPages=later_pages, canvasmaker=_numbered_canvas(st["body"].fontName))
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# 德州 附件2 工作年限承诺证明
# --------------------------------------------------------------------------------------------------


def _blank(value: str, width: int) -> str:
    """A filled-in blank: the value underlined, or an empty underlined gap of about `width` characters."""
    if value:
        return f"<u>&nbsp;{escape(value)}&nbsp;</u>"
    return "<u>" + "&nbsp;" * width + "</u>"


def _letter_styles(st: dict[str, ParagraphStyle]) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("letter", parent=st["body"], fontSize=12, leading=26, firstLineIndent=24)
    box = ParagraphStyle("lbox", parent=st["body"], fontSize=11, leading=20, firstLineIndent=22)
    return {
        "body": body,
        # A very long occupation or employer name still fits the intro's box, one size smaller.
        "body_small": ParagraphStyle("letter_small", parent=body, fontSize=11, leading=21),
        "cell": ParagraphStyle("lcell", parent=st["body"], fontSize=11, leading=16, alignment=TA_CENTER),
        "box": box,
        "box_plain": ParagraphStyle("lbox2", parent=box, firstLineIndent=0),
        "note": ParagraphStyle("lnote", parent=st["body"], fontSize=10.5, leading=17),
        "title": ParagraphStyle("ltitle", parent=st["title"], fontSize=20, leading=28),
        "small": st["small"],
    }


# The letter's layout, from the top of the page. The intro (the only text whose length varies) gets a box
# of four lines, so that everything below it sits at the same place on every page and can be drawn once.
_LETTER_TOP = A4[1] - 15 * mm
_LETTER_WIDTH = A4[0] - 2 * MARGIN
_TITLE_TOP = _LETTER_TOP - 12 - 6 * mm
_INTRO_TOP = _TITLE_TOP - 28 - 8 * mm
_INTRO_HEIGHT = 4 * 26
_TABLE_TOP = _INTRO_TOP - _INTRO_HEIGHT - 4 * mm
_ROW = 13 * mm
_COLUMNS = [_LETTER_WIDTH * f for f in (0.30, 0.30, 0.20, 0.20)]


def _letter_table(ls: dict[str, ParagraphStyle]) -> Table:
    """The work-history table with its fixed wording; the employer cell is left empty (drawn per page)."""
    cell, box, box_plain = ls["cell"], ls["box"], ls["box_plain"]
    period = f"{_gap(6)}年{_gap(3)}月至{_gap(6)}年{_gap(3)}月"
    history = [
        [Paragraph(h, cell) for h in ("起止年月", "单位名称", "单位所在县（市、区）", "从事何种岗位工作")]
    ]
    history += [[Paragraph(period, cell), "", "", ""] for _ in range(5)]

    def stack(*items: tuple[str, ParagraphStyle] | float) -> list:
        return [Spacer(1, i) if isinstance(i, float) else Paragraph(i[0], i[1]) for i in items]

    date_line = (
        f"年{_gap(6)}月{_gap(6)}日{_gap(2)}",
        ParagraphStyle("ldate", parent=box_plain, alignment=TA_RIGHT),
    )
    left = stack(
        (
            "本人知晓本职业（工种）“金蓝领”培训项目申报条件，保证本次填报的信息完整准确、工作履历真实，"
            "如有虚假，愿意接受被取消申报资格。",
            box,
        ),
        14 * mm,
        ("考生签名：", box_plain),
        12 * mm,
        ("联系电话：", box_plain),
        22 * mm,  # the right column has one more spacer: this keeps both date lines level
        date_line,
    )
    right = stack(
        ("该学员填报内容真实准确，如有虚假由本人和所在单位承担一切后果。", box),
        8 * mm,
        ("单位人力资源管理部门（盖章）：", box_plain),
        14 * mm,
        ("经办人签字：", box_plain),
        12 * mm,
        ("联系电话：", box_plain),
        14 * mm,
        date_line,
    )
    history.append([left, "", right, ""])
    table = Table(history, colWidths=_COLUMNS, rowHeights=[_ROW] * 6 + [None])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.8, BLACK),
                ("VALIGN", (0, 0), (-1, -2), "MIDDLE"),
                ("VALIGN", (0, -1), (-1, -1), "TOP"),
                ("SPAN", (0, -1), (1, -1)),
                ("SPAN", (2, -1), (3, -1)),
                ("LEFTPADDING", (0, -1), (-1, -1), 8),
                ("RIGHTPADDING", (0, -1), (-1, -1), 8),
                ("TOPPADDING", (0, -1), (-1, -1), 8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
            ]
        )
    )
    return table


def _draw_letter_static(canvas: Canvas, ls: dict[str, ParagraphStyle]) -> None:
    """Everything on the letter that is the same for every trainee: title, table, wording, notes."""
    title = _p("工作年限承诺证明", ls["title"])
    _, height = title.wrap(_LETTER_WIDTH, _LETTER_TOP)
    title.drawOn(canvas, MARGIN, _TITLE_TOP - height)
    table = _letter_table(ls)
    _, height = table.wrap(_LETTER_WIDTH, _TABLE_TOP)
    table.drawOn(canvas, MARGIN, _TABLE_TOP - height)
    y = _TABLE_TOP - height - 4 * mm
    for note in (
        "1.表格内考生、经办人应签全名，单位应盖章，否则不予受理；",
        "2.此证明仅作报名参加“金蓝领”项目培训凭据，不作其他用途。",
    ):
        paragraph = _p(note, ls["note"])
        _, height = paragraph.wrap(_LETTER_WIDTH, y)
        y -= height
        paragraph.drawOn(canvas, MARGIN, y)


def _draw_letter_fields(canvas: Canvas, letter: CommitmentLetterDoc, ls: dict[str, ParagraphStyle]) -> None:
    """What differs per trainee: the programme line, the filled-in intro and the first employer."""
    header = " ".join(part for part in (letter.city_bureau, letter.program_name) if part)
    small = ls["small"]
    canvas.setFont(small.fontName, small.fontSize)
    canvas.setFillColor(small.textColor)
    canvas.drawString(MARGIN, _LETTER_TOP - small.fontSize, header)
    level = letter.level.removesuffix("级")
    years = "" if letter.years is None else str(letter.years)
    intro = (
        f"姓名：{_blank(letter.name, 10)}，身份证号：{_blank(letter.id_number, 24)}，"
        f"现申请参加{_blank(letter.occupation, 16)}(职业/工种){_blank(level, 5)}级“金蓝领”项目培训，"
        f"累计从事本职业工作共{_blank(years, 5)}年，工作简历如下："
    )
    for style in (ls["body"], ls["body_small"]):
        paragraph = Paragraph(intro, style)
        _, height = paragraph.wrap(_LETTER_WIDTH, _INTRO_HEIGHT)
        if height <= _INTRO_HEIGHT + 1:
            break
    paragraph.drawOn(canvas, MARGIN, _INTRO_TOP - height)
    if letter.employer:
        employer = _p(letter.employer, ls["cell"])
        _, height = employer.wrap(_COLUMNS[1] - 12, _ROW)
        row_middle = _TABLE_TOP - 1.5 * _ROW
        employer.drawOn(canvas, MARGIN + _COLUMNS[0] + 6, row_middle - height / 2)


def commitment_letters_pdf(letters: list[CommitmentLetterDoc], target=None) -> bytes | None:
    """德州 附件2 工作年限承诺证明 pre-filled, one A4 page per person, signatures and dates left blank.

    The form is drawn once and reused on every page (core.pdf.RepeatedPages); each page draws only the
    trainee's fields. With ``target`` (a file) the PDF is written there and nothing is returned."""
    ls = _letter_styles(_styles())
    buffer = target or io.BytesIO()
    pages = RepeatedPages(buffer, lambda canvas: _draw_letter_static(canvas, ls), title="工作年限承诺证明")
    for letter in letters:
        pages.add(lambda canvas, letter=letter: _draw_letter_fields(canvas, letter, ls))
    pages.save()
    return None if target is not None else buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# Spreadsheets
# --------------------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_BOLD = Font(name="宋体", bold=True, size=11)
_NORMAL = Font(name="宋体", size=11)
_TITLE = Font(name="宋体", bold=True, size=16)


def _sheet(title: str, sheet_title: str, header: list[str], widths: list[int]):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    ws.append(safe_row(ws, [title]))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font = _TITLE
    ws["A1"].alignment = _CENTER
    ws.row_dimensions[1].height = 40
    ws.append(safe_row(ws, header))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
        ws.cell(row=2, column=col).font = _BOLD
    ws.row_dimensions[2].height = 24
    # Printed on paper for filing: header repeated on every page, fitted to the page width.
    ws.print_title_rows = "2:2"
    ws.freeze_panes = "A3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return wb, ws


def _finish(wb: Workbook, ws, ncols: int) -> bytes:
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row, max_col=ncols):
        for cell in row:
            cell.border = _BORDER
            cell.alignment = _CENTER
            if cell.font != _BOLD:
                cell.font = _NORMAL
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def plan_table_by_level_xlsx(title: str, bases: list[PlanTableBase]) -> bytes:
    """培训基地 | 培训等级 | 职业（工种） | 培训计划, the layout of 德州 附件1.

    As in the notice, the base cell is merged over its rows and its 合计 row, and consecutive rows of one
    level share a merged level cell.
    """
    header = ["培训基地", "培训等级", "职业（工种）", "培训计划"]
    wb, ws = _sheet(title, "培训计划表", header, [30, 16, 20, 12])
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
            ws.cell(last, col).font = _BOLD
    ws.append(["总计", None, None, total])
    last = ws.max_row
    ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=3)
    ws.cell(last, 1).font = _BOLD
    ws.cell(last, 4).font = _BOLD
    return _finish(wb, ws, len(header))


def plan_table_by_base_xlsx(title: str, rows: list[BaseListRow], *, count_header: str = "培训计划") -> bytes:
    """序号 | 培训基地 | <count_header> | 备注, numbered rows and a 合计 row: the layout of 潍坊 附件1, whose
    count column reads "青年技师素质提升 培训计划"."""
    header = ["序号", "培训基地", count_header, "备注"]
    wb, ws = _sheet(title, "培训基地名单", header, [8, 36, 14, 20])
    for seq, row in enumerate(rows, start=1):
        ws.append(safe_row(ws, [seq, row.name, row.count, row.remark or None]))
    ws.append(["合计", None, sum(row.count for row in rows), None])
    last = ws.max_row
    ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=2)
    ws.cell(last, 1).font = _BOLD
    ws.cell(last, 3).font = _BOLD
    return _finish(wb, ws, len(header))


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
    st = _styles()
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
    data = [[_p(h, st["head"]) for h in header]]
    for number, row in enumerate(doc.rows, start=1):
        data.append(
            [
                _p(str(number), st["cell"]),
                _p(row.base_name, st["cell_left"]),
                _p(row.county, st["cell"]),
                _p(row.lines, st["cell_left"]),
                _p(str(row.total), st["cell"]),
            ]
        )
    data.append([_p("合计", st["cell"]), "", "", "", _p(str(sum(r.total for r in doc.rows)), st["cell"])])
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
        _p(doc.title, st["title"]),
        Spacer(1, 6 * mm),
        _p(doc.intro, st["body"]),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 5 * mm),
        _p(period, st["body"]),
        _p(contact, st["body"]),
        Spacer(1, 6 * mm),
        _BureauSignature(doc, st["body"]),
    ]
    pdf.build(story)
    return buffer.getvalue()
