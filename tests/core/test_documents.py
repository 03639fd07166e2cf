"""Document builders (core.pdf, bases.documents, trainees.documents): plain data in, bytes out, no database.

PDFs are checked the way a reader sees them: poppler's pdftotext for the words, pdffonts for embedding,
pdfinfo for the page count and pdftoppm + Pillow for what is printed in red.
"""

import io
import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

import core.pdf
from bases.documents import (
    BaseListRow,
    OpinionDoc,
    PlanDoc,
    PlanLineDoc,
    PlanTableBase,
    plan_application_pdf,
    plan_table_by_base_xlsx,
    plan_table_by_level_xlsx,
)
from core.pdf import cn_date, draw_seal, register_cjk_font, seal_svg
from trainees.documents import CommitmentLetterDoc, commitment_letters_pdf

DATA = Path(__file__).resolve().parents[2] / "bases" / "data"
TITLE = "2023年全市“金蓝领”技师培训计划申报表"
BASE = "临沂市技师学院"
COUNTY = "临沂市兰山区人力资源和社会保障局"
DEZHOU_LEVELS = {2: "技师/二级", 1: "高级技师/一级"}
# pdffonts columns: name, type, encoding, emb, sub, uni. reportlab always lists an unused Helvetica in the
# page resources; what matters is that the font carrying the Chinese glyphs is embedded.
EMBEDDED = r"WenQuanYi\S*\s+(CID )?TrueType\s+\S+\s+yes"
NOT_EMBEDDED = r"WenQuanYi\S*\s+(CID )?TrueType\s+\S+\s+no"


def run(*args: str, data: bytes, tmp_path: Path, name: str = "doc.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run([*args, str(path)], check=True, capture_output=True, text=True).stdout


def pdf_text(data: bytes, tmp_path: Path, mode: str = "-layout") -> str:
    """-layout keeps a table row on one line (occupation next to its count); -raw keeps drawing order,
    which keeps a wrapped cell's lines together where -layout would interleave them with the seal's
    arched characters or with the neighbouring column."""
    path = tmp_path / "text.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", mode, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def flat_text(data: bytes, tmp_path: Path) -> str:
    return re.sub(r"\s+", "", pdf_text(data, tmp_path, "-raw"))


def page_count(data: bytes, tmp_path: Path) -> int:
    info = run("pdfinfo", data=data, tmp_path=tmp_path, name="info.pdf")
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def rasterise(data: bytes, tmp_path: Path, dpi: int = 50) -> list[Image.Image]:
    path = tmp_path / "raster.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(tmp_path / "page")], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob("page*.png"))]


def is_red(pixel: tuple[int, int, int]) -> bool:
    r, g, b = pixel
    return r > 150 and g < 100 and b < 100


def red_pixels(image: Image.Image, box: tuple[int, int, int, int] | None = None) -> int:
    region = image.crop(box) if box else image
    raw = region.tobytes()  # RGB triples, row by row
    return sum(1 for i in range(0, len(raw), 3) if is_red((raw[i], raw[i + 1], raw[i + 2])))


def make_plan(lines: list[PlanLineDoc], *, base_stamped: bool = True, county_stamped: bool = True) -> PlanDoc:
    return PlanDoc(
        title=TITLE,
        base_name=BASE,
        program_name="2023年临沂市“金蓝领”技师培训",
        lines=lines,
        base_opinion=OpinionDoc(
            "同意申报，本基地具备相应培训条件。", BASE, date(2023, 4, 24) if base_stamped else None
        ),
        county_opinion=OpinionDoc(
            "经审核，同意该基地申报。" if county_stamped else "",
            COUNTY,
            date(2023, 4, 26) if county_stamped else None,
        ),
        number="LY2023-07",
    )


LINES = [
    PlanLineDoc("焊工", "技师", 30, date(2023, 5, 15), date(2023, 9, 30)),
    PlanLineDoc("电工", "技师", 25, date(2023, 5, 20), date(2023, 9, 20), "线上线下结合"),
    PlanLineDoc("中式烹调师", "高级技师", 12, date(2023, 6, 1), date(2023, 9, 30)),
]


# --------------------------------------------------------------------------------------------------
# core.pdf
# --------------------------------------------------------------------------------------------------


def test_cn_date_has_no_leading_zeros():
    assert cn_date(date(2023, 4, 21)) == "2023年4月21日"
    assert cn_date(date(2021, 11, 5)) == "2021年11月5日"


def test_register_cjk_font_is_idempotent():
    assert register_cjk_font() == "CJK"
    assert register_cjk_font() == "CJK"


def test_missing_font_is_a_clear_error(monkeypatch, settings):
    monkeypatch.setattr(core.pdf, "_registered", False)
    settings.CJK_FONT_PATH = "/nonexistent/font.ttf"
    with pytest.raises(RuntimeError, match=r"CJK font not found at '/nonexistent/font.ttf'"):
        register_cjk_font()


def seal_page(**kwargs) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    # A black line of text under the stamp, as on a real form: the seal must still read as red over it.
    register_cjk_font()
    canvas.setFont("CJK", 12)
    canvas.drawString(250, 595, "2023年4月26日")
    draw_seal(canvas, 300, 600, 60, COUNTY, **kwargs)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def seal_png() -> bytes:
    # A scanned seal as base staff upload it: red ring on a transparent background.
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 190, 190), outline=(220, 20, 20, 255), width=14)
    draw.regular_polygon((100, 100, 35), 5, fill=(220, 20, 20, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("kind", ["drawn", "image"])
def test_seal_is_red_where_stamped_and_nowhere_else(kind, tmp_path):
    data = seal_page(image_bytes=seal_png() if kind == "image" else None)
    (page,) = rasterise(data, tmp_path)
    scale = 50 / 72  # points → pixels at 50 dpi
    height = page.height
    # The seal: centre (300, 600) pt, radius 60 pt; pixel rows count from the top of the page.
    cx, cy, r = 300 * scale, height - 600 * scale, 60 * scale
    seal_box = (int(cx - r), int(cy - r), int(cx + r) + 1, int(cy + r) + 1)
    assert red_pixels(page, seal_box) > 50
    # The ring itself is red: sample the top of the circle's box band.
    assert red_pixels(page, (int(cx - 5), int(cy - r), int(cx + 5), int(cy - r * 0.8))) > 0
    corner = (0, 0, page.width // 3, page.height // 4)
    assert red_pixels(page, corner) == 0
    # Nothing red outside the seal's box at all.
    outside = red_pixels(page) - red_pixels(page, seal_box)
    assert outside == 0


def test_drawn_seal_uses_the_embedded_font(tmp_path):
    fonts = run("pdffonts", data=seal_page(), tmp_path=tmp_path)
    assert re.search(EMBEDDED, fonts), fonts


def test_seal_svg_is_self_contained():
    svg = seal_svg(COUNTY)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    # The name is drawn one character per <text> along the arc, and also given whole for screen readers.
    assert COUNTY in svg
    assert all(f">{char}</text>" in svg for char in COUNTY)
    assert svg.count("http") == 1 and 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert "href" not in svg and "url(" not in svg


def test_seal_svg_escapes_markup():
    svg = seal_svg("A&B<基地>")
    assert "A&amp;B&lt;基地&gt;" in svg and "<基地>" not in svg


# --------------------------------------------------------------------------------------------------
# 临沂 申报表
# --------------------------------------------------------------------------------------------------


def test_plan_pdf_contains_the_form(tmp_path):
    data = plan_application_pdf(make_plan(LINES))
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    flat = flat_text(data, tmp_path)
    assert TITLE in flat
    assert f"培训基地（盖章）：{BASE}" in flat
    for heading in ("拟培训职业（工种）", "拟培训人数", "拟培训起止时间", "备注"):
        assert heading in flat
    for line in LINES:
        row = next(t for t in text.splitlines() if f"{line.occupation}（{line.level}）" in t)
        assert re.search(rf"\b{line.count}\b", row), row
    assert "2023年5月15日至2023年9月30日" in flat
    assert "线上线下结合" in flat
    total_row = next(t for t in text.splitlines() if "合计" in t)
    assert re.search(r"\b67\b", total_row)
    assert "“金蓝领”培训基地意见" in flat
    assert "县区人力资源社会保障部门审核意见" in flat
    assert "同意申报，本基地具备相应培训条件。" in flat
    assert "经审核，同意该基地申报。" in flat
    assert "2023年4月24日" in flat and "2023年4月26日" in flat
    assert flat.count("（公章）") == 2


def test_plan_pdf_embeds_the_cjk_font(tmp_path):
    fonts = run("pdffonts", data=plan_application_pdf(make_plan(LINES)), tmp_path=tmp_path)
    assert re.search(EMBEDDED, fonts), fonts
    assert not re.search(NOT_EMBEDDED, fonts), fonts


def test_long_plan_flows_onto_more_pages(tmp_path):
    lines = [
        PlanLineDoc(f"职业{i:02d}", "技师", 10 + i % 3, date(2023, 5, 15), date(2023, 9, 30))
        for i in range(60)
    ]
    data = plan_application_pdf(make_plan(lines))
    assert page_count(data, tmp_path) > 1
    text = pdf_text(data, tmp_path)
    for i in range(60):
        assert f"职业{i:02d}（技师）" in text
    total = sum(line.count for line in lines)
    total_row = next(t for t in text.splitlines() if "合计" in t)
    assert re.search(rf"\b{total}\b", total_row)
    # The column headings repeat on every page.
    pages = text.split("\f")
    assert all("拟培训职业（工种）" in page for page in pages if page.strip())


def test_unstamped_opinion_has_blank_date_and_no_seal(tmp_path):
    """Red ink is the robust sign of a seal: everything else on the form is printed in black and grey.

    Looking for the organisation's name in the text is not robust (pdftotext orders the rotated glyphs of
    the arc unpredictably, and the drawing operators are an implementation detail), so the page is
    rasterised and its red pixels counted.
    """
    unstamped = plan_application_pdf(make_plan(LINES, base_stamped=False, county_stamped=False))
    flat = flat_text(unstamped, tmp_path)
    assert "2023年4月24日" not in flat and "2023年4月26日" not in flat
    assert flat.count("年月日") == 2  # the blank dates, 年 月 日, for the reviewers to fill in
    assert flat.count("（公章）") == 2
    (tmp_path / "none").mkdir()
    (page,) = rasterise(unstamped, tmp_path / "none")
    assert red_pixels(page) == 0

    county_only = plan_application_pdf(make_plan(LINES, base_stamped=False, county_stamped=True))
    (tmp_path / "county").mkdir()
    (page,) = rasterise(county_only, tmp_path / "county")
    red = [(x, y) for y in range(page.height) for x in range(page.width) if is_red(page.getpixel((x, y)))]
    assert len(red) > 50
    # The red is in one circle near the bottom right of the page content: the county box's date area.
    xs, ys = [x for x, _ in red], [y for _, y in red]
    assert min(xs) > page.width / 2
    assert max(xs) - min(xs) < page.width / 4 and max(ys) - min(ys) < page.height / 6


def test_plan_pdf_with_an_uploaded_seal_image(tmp_path):
    doc = make_plan(LINES)
    doc.county_opinion.seal_image = seal_png()
    (page,) = rasterise(plan_application_pdf(doc), tmp_path)
    assert red_pixels(page) > 100


def test_plan_pdf_escapes_markup_in_data(tmp_path):
    doc = make_plan([PlanLineDoc("A&B<焊工>", "技师", 5, None, None, "x<y")])
    text = pdf_text(plan_application_pdf(doc), tmp_path)
    assert "A&B<焊工>（技师）" in text and "x<y" in text


# --------------------------------------------------------------------------------------------------
# 德州 附件2 工作年限承诺证明
# --------------------------------------------------------------------------------------------------

PEOPLE = [
    CommitmentLetterDoc(
        "张三丰", "男", "371402198501011234", "德州市华能机械有限公司", "焊工", 12,
        "2021年度德州市“金蓝领”技师（高级技师）培训", "德州市人力资源和社会保障局", level="二级",
    ),
    CommitmentLetterDoc(
        "李小红", "女", "37140219900202222X", "齐河县宏达化工有限公司", "化工总控工", 8,
        "2021年度德州市“金蓝领”技师（高级技师）培训", "德州市人力资源和社会保障局",
    ),
    CommitmentLetterDoc(
        "王五", "男", "371421197803033333", "禹城市通裕重工股份有限公司", "电工", None,
        "2021年度德州市“金蓝领”技师（高级技师）培训", "德州市人力资源和社会保障局",
    ),
]  # fmt: skip


def test_commitment_letters_one_page_per_person(tmp_path):
    data = commitment_letters_pdf(PEOPLE)
    assert page_count(data, tmp_path) == 3
    pages = pdf_text(data, tmp_path, "-raw").split("\f")[:3]
    for person, page in zip(PEOPLE, pages, strict=True):
        flat = re.sub(r"\s+", "", page)
        assert person.name in flat
        assert person.id_number in flat
        assert person.employer in flat
        assert person.occupation in flat
        others = [p for p in PEOPLE if p is not person]
        assert not any(o.id_number in flat for o in others)
        # The notice's fixed wording, verbatim.
        assert "工作年限承诺证明" in flat
        assert (
            "本人知晓本职业（工种）“金蓝领”培训项目申报条件，保证本次填报的信息完整准确、工作履历真实" in flat
        )
        assert "该学员填报内容真实准确，如有虚假由本人和所在单位承担一切后果。" in flat
        assert "单位人力资源管理部门（盖章）：" in flat
        assert "1.表格内考生、经办人应签全名，单位应盖章，否则不予受理；" in flat
        assert "2.此证明仅作报名参加“金蓝领”项目培训凭据，不作其他用途。" in flat
    assert "累计从事本职业工作共12年" in re.sub(r"\s+", "", pages[0])
    assert "二级“金蓝领”项目培训" in re.sub(r"\s+", "", pages[0])


def test_commitment_letter_embeds_the_font(tmp_path):
    fonts = run("pdffonts", data=commitment_letters_pdf(PEOPLE[:1]), tmp_path=tmp_path)
    assert re.search(EMBEDDED, fonts), fonts
    assert not re.search(NOT_EMBEDDED, fonts), fonts


# --------------------------------------------------------------------------------------------------
# Spreadsheets
# --------------------------------------------------------------------------------------------------


def test_plan_table_by_level_draws_the_dezhou_annex_1(tmp_path):
    source = json.loads((DATA / "dezhou_2021_plan.json").read_text(encoding="utf-8"))
    bases = [
        PlanTableBase(
            base["table_name"],
            [(DEZHOU_LEVELS[line["level"]], line["occupation"], line["count"]) for line in base["lines"]],
        )
        for base in source["bases"]
    ]
    title = "2021年度德州市“金蓝领”技师（高级技师）培训计划表"
    wb = load_workbook(io.BytesIO(plan_table_by_level_xlsx(title, bases)))
    ws = wb.active
    assert ws["A1"].value == title
    assert [c.value for c in ws[2]] == ["培训基地", "培训等级", "职业（工种）", "培训计划"]
    assert ws["A2"].font.bold

    # Walk the rows as a reader would: merged cells keep their value in the top-left cell only.
    found: dict[str, list[tuple[str, str, int]]] = {}
    subtotals: dict[str, int] = {}
    base = level = None
    grand_total = None
    for a, b, c, d in ws.iter_rows(min_row=3, values_only=True):
        if a == "总计":
            grand_total = d
            continue
        base = a or base
        if b == "合计":
            subtotals[base] = d
            continue
        level = b or level
        found.setdefault(base, []).append((level, c, d))

    assert found == {b.name: b.lines for b in bases}
    for b in bases:
        assert subtotals[b.name] == sum(count for _, _, count in b.lines)
    assert subtotals["德州职业技术学校（德州市技师学院）"] == 1020
    assert grand_total == 1520 == source["total"]

    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:D1" in merged
    assert "A3:A21" in merged  # first base: 18 lines + its 合计 row
    assert "B3:B14" in merged and "B15:B20" in merged  # 12 技师 rows, then 6 高级技师 rows


def test_plan_table_by_base_draws_the_weifang_annex_1(tmp_path):
    source = json.loads((DATA / "weifang_2020_bases.json").read_text(encoding="utf-8"))
    rows = [BaseListRow(b["name"], b["count"], b["remark"]) for b in source["bases"]]
    title = "2020年度“潍坊市青年技师素质提升计划”培训基地名单及培训计划"
    ws = load_workbook(
        io.BytesIO(plan_table_by_base_xlsx(title, rows, count_header="青年技师素质提升培训计划"))
    ).active
    assert ws["A1"].value == title
    assert [c.value for c in ws[2]] == ["序号", "培训基地", "青年技师素质提升培训计划", "备注"]
    body = list(ws.iter_rows(min_row=3, values_only=True))
    numbered = [r for r in body if isinstance(r[0], int)]
    assert [r[0] for r in numbered] == list(range(1, 8))
    assert [(r[1], r[2]) for r in numbered] == [(b["name"], b["count"]) for b in source["bases"]]
    assert body[-1][0] == "合计" and body[-1][2] == 800
    assert len(body) == 8
