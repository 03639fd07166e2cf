"""Uploaded images are decoded, bounded and re-encoded; a storage that cannot be written is a Chinese
message and leaves nothing half-saved (seals here; materials and rosters in tests/trainees)."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.forms import SEAL_MAX_SIDE
from core.models import AuditEntry
from core.uploads import IMAGE, MSG_STORAGE, bounded_image, validate_upload

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def image_bytes(size: tuple[int, int], fmt: str = "PNG", mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "red").save(buffer, format=fmt)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims huge dimensions (the 20 KB 13000 × 13000 seal of the report)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    pixels = zlib.compress(b"\x00" * (20 * 1024))
    return SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def upload(content: bytes, name: str = "a.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (SIGNATURE, "已损坏或无法识别"),
        (SIGNATURE + b"garbage that is no PNG at all" * 10, "已损坏或无法识别"),
        (image_bytes((50, 50))[:60], "已损坏或无法识别"),  # cut off in the middle of its pixels
        (png_claiming(8000, 8000), "图片尺寸过大（8000 × 8000 像素）"),
        (png_claiming(13000, 13000), "图片尺寸过大"),
    ],
    ids=["8-byte signature", "signature then garbage", "truncated", "8000 x 8000 header", "13000 x 13000"],
)
def test_an_image_that_does_not_decode_within_bounds_is_refused_in_chinese(content, message):
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(content), kinds=IMAGE, max_bytes=5 * 1024 * 1024)
    assert message in refused.value.messages[0]


def test_the_huge_header_is_refused_before_any_pixel_is_decoded(monkeypatch):
    def must_not_decode(self, *args, **kwargs):
        raise AssertionError("decoded")

    monkeypatch.setattr(Image.Image, "load", must_not_decode)
    with pytest.raises(ValidationError, match="图片尺寸过大"):
        validate_upload(upload(png_claiming(8000, 8000)), kinds=IMAGE, max_bytes=5 * 1024 * 1024)


def test_a_sound_image_is_re_encoded_no_larger_than_its_bound():
    photo = bounded_image(upload(image_bytes((4000, 2000), "JPEG"), "照片.jpeg"), max_side=1500)
    image = Image.open(io.BytesIO(photo.read()))
    assert (image.format, image.size) == ("JPEG", (1500, 750))
    assert photo.name == "照片.jpg"
    small = bounded_image(upload(image_bytes((40, 30))), max_side=1500)
    assert Image.open(io.BytesIO(small.read())).size == (40, 30)  # never enlarged


def test_an_uploaded_seal_is_stored_as_a_png_of_bounded_size(world, login):
    client = login(world.users["county"])
    response = client.post(
        reverse("core:seal"), {"seal": upload(image_bytes((3000, 3000), "JPEG"), "章.jpg")}
    )
    assert response.status_code == 302
    world.county.refresh_from_db()
    stored = Image.open(world.county.seal.open("rb"))
    assert stored.format == "PNG" and max(stored.size) == SEAL_MAX_SIDE


def test_the_huge_seal_of_the_report_is_refused_and_the_old_seal_kept(world, login):
    client = login(world.users["county"])
    response = client.post(reverse("core:seal"), {"seal": upload(png_claiming(13000, 13000))})
    assert "图片尺寸过大" in response.content.decode()
    world.county.refresh_from_db()
    assert not world.county.seal


def test_a_seal_the_storage_cannot_write_is_a_chinese_message_and_nothing_changes(
    world, login, unwritable_media
):
    client = login(world.users["county"])
    response = client.post(reverse("core:seal"), {"seal": upload(image_bytes((200, 200)))})
    assert response.status_code == 200
    assert MSG_STORAGE in response.content.decode()
    world.county.refresh_from_db()
    assert not world.county.seal
    assert not AuditEntry.objects.filter(action="seal.update").exists()
