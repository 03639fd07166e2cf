import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import Organisation
from bases.models import Base
from core.models import AuditEntry
from programs.models import Occupation
from tests.bases.factories import make_base


def test_a_city_clerk_registers_a_qualified_base_in_one_of_its_counties(world, login):
    Occupation.objects.create(name="焊工")
    response = login(world.users["city"]).post(
        reverse("bases:base_create"),
        {
            "name": "兰山新培训中心",
            "code": "LS-NEW-01",
            "county": world.county.pk,
            "kind": "enterprise",
            "qualified_from": "2026-01-01",
            "qualified_to": "2028-12-31",
            "occupations": [Occupation.objects.get(name="焊工").pk],
            "levels": ["2", "1"],
        },
    )
    base = Base.objects.get(organisation__code="LS-NEW-01")
    assert response["Location"] == reverse("bases:base_detail", args=[base.pk])
    assert base.organisation.county == world.county and base.organisation.city == world.city
    assert sorted(q.level for q in base.qualifications.all()) == [1, 2]
    assert AuditEntry.objects.filter(action="base.create", object_id=str(base.pk)).exists()


def test_a_city_cannot_register_a_base_in_another_citys_county(world, login):
    response = login(world.users["city"]).post(
        reverse("bases:base_create"),
        {"name": "越界", "code": "X-1", "county": world.county_other.pk, "kind": "enterprise"},
    )
    assert response.status_code == 200 and "county" in response.context["form"].errors
    assert not Organisation.objects.filter(code="X-1").exists()


def test_disqualifying_a_base_through_the_page_bans_it(world, login):
    base = make_base(world)
    login(world.users["city"]).post(
        reverse("bases:sanction_create", args=[base.pk]),
        {"kind": "disqualify", "reason": "伪造签到", "decided_on": "2026-03-01", "ban_until": "2029-03-01"},
    )
    base.refresh_from_db()
    assert (base.status, base.banned_until) == ("disqualified", datetime.date(2029, 3, 1))
    page = login(world.users["base"]).get(reverse("bases:base_detail", args=[base.pk])).content.decode()
    assert "2029年03月01日前不得申报" in page


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (60, 60), (200, 0, 0, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_county_uploads_its_seal_and_the_page_serves_it(world, login):
    client = login(world.users["county"])
    response = client.post(
        reverse("core:seal"), {"seal": SimpleUploadedFile("章.png", png_bytes(), "image/png")}
    )
    assert response.status_code == 302
    world.county.refresh_from_db()
    assert world.county.seal.name
    image = client.get(reverse("core:seal_image"))
    assert b"".join(image.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_seal_that_is_not_an_image_is_refused_in_chinese(world, login):
    client = login(world.users["county"])
    fake = SimpleUploadedFile("章.png", b"MZ\x90\x00 not a picture", "image/png")
    response = client.post(reverse("core:seal"), {"seal": fake})
    assert "文件类型不符合要求" in response.content.decode()
    world.county.refresh_from_db()
    assert not world.county.seal


def test_without_an_upload_the_seal_is_drawn_with_the_bureau_name(world, login):
    response = login(world.users["county"]).get(reverse("core:seal_image"))
    assert response["Content-Type"] == "image/svg+xml" and "兰山区" in response.content.decode()
