"""Certificates in a real browser (SPEC §8, issue 12): from an approved results batch, base staff issue
the certificates due (confirmation page), download one as a PDF (a job of theirs), and its verification
page — opened at the address its QR code carries — says 有效; after revoking it (reason, confirmation) the
same page says 已撤销 with the date."""

import subprocess
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from certificates.documents import verify_url
from certificates.models import Certificate
from tests.browser.test_results_journey import _login
from tests.certificates.factories import approved_class


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_from_approved_results_to_a_verified_then_revoked_certificate(
    page: Page, live_server, world, tmp_path
):
    program, _, _, _ = approved_class(world)
    page.on("dialog", lambda dialog: dialog.accept())

    _login(page, live_server.url, "u-base")
    page.get_by_role("link", name="培训证书").first.click()
    page.locator("select[name='program']").select_option(str(program.pk))
    page.get_by_role("button", name="查询").click()
    page.locator("#issue-link").click()
    expect(page.get_by_text("待颁发（2 人）")).to_be_visible()
    page.locator("#issue-button").click()
    expect(page.get_by_text("已颁发 2 份培训合格证书（20260001—20260002）")).to_be_visible()

    page.get_by_role("link", name="20260001").click()
    page.locator("#certificate-pdf").click()
    with page.expect_download() as download_info:
        page.locator("#job-download-link").click()
    path = tmp_path / "certificate.pdf"
    download_info.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert "编号：20260001" in text

    certificate = Certificate.objects.get(number="20260001")
    target = urlparse(verify_url(certificate.number, certificate.name))
    verify_page = f"{live_server.url}{target.path}?{target.query}"
    page.goto(verify_page)
    expect(page.locator("#verify-status")).to_have_text("有效")

    page.goto(f"{live_server.url}/certificates/{certificate.pk}/")
    page.get_by_label("撤销原因").fill("重复参训")
    page.locator("#revoke-button").click()
    expect(page.get_by_text("证书 20260001 已撤销")).to_be_visible()
    page.goto(verify_page)
    expect(page.locator("#verify-status")).to_have_text("已撤销")
    expect(page.locator("#revoked-on")).to_contain_text("撤销")
