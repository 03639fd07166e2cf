"""Shared PDF plumbing: the embedded CJK font, Chinese dates and the official round seal (公章).

The font is a TrueType file embedded (subset) into every PDF, so a document looks the same on a machine
without Chinese fonts; reportlab's built-in CID fonts are not embedded and render as boxes there.
"""

from __future__ import annotations

import io
import math
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFZCompress
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

FONT_NAME = "CJK"
DEFAULT_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

# Official seals are printed in a vermilion red; alpha < 1 lets the text under the stamp show through,
# as ink does on paper.
SEAL_RGB = (0.86, 0.08, 0.08)
SEAL_ALPHA = 0.85
# The name runs along the top of the rim over this many degrees (real seals use 210°-270°).
SEAL_TEXT_SPAN = 240.0

_lock = threading.Lock()
_registered = False


def _configured_font_path() -> str:
    # Settings may be unconfigured (scripts, unit tests of the builders): fall back to the Debian font.
    try:
        from django.conf import settings

        path = getattr(settings, "CJK_FONT_PATH", None)
    except Exception:  # ImproperlyConfigured, or Django absent
        path = None
    return path or DEFAULT_FONT_PATH


def register_cjk_font() -> str:
    """Register the CJK TrueType font under the name "CJK" (once per process) and return that name."""
    global _registered
    if _registered:
        return FONT_NAME
    with _lock:
        if _registered:
            return FONT_NAME
        path = _configured_font_path()
        if not os.path.isfile(path):
            raise RuntimeError(
                f"CJK font not found at {path!r}: install Debian's fonts-wqy-microhei "
                "(apt-get install fonts-wqy-microhei) or set CJK_FONT_PATH to a TrueType .ttf/.ttc file."
            )
        # subfontIndex selects the first face of a .ttc collection; it is ignored for a plain .ttf.
        pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=0))
        _registered = True
    return FONT_NAME


def cn_date(d: date) -> str:
    """2023-04-21 → "2023年4月21日" (no leading zeros, as official documents write dates)."""
    return f"{d.year}年{d.month}月{d.day}日"


def _star_points(cx: float, cy: float, outer: float, *, y_up: bool = True) -> list[tuple[float, float]]:
    """The ten vertices of a five-pointed star with one point straight up."""
    inner = outer * 0.382  # ratio of a regular pentagram
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(90 + i * 36)
        dy = radius * math.sin(angle)
        points.append((cx + radius * math.cos(angle), cy + dy if y_up else cy - dy))
    return points


def _arc_layout(count: int, radius: float) -> tuple[list[float], float, float]:
    """Angles (degrees, counter-clockwise from +x) of each character, the glyph size and its radius.

    Characters run clockwise from the lower left to the lower right over SEAL_TEXT_SPAN degrees; a short
    name is not stretched over the whole span, which would look unlike a seal.
    """
    text_radius = radius * 0.70
    step = 0.0 if count <= 1 else min(SEAL_TEXT_SPAN / (count - 1), 34.0)
    span = step * (count - 1)
    start = 90 + span / 2
    angles = [start - i * step for i in range(count)]
    # Glyph size: what fits between neighbours on the arc, and never wider than the ring band.
    arc_per_char = math.radians(step) * text_radius if count > 1 else radius
    size = min(radius * 0.30, arc_per_char * 0.92)
    return angles, size, text_radius


def draw_seal(
    canvas,
    x_center: float,
    y_center: float,
    radius: float,
    text: str,
    *,
    image_bytes: bytes | None = None,
) -> None:
    """Stamp an official round seal centred at (x_center, y_center).

    With image_bytes (an uploaded PNG/JPEG scan of the organisation's seal) the image is fitted into the
    circle's square box; otherwise a vector seal is drawn: thick red ring, star, and the name arched
    along the top inside the rim, all semi-transparent so the stamp overlays the text beneath it.
    """
    canvas.saveState()
    try:
        if image_bytes:
            image = ImageReader(io.BytesIO(image_bytes))
            canvas.drawImage(
                image,
                x_center - radius,
                y_center - radius,
                width=2 * radius,
                height=2 * radius,
                mask="auto",
                preserveAspectRatio=True,
                anchor="c",
            )
            return
        font = register_cjk_font()
        canvas.setFillColorRGB(*SEAL_RGB)
        canvas.setStrokeColorRGB(*SEAL_RGB)
        canvas.setFillAlpha(SEAL_ALPHA)
        canvas.setStrokeAlpha(SEAL_ALPHA)

        canvas.setLineWidth(max(radius * 0.065, 1.2))
        canvas.circle(x_center, y_center, radius * 0.95, stroke=1, fill=0)

        path = canvas.beginPath()
        points = _star_points(x_center, y_center, radius * 0.30)
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)

        chars = [c for c in text if not c.isspace()]
        angles, size, text_radius = _arc_layout(len(chars), radius)
        canvas.setFont(font, size)
        for char, angle in zip(chars, angles, strict=True):
            canvas.saveState()
            theta = math.radians(angle)
            canvas.translate(
                x_center + text_radius * math.cos(theta), y_center + text_radius * math.sin(theta)
            )
            # The glyph's top points outward, its baseline tangent to the arc.
            canvas.rotate(angle - 90)
            # Centre the glyph on the arc point: half its width left, about a third of its size down.
            canvas.drawCentredString(0, -size * 0.36, char)
            canvas.restoreState()
    finally:
        canvas.restoreState()


def seal_svg(text: str, *, size: int = 160) -> str:
    """The drawn seal as a standalone SVG string (for web pages); no external references."""
    view = 200.0
    cx = cy = view / 2
    radius = 96.0
    red = "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in SEAL_RGB))
    chars = [c for c in text if not c.isspace()]
    angles, glyph, text_radius = _arc_layout(len(chars), radius)
    star = " ".join(f"{x:.2f},{y:.2f}" for x, y in _star_points(cx, cy, radius * 0.30, y_up=False))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {view:g} {view:g}" role="img" aria-label="{escape(text, {chr(34): "&quot;"})}">',
        f"<title>{escape(text)}</title>",
        f'<g fill="{red}" stroke="{red}" opacity="{SEAL_ALPHA}">',
        f'<circle cx="{cx:g}" cy="{cy:g}" r="{radius * 0.95:.2f}" fill="none" '
        f'stroke-width="{radius * 0.065:.2f}"/>',
        f'<polygon points="{star}" stroke="none"/>',
    ]
    # SVG's y axis points down: a character at angle a (counter-clockwise, y up) sits at (cos a, -sin a)
    # and is rotated clockwise by (90 - a) degrees so its top faces outward.
    for char, angle in zip(chars, angles, strict=True):
        theta = math.radians(angle)
        x = cx + text_radius * math.cos(theta)
        y = cy - text_radius * math.sin(theta)
        parts.append(
            f'<text x="0" y="{glyph * 0.36:.2f}" font-size="{glyph:.2f}" text-anchor="middle" stroke="none" '
            f"font-family=\"'WenQuanYi Micro Hei','Noto Sans CJK SC','Microsoft YaHei',sans-serif\" "
            f'transform="translate({x:.2f} {y:.2f}) rotate({90 - angle:.2f})">{escape(char)}</text>'
        )
    parts.append("</g></svg>")
    return "".join(parts)


class RepeatedPages:
    """A PDF of many pages that share a static part (a form's frame, headings and fixed wording).

    The static part is drawn once into a form XObject and every page only places it (``doForm``) and
    draws its own fields, so a page costs its fields, not its whole layout: the 承诺证明 of a base's whole
    roster, certificates, sign-in sheets. Each page's content is finished and handed to the document as
    soon as it is drawn; what stays in memory per page is only its few fields.

        pages = RepeatedPages(buffer, draw_static, title="工作年限承诺证明")
        for person in people:
            pages.add(lambda canvas: draw_fields(canvas, person))
        pages.save()
    """

    FORM_NAME = "static_part"

    def __init__(self, target, draw_static: Callable[[Canvas], None], *, pagesize=None, title: str = ""):
        from reportlab.lib.pagesizes import A4

        self.canvas = Canvas(target, pagesize=pagesize or A4)
        if title:
            self.canvas.setTitle(title)
        self.pages = 0
        self.canvas.beginForm(self.FORM_NAME)
        draw_static(self.canvas)
        self.canvas.endForm()

    def add(self, draw_fields: Callable[[Canvas], None]) -> None:
        self.canvas.doForm(self.FORM_NAME)
        self.canvas.saveState()
        draw_fields(self.canvas)
        self.canvas.restoreState()
        self.canvas.showPage()
        self._compress_last_page()
        self.pages += 1

    def _compress_last_page(self) -> None:
        """Compress the finished page's content stream now instead of at save: reportlab keeps every
        page's operators as text until the document is written, so memory would grow by the whole
        uncompressed content of the document; this way it grows by the compressed page only."""
        page = self.canvas._doc.Pages.pages[-1]  # reportlab has no public handle on the page just shown
        if not page.compression or page.Contents or not page.stream:
            return
        stream = PDFStream(
            dictionary=PDFDictionary({"Filter": PDFArray([PDFName(PDFZCompress.pdfname)])}),
            content=PDFZCompress.encode(page.stream),
        )
        stream.__Comment__ = "page stream"
        page.Contents, page.stream = stream, None

    def save(self) -> None:
        if not self.pages:  # a document without a page is not a valid PDF: one blank page
            self.canvas.showPage()
        self.canvas.save()


@dataclass
class OpinionDoc:
    """One review box. stamped_on None means not yet stamped: blank "年 月 日" and no seal."""

    text: str
    organisation: str
    stamped_on: date | None
    seal_image: bytes | None = None


# --------------------------------------------------------------------------------------------------
# Page building: styles, paragraphs, page numbers and the stamped opinion box
# --------------------------------------------------------------------------------------------------

MARGIN = 20 * mm
BLACK = colors.black


def document_styles() -> dict[str, ParagraphStyle]:
    font = register_cjk_font()
    # wordWrap="CJK" lets Chinese text break between any two characters (there are no spaces).
    base = ParagraphStyle("cjk", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=24, alignment=TA_CENTER),
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, alignment=TA_CENTER),
        "cell_left": ParagraphStyle("cell_left", parent=base, alignment=TA_LEFT),
        "head": ParagraphStyle("head", parent=base, fontSize=11, alignment=TA_CENTER),
        "head_left": ParagraphStyle("head_left", parent=base, fontSize=12, leading=18, spaceAfter=2),
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=12, textColor=colors.dimgrey),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
    }


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    # Paragraph parses a mini-markup: data must be escaped (an & or < in a base name would break it).
    return Paragraph(escape(text), style)


def grid_table(
    header: list[str],
    rows: list[list],
    *,
    widths: list[float],
    styles: dict[str, ParagraphStyle],
    total: list | None = None,
) -> Table:
    """A ruled table of a report: a heading row (repeated on every page), the rows and an optional 合计
    row; every value is written as an escaped, centred paragraph."""
    data = [[paragraph(text, styles["head"]) for text in header]]
    data += [[paragraph(str(value), styles["cell"]) for value in row] for row in rows]
    if total is not None:
        data.append([paragraph(str(value), styles["head"]) for value in total])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, BLACK), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    )
    return table


def cn_date_range(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{cn_date(start)}至{cn_date(end)}"
    if start:
        return f"{cn_date(start)}起"
    if end:
        return f"至{cn_date(end)}"
    return ""


def handwriting_gap(n: int) -> str:
    # Paragraph collapses runs of ordinary and ideographic spaces; &nbsp; keeps a handwriting gap open.
    return "&nbsp;" * n


def numbered_canvas(label_font: str):
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
