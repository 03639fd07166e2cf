"""The certificate PDF (临沂 附件2): one A4 page per certificate, drawn with core.pdf's toolkit.

The frame, the signature line, the QR caption and the verification address are the same on every page:
``RepeatedPages`` draws them once per document and each page only places them and draws its own fields
(title, number, the wording with the trainee's data, issuer, date, seal, QR code). Pages are finished as
they are drawn; many certificates are one background job whose file is one merged PDF or a zip of one PDF
per certificate.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from itertools import groupby
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.jobs import JobError
from core.pdf import RepeatedPages, cn_date, draw_seal, register_cjk_font

from .models import Certificate

WIDTH, HEIGHT = A4
LEFT = 30 * mm
TEXT_WIDTH = WIDTH - 2 * LEFT
BODY_SIZE = 15
BODY_LEADING = 30
BODY_TOP = HEIGHT - 100 * mm
SEAL_X, SEAL_Y, SEAL_R = WIDTH - 62 * mm, 92 * mm, 20 * mm
QR_X, QR_Y, QR_SIZE = LEFT, 28 * mm, 30 * mm
# Punctuation that may not begin a line (it hangs at the end of the previous one instead).
NO_LINE_START = set("，。、；：？！”）》")


def verify_path() -> str:
    return reverse("certificates_public:verify")


def verify_url(number: str, name: str) -> str:
    """The absolute address the QR code carries: the public verification page with both fields."""
    return f"{settings.PUBLIC_SITE_URL}{verify_path()}?{urlencode({'no': number, 'name': name})}"


def body_text(c: Certificate) -> str:
    dates = ""
    if c.training_start and c.training_end:
        dates = f"于{cn_date(c.training_start)}至{cn_date(c.training_end)}"
    return (
        f"{c.name}同志，性别：{c.sex}，身份证号：{c.id_number}，{dates}在{c.base_name}参加"
        f"{c.occupation_name}{c.level_name}等级“金蓝领”培训，学满全部课时，并经考核评定，成绩合格，"
        "特发此证。"
    )


def wrap(text: str, font: str, size: float, width: float, *, indent: float = 0) -> list[str]:
    """Break Chinese text between any two characters to fit ``width`` (the first line ``indent`` less);
    a run of Latin letters and digits (an ID number, a year) is never split, and closing punctuation
    never starts a line."""
    lines, line, used, room = [], "", 0.0, width - indent
    for token in re.findall(r"[0-9A-Za-z]+|.", text):
        w = stringWidth(token, font, size)
        if used + w > room and line and token not in NO_LINE_START:
            lines.append(line)
            line, used, room = "", 0.0, width
        line += token
        used += w
    if line:
        lines.append(line)
    return lines


def draw_static(canvas) -> None:
    font = register_cjk_font()
    canvas.setStrokeColorRGB(0.55, 0.12, 0.12)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, WIDTH - 24 * mm, HEIGHT - 24 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(15 * mm, 15 * mm, WIDTH - 30 * mm, HEIGHT - 30 * mm)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(font, 13)
    canvas.drawString(LEFT, 78 * mm, "负责人签字：")
    canvas.setLineWidth(0.6)
    canvas.line(LEFT + 28 * mm, 77 * mm, LEFT + 75 * mm, 77 * mm)
    canvas.drawCentredString(SEAL_X, 112 * mm, "（盖章）")
    canvas.setFont(font, 8)
    canvas.drawString(QR_X + QR_SIZE + 4 * mm, QR_Y + 18 * mm, "扫描二维码，或访问以下网址，")
    canvas.drawString(QR_X + QR_SIZE + 4 * mm, QR_Y + 13 * mm, "输入证书编号和姓名核验证书真伪：")
    canvas.drawString(QR_X + QR_SIZE + 4 * mm, QR_Y + 8 * mm, f"{settings.PUBLIC_SITE_URL}{verify_path()}")


# Any of the eight mask patterns makes a valid code; choosing the "best" one scores all eight, which is
# most of the encoding's cost, and a certificate's short URL reads fine with a fixed one.
QR_MASK = 2


def qr_modules(text: str) -> list[list[bool]]:
    """The QR code's dark modules (reportlab's own encoder, error correction M)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, QR_MASK)
    return code.modules


def draw_qr(canvas, text: str, x: float, y: float, size: float) -> None:
    """The QR code as one filled path of the dark runs of each row, in module units (whole numbers)
    under a scaling transform: one short PDF operator per run, not a shape object per module."""
    modules = qr_modules(text)
    count = len(modules)
    ops = []
    for r, row in enumerate(modules):
        c = 0
        for dark, run in groupby(row):
            length = len(list(run))
            if dark:
                ops.append(f"{c} {count - 1 - r} {length} 1 re")
            c += length
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / count, size / count)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.addLiteral("\n".join(ops) + "\nf")
    canvas.restoreState()


class SealImages:
    """The uploaded seal scan of each issuer, read once per document (None: draw the vector seal)."""

    def __init__(self):
        self._seen: dict[int, bytes | None] = {}

    def __call__(self, certificate: Certificate) -> bytes | None:
        issuer_id = certificate.issuer_id
        if issuer_id is None:
            return None
        if issuer_id not in self._seen:
            seal = certificate.issuer.seal
            try:
                self._seen[issuer_id] = seal.read() if seal else None
            except OSError:
                self._seen[issuer_id] = None
            finally:
                if seal:
                    seal.close()
        return self._seen[issuer_id]


def draw_fields(canvas, c: Certificate, seal_image: bytes | None) -> None:
    font = register_cjk_font()
    canvas.setFont(font, 12)
    canvas.drawRightString(WIDTH - LEFT, HEIGHT - 30 * mm, f"编号：{c.number}")
    canvas.setFont(font, 22)
    canvas.drawCentredString(WIDTH / 2, HEIGHT - 60 * mm, c.title)
    canvas.setFont(font, BODY_SIZE)
    indent = 2 * BODY_SIZE
    for i, line in enumerate(wrap(body_text(c), font, BODY_SIZE, TEXT_WIDTH, indent=indent)):
        canvas.drawString(LEFT + (indent if i == 0 else 0), BODY_TOP - i * BODY_LEADING, line)
    canvas.setFont(font, 14)
    canvas.drawCentredString(SEAL_X, 96 * mm, c.issuer_name)
    canvas.drawCentredString(SEAL_X, 86 * mm, cn_date(c.issued_on))
    draw_seal(canvas, SEAL_X, SEAL_Y, SEAL_R, c.issuer_name, image_bytes=seal_image)
    draw_qr(canvas, verify_url(c.number, c.name), QR_X, QR_Y, QR_SIZE)


def certificates_pdf(
    certificates: Iterable[Certificate],
    target,
    *,
    progress: Callable[[int, int], None] | None = None,
    total: int = 0,
) -> int:
    """Write one merged PDF of the certificates into ``target`` (a file or buffer); returns the pages."""
    pages = RepeatedPages(target, draw_static, title="培训合格证书")
    seals = SealImages()
    for certificate in certificates:
        image = seals(certificate)
        pages.add(lambda canvas, c=certificate, image=image: draw_fields(canvas, c, image))
        if progress:
            progress(pages.pages, total)
    pages.save()
    return pages.pages


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    buffer = io.BytesIO()
    certificates_pdf([certificate], buffer)
    return buffer.getvalue()


def certificates_zip(
    certificates: Iterable[Certificate],
    target,
    *,
    progress: Callable[[int, int], None] | None = None,
    total: int = 0,
) -> int:
    """A zip of one PDF per certificate, named by number and name; each written as soon as drawn."""
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            archive.writestr(
                f"{certificate.number}-{certificate.name}.pdf", certificate_pdf_bytes(certificate)
            )
            count += 1
            if progress:
                progress(count, total)
    return count


def certificates_job(job, progress) -> tuple[str, bytes]:
    """The job's builder: params {"ids": [...], "format": "pdf" | "zip", "name": file stem}."""
    ids = job.params.get("ids") or []
    chosen = Certificate.objects.filter(pk__in=ids).select_related("issuer").order_by("number")
    total = chosen.count()
    if not total:
        raise JobError("没有可生成的证书（所选证书不存在或已无权查看）。")
    buffer = io.BytesIO()
    stem = job.params.get("name") or "培训合格证书"
    if job.params.get("format") == "zip":
        certificates_zip(chosen.iterator(chunk_size=500), buffer, progress=progress, total=total)
        name = f"{stem}.zip"
    else:
        certificates_pdf(chosen.iterator(chunk_size=500), buffer, progress=progress, total=total)
        name = f"{stem}.pdf"
    job.result_summary = {"rows": total, "full_columns": ["姓名", "身份证号码"]}
    return name, buffer.getvalue()
