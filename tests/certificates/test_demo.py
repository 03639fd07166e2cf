"""The demo's certificates (seed_demo): the 德州 2021 list of those who passed published by the city,
their training certificates issued by the city with numbers 20210001…, one revoked; a second run adds
nothing."""

import datetime

import pytest
from django.core.management import call_command

from certificates.models import Certificate, PassersList
from programs.models import Program


@pytest.fixture
def seeded(db):
    call_command("seed_demo")


def test_the_dezhou_passers_are_listed_and_certified_and_one_is_revoked(seeded):
    program = Program.objects.get(code="dezhou-2021")
    assert program.policy.certificate_list_first and program.policy.certificate_issuer == "city"
    passers = PassersList.objects.get(program=program)
    certificates = Certificate.objects.filter(program=program).order_by("number")
    assert certificates.count() == passers.entries.count() == 14
    assert [c.number for c in certificates] == [f"2021{i:04d}" for i in range(1, 15)]
    assert {c.issuer.code for c in certificates} == {"371400"}
    assert {c.issued_on for c in certificates} == {datetime.date(2021, 12, 20)}
    revoked = certificates.get(status=Certificate.Status.REVOKED)
    assert revoked.revoked_reason and revoked.revoked_on == datetime.date(2022, 1, 14)
    assert not certificates.filter(occupation_name="焊工").exists()  # the national-certificate trade

    call_command("seed_demo")
    assert Certificate.objects.count() == 14 and PassersList.objects.count() == 1
