"""Logged-in pages: the issue page confirms then issues, the list is scoped and searched, revoking needs
a reason, the city publishes the list of those who passed (page and PDF) before issuing (德州)."""

from django.urls import reverse

from certificates.models import Certificate, PassersList
from core.jobs import job_kind

from .factories import approved_class
from .test_documents import pdf_text


def test_the_issue_page_lists_who_is_due_and_issues_on_confirmation(world, client):
    program, _, _, _ = approved_class(world)
    client.force_login(world.users["base"])
    url = reverse("certificates:certificate_issue", args=[program.code])
    page = client.get(url).content.decode()
    assert "待颁发（2 人）" in page and "确认颁发" in page
    assert not Certificate.objects.exists()  # looking issues nothing
    response = client.post(url, follow=True)
    assert "已颁发 2 份培训合格证书（20260001—20260002）" in response.content.decode()
    assert Certificate.objects.count() == 2
    assert "没有待颁发证书的学员" in client.get(url).content.decode()


def test_the_city_cannot_issue_where_the_base_issues(world, client):
    program, _, _, _ = approved_class(world)
    client.force_login(world.users["city"])
    url = reverse("certificates:certificate_issue", args=[program.code])
    assert "不由本机构颁发" in client.get(url).content.decode()
    client.post(url)
    assert not Certificate.objects.exists()


def test_the_list_is_scoped_searched_and_masked_for_who_may_not_see_in_full(world, client):
    program, base, _, _ = approved_class(world)
    from certificates.services import issue_due

    first, second = issue_due(program, base, world.users["base"]).issued
    url = reverse("certificates:certificate_list")
    client.force_login(world.users["base"])
    page = client.get(url, {"q": first.number}).content.decode()
    assert first.id_number in page and second.number not in page
    client.force_login(world.users["province"])  # sees it, masked
    page = client.get(url).content.decode()
    assert first.number in page and first.id_number not in page
    client.force_login(world.users["base_same_county"])
    assert first.number not in client.get(url).content.decode()
    assert client.get(reverse("certificates:certificate_detail", args=[first.pk])).status_code == 404


def test_revoking_from_the_page_needs_a_reason(world, client):
    program, base, _, _ = approved_class(world)
    from certificates.services import issue_due

    certificate = issue_due(program, base, world.users["base"]).issued[0]
    client.force_login(world.users["base"])
    url = reverse("certificates:certificate_revoke", args=[certificate.pk])
    assert "请填写撤销原因" in client.post(url, {"reason": ""}, follow=True).content.decode()
    page = client.post(url, {"reason": "重复参训"}, follow=True).content.decode()
    assert f"证书 {certificate.number} 已撤销" in page
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED and certificate.revoked_reason == "重复参训"


def test_the_city_publishes_the_list_page_and_pdf_before_issuing(world, client):
    program, _, _, (a, b, _short) = approved_class(
        world, certificate_issuer="city", certificate_list_first=True
    )
    client.force_login(world.users["city"])
    issue_url = reverse("certificates:certificate_issue", args=[program.code])
    assert "待颁发（0 人）" in client.get(issue_url).content.decode()
    list_url = reverse("certificates:passers_list", args=[program.code])
    assert 'id="pending-count">2<' in client.get(list_url).content.decode()
    page = client.post(reverse("certificates:passers_publish", args=[program.code]), follow=True)
    assert "共 2 人" in page.content.decode()
    passers = PassersList.objects.get()
    page = client.get(list_url).content.decode()
    assert a.entered_name in page and a.trainee.id_number not in page  # ID numbers masked
    pdf = client.get(reverse("certificates:passers_pdf", args=[passers.pk]))
    text = pdf_text(b"".join(pdf.streaming_content)).replace(" ", "")
    assert passers.title.replace(" ", "") in text and a.entered_name in text and b.entered_name in text
    assert "待颁发（2 人）" in client.get(issue_url).content.decode()


def test_certificate_files_belong_to_their_requester():
    assert not job_kind("certificates_pdf").shared_in_scope
