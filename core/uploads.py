"""Uploaded files: the type is read from the content (not the name the browser sent), the size is bounded,
images are decoded (dimensions checked from the header first) and re-encoded to a bounded size, and storing
a file either succeeds or leaves nothing behind — each failure with a Chinese message."""

import io
import logging
import os
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import Http404
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import PortalError

logger = logging.getLogger(__name__)

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

# No image the portal takes needs more than this (a 48-megapixel phone photo is 8000 × 6000). Pillow refuses
# anything above it everywhere in the process, not only here (reportlab opens seals through Pillow).
MAX_IMAGE_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG"}


class UploadStorageError(PortalError):
    """The file could not be written (read-only or full storage): nothing of it was kept."""


MSG_STORAGE = "文件未能保存（服务器存储空间不可写或已满），本次上传未生效。请稍后重试或联系系统管理员。"


def detect_type(upload) -> str | None:
    head = upload.read(16)
    upload.seek(0)
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return kind
    return None


def validate_upload(upload, *, kinds: tuple[str, ...], max_bytes: int) -> str:
    """Return the detected type, or raise ValidationError saying what is accepted. An image must also
    decode as one (``check_image``)."""
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
    if kind in IMAGE:
        check_image(upload)
    return kind


def _open_image(upload, *, max_pixels: int) -> Image.Image:
    """Decode the image, refusing oversized dimensions from the header before any pixel is decoded."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():  # Pillow warns between its limits; ours below decides
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload)  # reads the header only
        width, height = image.size
        if width * height > max_pixels:
            raise ValidationError(
                f"图片尺寸过大（{width} × {height} 像素），最多允许 {max_pixels // 1_000_000} 百万像素。"
            )
        if image.format not in PIL_FORMATS.values():
            raise ValidationError("图片无法识别，请上传 PNG 或 JPG 图片。")
        image.draft("RGB", (4000, 4000))  # JPEG: decode at a reduced scale when the photo is huge
        image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:  # Pillow's own refusal, far above our limit
        raise ValidationError(f"图片尺寸过大，最多允许 {max_pixels // 1_000_000} 百万像素。") from error
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError) as error:
        logger.info("Refused an image upload: %s", error)
        raise ValidationError("图片文件已损坏或无法识别，请重新导出为 PNG 或 JPG 后上传。") from error
    finally:
        upload.seek(0)
    return image


def check_image(upload, *, max_pixels: int = MAX_IMAGE_PIXELS) -> None:
    _open_image(upload, max_pixels=max_pixels)


def bounded_image(
    upload, *, max_side: int, kind: str | None = None, max_pixels: int = MAX_IMAGE_PIXELS
) -> ContentFile:
    """The upload decoded and re-encoded no larger than ``max_side`` pixels on either side, as ``kind``
    (``png``/``jpeg``; default: its own format). Only what Pillow wrote is kept, so trailing bytes and
    metadata of the original are gone. Raises ValidationError for what is not a sound image."""
    image = _open_image(upload, max_pixels=max_pixels)
    kind = kind or ("jpeg" if image.format == "JPEG" else "png")
    image = ImageOps.exif_transpose(image)  # a phone photo's orientation tag turns it upright
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if kind == "jpeg":
        image.convert("RGB").save(buffer, "JPEG", quality=88, optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(buffer, "PNG", optimize=True)
    base = os.path.splitext(os.path.basename(getattr(upload, "name", "") or "image"))[0]
    return ContentFile(buffer.getvalue(), name=f"{base}.{'jpg' if kind == 'jpeg' else 'png'}")


# --- storing -----------------------------------------------------------------------------------------------


def store_upload(storage: Storage, name: str, content) -> str:
    """Save ``content`` under (a free variant of) ``name`` and return the stored name. A storage that
    cannot be written raises UploadStorageError, and any partly written file is removed."""
    target = storage.get_available_name(name)
    try:
        return storage.save(target, content)
    except OSError as error:
        logger.exception("Could not store an upload as %s", target)
        try:
            if storage.exists(target):
                storage.delete(target)
        except OSError:
            logger.exception("Could not remove the partly written %s", target)
        raise UploadStorageError(MSG_STORAGE) from error


def store_in_field(field_file: FieldFile, name: str, content) -> None:
    """``field_file.save(name, content)`` without half-saved results: the file is written first, then the
    row is saved; if either fails, the new file is removed and the row keeps its old file."""
    instance, field = field_file.instance, field_file.field
    old_name = field_file.name
    stored = store_upload(field_file.storage, field.generate_filename(instance, name), content)
    setattr(instance, field.attname, stored)
    try:
        if instance._state.adding:
            instance.save()
        else:  # only the file: other fields may have been changed meanwhile by someone else
            instance.save(update_fields=[field.attname])
    except Exception:
        setattr(instance, field.attname, old_name)
        field_file.storage.delete(stored)
        raise


@dataclass
class StoredFile:
    name: str
    storage: Storage

    def replaces(self, old: str) -> None:
        """The file this one replaces is deleted once the database has agreed (never before: a rolled
        back change must still find it)."""
        if old and old != self.name:
            transaction.on_commit(lambda: self.storage.delete(old))


@contextmanager
def storing(field, name: str, content) -> Iterator[StoredFile]:
    """Store an upload for a model's FileField, then run the block that records it: if the block fails,
    the new file is removed, so no file is left that no row names."""
    storage = field.storage
    stored = StoredFile(store_upload(storage, field.generate_filename(None, name), content), storage)
    try:
        yield stored
    except BaseException:
        storage.delete(stored.name)
        raise


# --- a workbook held between its preview and its commit ---------------------------------------------------

HELD_MAX_AGE = 3600  # seconds a preview stays committable
HELD_EXPIRED = "上传的文件已过期或无效，请重新上传。"


class UploadExpired(PortalError):
    def __init__(self) -> None:
        super().__init__(HELD_EXPIRED)


def hold_upload(upload, *, kind: str, owner, user) -> str:
    """Keep an uploaded workbook until the user commits its preview. The signed token returned names the
    file, what it was uploaded for (`owner`, a model instance) and the user: a commit by anyone else, or
    for another object, finds nothing."""
    name = default_storage.save(f"uploads/{kind}/{uuid.uuid4().hex}.xlsx", upload)
    held = {
        "file": name,
        "for": _owner_key(owner),
        "user": user.pk,
        "name": os.path.basename(upload.name or ""),
    }
    return signing.dumps(held, salt=f"core.held.{kind}")


def held_upload(token: str, *, kind: str, owner, user) -> dict:
    """The held upload a commit's token names: {"file": storage name, "name": the name it was sent as}.
    Expired, forged or already used → UploadExpired; another user's or object's → 404."""
    try:
        held = signing.loads(token, salt=f"core.held.{kind}", max_age=HELD_MAX_AGE)
    except signing.BadSignature:
        raise UploadExpired() from None
    if held.get("for") != _owner_key(owner) or held.get("user") != user.pk:
        raise Http404
    if not default_storage.exists(held["file"]):
        raise UploadExpired()
    return held


def _owner_key(owner) -> str:
    return f"{owner._meta.label}:{owner.pk}"
