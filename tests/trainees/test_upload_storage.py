"""Material and roster uploads when the storage cannot be written: a Chinese message, nothing half-saved."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEntry
from core.uploads import MSG_STORAGE
from trainees.models import Material, RosterImport
from trainees.services import enrollment_register

from .factories import PNG, applicant, confirmed_base, quota_program
from .test_import_views import confirmed_quota, good, workbook, xlsx_upload


def test_a_material_the_storage_cannot_write_is_refused_in_chinese(world, login, unwritable_media):
    program = quota_program(world)
    base = confirmed_base(world, program=program)
    enrollment = enrollment_register(actor=world.users["base"], program=program, base=base, row=applicant(1))
    client = login(world.users["base"])
    response = client.post(
        reverse("trainees:material_upload", args=[enrollment.pk]),
        {"kind": "photo", "file": SimpleUploadedFile("照片.png", PNG, content_type="image/png")},
        follow=True,
    )
    assert response.status_code == 200
    assert MSG_STORAGE in response.content.decode()
    assert not Material.objects.exists()
    assert not AuditEntry.objects.filter(action="material.upload").exists()


def test_an_8_byte_png_is_refused_as_a_photo(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    program = quota_program(world)
    base = confirmed_base(world, program=program)
    enrollment = enrollment_register(actor=world.users["base"], program=program, base=base, row=applicant(1))
    client = login(world.users["base"])
    response = client.post(
        reverse("trainees:material_upload", args=[enrollment.pk]),
        {
            "kind": "photo",
            "file": SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        },
        follow=True,
    )
    assert "图片文件已损坏或无法识别" in response.content.decode()
    assert not Material.objects.exists()


def test_a_roster_the_storage_cannot_write_is_refused_in_chinese(world, login, unwritable_media):
    program, _ = confirmed_quota(world)
    client = login(world.users["base"])
    response = client.post(
        reverse("roster_import:upload"), {"program": program.pk, "file": xlsx_upload(workbook([good(1)]))}
    )
    assert response.status_code == 200
    assert MSG_STORAGE in response.content.decode()
    assert not RosterImport.objects.exists()
