"""Certificates: 1,000 training certificates into one merged PDF through the portal's code
(certificates.documents.certificates_pdf: RepeatedPages, the static part drawn once) vs a bare reportlab
canvas drawing the same pages with the same font — every element on every page; and the portal's peak
memory (tracemalloc) for N/4 and N pages.

``measure(record, count=1000)`` records:
  certificates_vs_bare_canvas   rate of the portal / rate of the bare canvas (aim ≥ 0.5)
  certificates_memory_growth    (peak for N/4 pages + what the file grows by) / peak for N pages: 1.0 when
                                the only growth is the PDF being built (held in memory by reportlab
                                until it is saved, some KiB a page); aim ≥ 0.8

The certificates are unsaved model instances (their snapshot fields are all a page needs), so the measure
needs no database rows; the seal is the vector seal (no uploaded scan), drawn by core.pdf.draw_seal in both.
"""

from __future__ import annotations

import datetime
import io
import statistics
import time
import tracemalloc

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from certificates import documents as d
from certificates.models import Certificate
from core.pdf import cn_date, draw_seal, register_cjk_font


def certificates(count: int) -> list[Certificate]:
    return [
        Certificate(
            number=f"2021{i + 1:04d}",
            name=f"学员{i:04d}",
            sex="男" if i % 2 else "女",
            id_number=f"37140219800101{i % 10000:04d}",
            base_name="德州职业技术学院（德州市技师学院）",
            occupation_name="电工" if i % 3 else "钳工",
            level=2,
            training_start=datetime.date(2021, 7, 5),
            training_end=datetime.date(2021, 10, 29),
            issued_on=datetime.date(2021, 12, 20),
            issuer_name="德州市人力资源和社会保障局",
            program_name="2021年度德州市“金蓝领”技师（高级技师）培训",
            title="2021年度德州市“金蓝领”培训合格证",
        )
        for i in range(count)
    ]


def bare_canvas(items: list[Certificate]) -> bytes:
    """The same pages straight on a canvas: frame, labels, wording, seal and QR code on every page."""
    font = register_cjk_font()
    width, height = A4
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    address = d.verify_path()
    for c in items:
        canvas.setStrokeColorRGB(0.55, 0.12, 0.12)
        canvas.setLineWidth(3)
        canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
        canvas.setLineWidth(0.8)
        canvas.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.setFont(font, 13)
        canvas.drawString(d.LEFT, 78 * mm, "负责人签字：")
        canvas.setLineWidth(0.6)
        canvas.line(d.LEFT + 28 * mm, 77 * mm, d.LEFT + 75 * mm, 77 * mm)
        canvas.drawCentredString(d.SEAL_X, 112 * mm, "（盖章）")
        canvas.setFont(font, 8)
        canvas.drawString(d.QR_X + d.QR_SIZE + 4 * mm, d.QR_Y + 18 * mm, "扫描二维码，或访问以下网址，")
        canvas.drawString(d.QR_X + d.QR_SIZE + 4 * mm, d.QR_Y + 13 * mm, "输入证书编号和姓名核验证书真伪：")
        canvas.drawString(d.QR_X + d.QR_SIZE + 4 * mm, d.QR_Y + 8 * mm, address)
        canvas.setFont(font, 12)
        canvas.drawRightString(width - d.LEFT, height - 30 * mm, f"编号：{c.number}")
        canvas.setFont(font, 22)
        canvas.drawCentredString(width / 2, height - 60 * mm, c.title)
        canvas.setFont(font, d.BODY_SIZE)
        text = d.body_text(c)
        per_line = 26  # the wording pre-cut into lines of the same width, no measuring
        first = per_line - 2
        lines = [text[:first]] + [text[i : i + per_line] for i in range(first, len(text), per_line)]
        for i, line in enumerate(lines):
            x = d.LEFT + (2 * d.BODY_SIZE if i == 0 else 0)
            canvas.drawString(x, d.BODY_TOP - i * d.BODY_LEADING, line)
        canvas.setFont(font, 14)
        canvas.drawCentredString(d.SEAL_X, 96 * mm, c.issuer_name)
        canvas.drawCentredString(d.SEAL_X, 86 * mm, cn_date(c.issued_on))
        draw_seal(canvas, d.SEAL_X, d.SEAL_Y, d.SEAL_R, c.issuer_name)
        d.draw_qr(canvas, d.verify_url(c.number, c.name), d.QR_X, d.QR_Y, d.QR_SIZE)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def portal(items: list[Certificate]) -> bytes:
    buffer = io.BytesIO()
    d.certificates_pdf(items, buffer, progress=lambda done, total: None, total=len(items))
    return buffer.getvalue()


def _median_seconds(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(record, count: int = 1000, repeat: int = 3) -> None:
    items = certificates(count)
    portal(items[:3])  # font registration: once per process, not per run
    bare_seconds = _median_seconds(repeat, lambda: bare_canvas(items))
    portal_seconds = _median_seconds(repeat, lambda: portal(items))
    size = len(portal(items))
    record(
        "certificates_vs_bare_canvas",
        bare_seconds / portal_seconds,
        0.5,
        "× bare canvas",
        f"{count} certificates into one PDF: portal {portal_seconds:.2f} s, bare {bare_seconds:.2f} s, "
        f"{size / 2**20:.1f} MiB",
    )
    peaks, sizes = [], []
    for n in (count // 4, count):
        tracemalloc.start()
        sizes.append(len(portal(items[:n])) / 2**20)
        peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
    # Flat: the peak for N pages is the peak for N/4 plus the bytes of the extra pages of the file itself.
    record(
        "certificates_memory_growth",
        (peaks[0] + sizes[1] - sizes[0]) / peaks[1],
        0.8,
        "(peak N/4 + file growth) ÷ peak N",
        f"tracemalloc peak {peaks[0]:.1f} MiB at {count // 4} pages, {peaks[1]:.1f} MiB at {count} pages; "
        f"the PDF itself {sizes[0]:.1f} → {sizes[1]:.1f} MiB",
    )
