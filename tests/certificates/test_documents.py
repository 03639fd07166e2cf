"""The certificate PDF read back with poppler: the notice's wording with the trainee's data, the QR's
target, one page per certificate; the job builds a merged PDF or a zip for its requester."""

import io
import subprocess
import zipfile

import pytest
from django.urls import reverse

from certificates.documents import certificates_job, certificates_pdf, verify_url
from certificates.models import Certificate
from certificates.services import issue_due
from core.models import Job

from .factories import approved_class


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def pages_of(content: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


@pytest.fixture
def issued(world):
    program, base, _, _ = approved_class(world)
    return issue_due(program, base, world.users["base"]).issued


def test_each_page_carries_the_notice_wording_with_the_trainee_data(issued):
    buffer = io.BytesIO()
    certificates_pdf(Certificate.objects.order_by("number"), buffer)
    content = buffer.getvalue()
    assert pages_of(content) == 2
    text = pdf_text(content).replace(" ", "")
    first = issued[0]
    assert "编号：20260001" in text and "编号：20260002" in text
    assert "2026年度临沂市“金蓝领”培训合格证" in text
    assert f"{first.name}同志，性别：{first.sex}，身份证号：{first.id_number}" in text
    assert "于2026年6月1日至2026年7月31日在兰山技师学院参加焊工技师等级“金蓝领”培训" in text.replace("\n", "")
    assert "学满全部课时，并经考核评定，成绩合格，特发此证。" in text.replace("\n", "")
    assert "负责人签字" in text and "（盖章）" in text
    fonts = subprocess.run(["pdffonts", "-"], input=content, capture_output=True, check=True).stdout.decode()
    cjk = [line for line in fonts.splitlines()[2:] if "TrueType" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk)  # the CJK font is embedded (subset)


def test_the_qr_code_carries_the_verification_address_with_number_and_name(issued, settings):
    settings.PUBLIC_SITE_URL = "https://jinlan.example.gov.cn"
    url = verify_url(issued[0].number, issued[0].name)
    assert url.startswith("https://jinlan.example.gov.cn/public/verify/?no=20260001&name=")
    from urllib.parse import parse_qs, urlparse

    assert parse_qs(urlparse(url).query) == {"no": ["20260001"], "name": [issued[0].name]}


@pytest.mark.parametrize("file_format", ["pdf", "zip"])
def test_the_job_builds_a_merged_pdf_or_a_zip_of_one_file_each(world, issued, file_format):
    job = Job.objects.create(
        kind="certificates_pdf",
        title="证书",
        requested_by=world.users["base"],
        organisation=world.base,
        params={"ids": [c.pk for c in issued], "format": file_format, "name": "测试证书"},
    )
    seen = []
    name, content = certificates_job(job, lambda done, total: seen.append((done, total)))
    assert seen[-1] == (2, 2)
    assert job.result_summary["rows"] == 2
    if file_format == "zip":
        assert name == "测试证书.zip"
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = sorted(archive.namelist())
            assert names == sorted(f"{c.number}-{c.name}.pdf" for c in issued)
            assert "20260002" in pdf_text(archive.read(names[1]))
    else:
        assert name == "测试证书.pdf" and pages_of(content) == 2


def test_downloading_one_certificate_is_a_job_of_the_requester(world, issued, client):
    client.force_login(world.users["base"])
    response = client.post(reverse("certificates:certificate_pdf", args=[issued[0].pk]))
    job = Job.objects.get(kind="certificates_pdf")
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED and job.requested_by == world.users["base"]
    download = client.get(reverse("core:job_download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    assert "20260001" in pdf_text(content)
    client.force_login(world.users["city"])  # not the requester: not found
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_the_printed_qr_code_decodes_to_the_verification_address(issued, tmp_path):
    import shutil

    if not shutil.which("zbarimg") or not shutil.which("pdftoppm"):
        pytest.skip("zbarimg (Debian zbar-tools) is needed to read the QR code back")
    buffer = io.BytesIO()
    certificates_pdf([issued[1]], buffer)
    (tmp_path / "c.pdf").write_bytes(buffer.getvalue())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", str(tmp_path / "c.pdf"), str(tmp_path / "p")], check=True
    )
    png = next(tmp_path.glob("p*.png"))
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, check=True)
    assert decoded.stdout.decode().strip() == verify_url(issued[1].number, issued[1].name)
