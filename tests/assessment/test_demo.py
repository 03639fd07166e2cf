"""The demo's results (seed_demo): the 德州 2021 classes at 德州职业技术学院 assessed — the trainee short of
hours not passed, one fail, the others pass — in one batch approved by the city; 焊工 is the programme's
national-certificate occupation; a second run adds nothing."""

import pytest
from django.core.management import call_command

from assessment.models import Result, ResultBatch
from assessment.selectors import national_route_occupation_ids, passed_enrollments
from core.models import AuditEntry
from programs.models import Occupation, Program


@pytest.fixture
def seeded(db):
    call_command("seed_demo")


def test_the_dezhou_classes_are_assessed_and_the_batch_approved_by_the_city(seeded):
    program = Program.objects.get(code="dezhou-2021")
    batch = ResultBatch.objects.get(program=program)
    assert batch.status == ResultBatch.Status.APPROVED and batch.approved_by.username == "dezhou"
    assert batch.assessor == batch.base.organisation  # 德州: the base with the employers
    results = Result.objects.filter(batch=batch)
    assert results.count() == 16
    assert results.filter(outcome=Result.Outcome.FAIL).count() == 2  # the short trainee and one fail
    assert passed_enrollments(program).count() == 14
    assert set(AuditEntry.objects.filter(object_id=str(batch.pk)).values_list("action", flat=True)) >= {
        "results.record",
        "results.submit",
        "results.approve",
    }
    assert national_route_occupation_ids(program) == {Occupation.objects.get(name="焊工").pk}
    call_command("seed_demo")
    assert Result.objects.count() == 16
