"""Issuing: only who completed and passed, numbers YYYY + 4 digits per city and year, idempotent,
revocation keeps the number, policy decides the issuer, 德州's list first, concurrency on PostgreSQL."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from certificates.models import Certificate, CertificateSequence
from certificates.services import (
    CertificateError,
    certificate_revoke,
    due_enrollments,
    issue_due,
    passers_list_publish,
)
from core.models import AuditEntry
from programs.models import Occupation

from .factories import approved_class


def test_only_trainees_who_completed_and_passed_get_a_numbered_certificate(world):
    program, base, training_class, (a, b, short) = approved_class(world)
    report = issue_due(program, base, world.users["base"])
    assert [c.enrollment for c in report.issued] == sorted([a, b], key=lambda e: e.trainee.id_number)
    assert [c.number for c in report.issued] == ["20260001", "20260002"]
    first = report.issued[0]
    assert first.issuer == base.organisation and first.issuer_name == base.organisation.display_name
    assert first.name == first.enrollment.entered_name and len(first.id_number) == 18
    assert (first.training_start, first.training_end) == (training_class.start, training_class.end)
    assert first.title == "2026年度临沂市“金蓝领”培训合格证"
    assert not Certificate.objects.filter(enrollment=short).exists()
    assert AuditEntry.objects.get(action="certificate.issue").note == "2 份（20260001—20260002）"


def test_issuing_again_issues_nothing_and_reports_what_was_issued(world):
    program, base, _, _ = approved_class(world)
    issue_due(program, base, world.users["base"])
    again = issue_due(program, base, world.users["base"])
    assert again.issued == []
    assert [c.number for c in again.already_issued] == ["20260001", "20260002"]
    assert CertificateSequence.objects.get(city=world.city, year=2026).last == 2


def test_a_revoked_number_stays_used_and_the_reason_is_required(world):
    program, base, _, _ = approved_class(world)
    staff = world.users["base"]
    issued = issue_due(program, base, staff).issued
    with pytest.raises(CertificateError, match="请填写撤销原因"):
        certificate_revoke(actor=staff, certificate=issued[0], reason="  ")
    with pytest.raises(CertificateError, match="只能由发证机构撤销"):
        certificate_revoke(actor=world.users["city"], certificate=issued[0], reason="错发")
    revoked = certificate_revoke(actor=staff, certificate=issued[0], reason="重复参训")
    assert revoked.status == Certificate.Status.REVOKED and revoked.revoked_on is not None
    with pytest.raises(CertificateError, match="已于"):
        certificate_revoke(actor=staff, certificate=issued[0], reason="再次")
    # The revoked trainee is not due again, and the next number continues after the revoked one.
    again = issue_due(program, base, staff)
    assert again.issued == []
    assert {c.status for c in again.already_issued} == {"valid", "revoked"}
    assert Certificate.objects.get(number="20260001").status == Certificate.Status.REVOKED
    assert CertificateSequence.objects.get(city=world.city, year=2026).last == 2


def test_the_policy_names_the_issuer(world):
    program, base, _, _ = approved_class(world, certificate_issuer="city")
    with pytest.raises(CertificateError, match="由市人社局颁发"):
        issue_due(program, base, world.users["base"])
    with pytest.raises(CertificateError, match="由市人社局颁发"):
        issue_due(program, None, world.users["city_other"])
    report = issue_due(program, None, world.users["city"])
    assert {c.issuer for c in report.issued} == {world.city}


def test_no_certificates_under_a_national_certificate_policy(world):
    program, base, _, _ = approved_class(world, certificate_issuer="national")
    with pytest.raises(CertificateError, match="不由本系统颁发"):
        issue_due(program, base, None)


def test_national_certificate_occupations_are_left_out_where_the_policy_says(world):
    program, base, _, _ = approved_class(world, certificate_national_excluded=True)
    program.national_occupations.set(Occupation.objects.filter(name="焊工"))
    assert not due_enrollments(program, base).exists()
    program.policy.certificate_national_excluded = False
    program.policy.save()
    assert due_enrollments(program, base).count() == 2


def test_the_city_publishes_the_list_first_where_the_policy_says(world):
    program, _base, _, (a, b, _short) = approved_class(
        world, certificate_issuer="city", certificate_list_first=True
    )
    city = world.users["city"]
    assert issue_due(program, None, city).issued == []  # nobody listed yet
    with pytest.raises(CertificateError, match="由市人社局公布"):
        passers_list_publish(actor=world.users["base"], program=program)
    passers = passers_list_publish(actor=city, program=program)
    assert {e.enrollment for e in passers.entries.all()} == {a, b}
    with pytest.raises(CertificateError, match="没有新的考评合格学员"):
        passers_list_publish(actor=city, program=program)
    assert len(issue_due(program, None, city).issued) == 2


def test_the_command_prints_the_issue_json_and_a_second_run_issues_nothing(world, capsys):
    import json

    program, _base, _, _ = approved_class(world)
    call_command("issue_certificates", "--program", program.code, "--json")
    first = json.loads(capsys.readouterr().out)
    assert [c["number"] for c in first["issued"]] == ["20260001", "20260002"]
    assert set(first["issued"][0]) == {"number", "name", "base", "occupation", "level"}
    assert first["issued"][0]["level"] == "技师" and first["issued"][0]["occupation"] == "焊工"
    assert first["already_issued"] == []
    call_command("issue_certificates", "--program", program.code, "--base", "T-BASE-A", "--json")
    second = json.loads(capsys.readouterr().out)
    assert second["issued"] == []
    assert [(c["number"], c["status"]) for c in second["already_issued"]] == [
        ("20260001", "有效"),
        ("20260002", "有效"),
    ]


def test_the_command_refuses_in_chinese(world):
    from django.core.management.base import CommandError

    program, _, _, _ = approved_class(world, certificate_issuer="")
    with pytest.raises(CommandError, match="不由本系统颁发"):
        call_command("issue_certificates", "--program", program.code)
    with pytest.raises(CommandError, match="找不到项目代码"):
        call_command("issue_certificates", "--program", "nope")


@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_neither_duplicate_nor_skip_numbers(world):
    """Four batches at the same moment (the base twice, the base's colleague, the whole programme by a
    command), each in its own thread and connection, all drawing on the city's 2026 sequence: every due
    certificate exactly once, numbers 1..N without a gap, the counter at N."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from accounts.models import User

    program, base, _, _ = approved_class(world, trainees=8)
    colleague = User.objects.create_user(username="u-base-colleague", organisation=world.base)
    barrier = threading.Barrier(4)
    errors: list[Exception] = []
    reports = []

    def run(actor, which):
        try:
            barrier.wait(timeout=10)
            reports.append(issue_due(program, which, actor))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    actors = [(world.users["base"], base), (colleague, base), (None, None), (world.users["base"], None)]
    threads = [threading.Thread(target=run, args=pair) for pair in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers == [f"2026{i:04d}" for i in range(1, 8)]
    assert sum(len(r.issued) for r in reports) == 7  # one batch issued them all, the others none
    assert sorted(len(r.issued) for r in reports) == [0, 0, 0, 7]
    assert CertificateSequence.objects.get(city=world.city, year=2026).last == 7
