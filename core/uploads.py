"""Checks for uploaded files: the type is read from the content (not the name the browser sent) and the
size is bounded, with a Chinese message when either fails."""

from django.core.exceptions import ValidationError

# Leading bytes of the formats the portal accepts.
SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "pdf": (b"%PDF-",),
    "xlsx": (b"PK\x03\x04",),  # a zip archive; core.spreadsheets checks that it holds a workbook
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),  # an OLE2 compound file (Excel 97-2003)
}
LABELS = {
    "png": "PNG 图片",
    "jpeg": "JPG 图片",
    "pdf": "PDF 文件",
    "xlsx": "Excel 工作簿（.xlsx）",
    "xls": "Excel 97-2003 工作簿（.xls）",
}
IMAGE = ("png", "jpeg")
IMAGE_OR_PDF = ("png", "jpeg", "pdf")
SPREADSHEET = ("xlsx", "xls")


def detect_type(upload) -> str | None:
    head = upload.read(16)
    upload.seek(0)
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return kind
    return None


def validate_upload(upload, *, kinds: tuple[str, ...], max_bytes: int) -> str:
    """Return the detected type, or raise ValidationError saying what is accepted."""
    if upload.size == 0:
        raise ValidationError("上传的文件是空的。")
    if upload.size > max_bytes:
        raise ValidationError(
            f"文件过大（{upload.size / 1024 / 1024:.1f} MB），最大允许 {max_bytes // 1024 // 1024} MB。"
        )
    kind = detect_type(upload)
    if kind not in kinds:
        allowed = "、".join(LABELS[k] for k in kinds)
        raise ValidationError(f"文件类型不符合要求，只接受 {allowed}。")
    return kind
