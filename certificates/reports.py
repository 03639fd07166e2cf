"""The PDF of a published list of those who passed (德州 四(四) "由市人力资源社会保障局发文公布")."""

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from core.pdf import MARGIN, cn_date, document_styles, numbered_canvas, paragraph, register_cjk_font

from .models import PassersList

HEADER = ("序号", "姓名", "身份证号码", "培训基地", "职业（工种）", "等级")


def passers_list_pdf(passers: PassersList, rows: list[dict]) -> bytes:
    styles = document_styles()
    font = register_cjk_font()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=passers.title,
    )  # fmt: skip
    data = [[paragraph(h, styles["head"]) for h in HEADER]]
    for number, row in enumerate(rows, start=1):
        data.append(
            [
                paragraph(str(number), styles["cell"]),
                paragraph(row["name"], styles["cell"]),
                paragraph(row["id_number"], styles["cell"]),
                paragraph(row["base"], styles["cell_left"]),
                paragraph(row["occupation"], styles["cell"]),
                paragraph(row["level"], styles["cell"]),
            ]
        )
    table = Table(data, colWidths=[12 * mm, 22 * mm, 46 * mm, 44 * mm, 26 * mm, 20 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), font),
            ]
        )
    )
    city = passers.program.city.display_name
    story = [
        paragraph(passers.title, styles["title"]),
        Spacer(1, 4 * mm),
        paragraph(
            f"经培训考评，以下 {len(rows)} 名学员考评合格，现予公布，颁发“金蓝领”培训合格证书。",
            styles["body"],
        ),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 8 * mm),
        paragraph(city, styles["right"]),
        paragraph(cn_date(passers.published_on), styles["right"]),
    ]
    doc.build(story, canvasmaker=numbered_canvas(font))
    return buffer.getvalue()
