"""The public verification page: number and name both required → 有效 / 已撤销 (with the date) / 未找到,
masked name; rate limited per client address."""

import pytest
from django.urls import reverse

from certificates.services import certificate_revoke, issue_due

from .factories import approved_class

URL = "/public/verify/"


@pytest.fixture
def certificate(world):
    program, base, _, _ = approved_class(world)
    return issue_due(program, base, world.users["base"]).issued[0]


def test_the_address_is_public(certificate):
    assert reverse("certificates_public:verify") == URL


def test_a_valid_certificate_shows_valid_with_masked_name_and_facts(client, certificate):
    response = client.get(URL, {"no": certificate.number, "name": certificate.name})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="verify-status">有效<' in page
    assert certificate.name not in page.split('id="verify-result"')[1]
    assert certificate.name[0] + "*" in page
    for fact in (certificate.program_name, "焊工", "技师", certificate.issuer_name):
        assert fact in page


def test_a_revoked_certificate_shows_revoked_with_the_date(client, certificate, world):
    revoked = certificate_revoke(actor=world.users["base"], certificate=certificate, reason="错发")
    page = client.get(URL, {"no": certificate.number, "name": certificate.name}).content.decode()
    assert 'id="verify-status">已撤销<' in page
    d = revoked.revoked_on
    assert f"{d.year}年{d.month}月{d.day}日 撤销" in page


def test_a_wrong_name_or_unknown_number_is_not_found(client, certificate):
    for params in (
        {"no": certificate.number, "name": "王某某"},
        {"no": "20269999", "name": certificate.name},
    ):
        page = client.get(URL, params).content.decode()
        assert "未找到" in page and "verify-result" not in page


def test_both_fields_are_required(client, certificate):
    page = client.get(URL, {"no": certificate.number}).content.decode()
    assert "请同时填写证书编号和姓名" in page and "verify-result" not in page
    assert client.get(URL).status_code == 200  # the empty form


def test_lookups_are_rate_limited_per_client_address(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_LIMIT = (3, 600)
    params = {"no": certificate.number, "name": certificate.name}
    for _ in range(3):
        assert client.get(URL, params, REMOTE_ADDR="10.0.0.1").status_code == 200
    limited = client.get(URL, params, REMOTE_ADDR="10.0.0.1")
    assert limited.status_code == 429
    assert "查询过于频繁" in limited.content.decode() and "verify-result" not in limited.content.decode()
    # Another address still gets its answer.
    assert "有效" in client.get(URL, params, REMOTE_ADDR="10.0.0.2").content.decode()
