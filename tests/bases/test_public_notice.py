"""The public notice says where and how to object and comes as a printable PDF with the bureau's seal
(issue 10.18): read as a citizen reads it, with poppler (pdftotext, pdffonts, pdftoppm)."""

import datetime
import re
import subprocess

from django.urls import reverse
from PIL import Image

from bases import services
from tests.bases.factories import make_plan

STARTS, ENDS = datetime.date(2026, 6, 1), datetime.date(2026, 6, 5)


def published(world):
    plan = make_plan(world, status="city_approved")
    publication = services.notice_publish(
        actor=world.users["city"],
        program=plan.program,
        plans=[plan],
        title="2026年度测试项目拟承担培训任务基地公示",
        starts_on=STARTS,
        ends_on=ENDS,
        objection_phone="0539-8721234",
        objection_address="临沂市北城新区市民中心",
    )
    return plan, publication


def test_the_public_page_names_the_phone_and_address_and_links_the_pdf(world, client):
    _, publication = published(world)
    page = client.get(reverse("public:notice_detail", args=[publication.pk])).content.decode()
    assert "0539-8721234" in page and "临沂市北城新区市民中心" in page
    assert reverse("public:notice_pdf", args=[publication.pk]) in page
    # The intro names the review steps this programme's policy has.
    assert "县区人力资源和社会保障部门审核" in page


def test_the_printable_notice_has_the_plans_the_contact_the_embedded_font_and_the_seal(
    world, client, tmp_path
):
    plan, publication = published(world)
    response = client.get(reverse("public:notice_pdf", args=[publication.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "notice.pdf"
    path.write_bytes(response.content)
    text = re.sub(
        r"\s+",
        "",
        subprocess.run(
            ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout,
    )
    assert "2026年度测试项目拟承担培训任务基地公示" in text
    assert plan.base.name in text and "焊工（技师）30人" in text
    assert "受理电话：0539-8721234" in text and "受理地址：临沂市北城新区市民中心" in text
    assert "公示期为2026年6月1日至2026年6月5日" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"WenQuanYi\S*\s+(CID )?TrueType\s+\S+\s+yes", fonts)
    # The drawn seal is red: rasterise and look for the seal's red ink.
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    image = Image.open(sorted(tmp_path.glob("page*.png"))[-1]).convert("RGB")
    raw = image.tobytes()  # RGB triples
    red = sum(1 for i in range(0, len(raw), 3) if raw[i] > 180 and raw[i + 1] < 90 and raw[i + 2] < 90)
    assert red > 200


def test_a_notice_not_yet_begun_has_no_pdf(world, client, monkeypatch):
    _, publication = published(world)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: datetime.date(2026, 5, 20))
    assert client.get(reverse("public:notice_pdf", args=[publication.pk])).status_code == 404
