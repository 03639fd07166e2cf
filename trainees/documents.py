"""Documents of registration: 德州 2021 附件2 工作年限承诺证明, one pre-filled page per trainee.

The builder takes plain data (never Django models) and returns the file's bytes, so the views, the
background job and the tests can all call it without a database.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from core.pdf import BLACK, MARGIN, RepeatedPages, document_styles, handwriting_gap, paragraph


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
    period = f"{handwriting_gap(6)}年{handwriting_gap(3)}月至{handwriting_gap(6)}年{handwriting_gap(3)}月"
    history = [
        [Paragraph(h, cell) for h in ("起止年月", "单位名称", "单位所在县（市、区）", "从事何种岗位工作")]
    ]
    history += [[Paragraph(period, cell), "", "", ""] for _ in range(5)]

    def stack(*items: tuple[str, ParagraphStyle] | float) -> list:
        return [Spacer(1, i) if isinstance(i, float) else Paragraph(i[0], i[1]) for i in items]

    date_line = (
        f"年{handwriting_gap(6)}月{handwriting_gap(6)}日{handwriting_gap(2)}",
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
    title = paragraph("工作年限承诺证明", ls["title"])
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
        text = paragraph(note, ls["note"])
        _, height = text.wrap(_LETTER_WIDTH, y)
        y -= height
        text.drawOn(canvas, MARGIN, y)


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
        filled = Paragraph(intro, style)
        _, height = filled.wrap(_LETTER_WIDTH, _INTRO_HEIGHT)
        if height <= _INTRO_HEIGHT + 1:
            break
    filled.drawOn(canvas, MARGIN, _INTRO_TOP - height)
    if letter.employer:
        employer = paragraph(letter.employer, ls["cell"])
        _, height = employer.wrap(_COLUMNS[1] - 12, _ROW)
        row_middle = _TABLE_TOP - 1.5 * _ROW
        employer.drawOn(canvas, MARGIN + _COLUMNS[0] + 6, row_middle - height / 2)


def commitment_letters_pdf(letters: list[CommitmentLetterDoc], target=None) -> bytes | None:
    """德州 附件2 工作年限承诺证明 pre-filled, one A4 page per person, signatures and dates left blank.

    The form is drawn once and reused on every page (core.pdf.RepeatedPages); each page draws only the
    trainee's fields. With ``target`` (a file) the PDF is written there and nothing is returned."""
    ls = _letter_styles(document_styles())
    buffer = target or io.BytesIO()
    pages = RepeatedPages(buffer, lambda canvas: _draw_letter_static(canvas, ls), title="工作年限承诺证明")
    for letter in letters:
        pages.add(lambda canvas, letter=letter: _draw_letter_fields(canvas, letter, ls))
    pages.save()
    return None if target is not None else buffer.getvalue()
