import datetime

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEntry
from programs.eligibility import Facts
from programs.models import PolicyVersion, Program
from programs.services import (
    PolicyChangeNeedsConfirmation,
    eligibility_decide,
    policy_update,
    policy_version_freeze,
    program_copy,
    program_set_status,
)
from tests.programs.factories import make_program

from ..unit.ids import make_id


@pytest.fixture
def program(world):
    return make_program(world)


def test_editing_an_unused_policy_changes_it_in_place_and_is_audited(world, program):
    version = policy_update(actor=world.users["city"], program=program, values={"age_min": 30})
    assert version.number == 1 and version.age_min == 30
    entry = AuditEntry.objects.get(action="policy.update")
    assert "最低年龄（周岁）：29 → 30" in entry.note


def test_editing_a_policy_in_use_needs_confirmation_and_creates_a_version(world, program):
    policy_version_freeze(program.policy)
    with pytest.raises(PolicyChangeNeedsConfirmation):
        policy_update(actor=world.users["city"], program=program, values={"age_max": 45})
    assert PolicyVersion.objects.filter(program=program).count() == 1

    version = policy_update(
        actor=world.users["city"], program=program, values={"age_max": 45}, note="收紧年龄", confirmed=True
    )
    program.refresh_from_db()
    assert (version.number, program.policy, version.age_max) == (2, version, 45)
    old = PolicyVersion.objects.get(program=program, number=1)
    assert old.age_max == 50  # the version earlier decisions were made under is untouched
    entry = AuditEntry.objects.get(action="policy.version")
    assert (entry.from_state, entry.to_state) == ("第1版", "第2版")


def test_decisions_use_the_current_version(world, program):
    applicant = Facts(
        id_number=make_id(datetime.date(1980, 1, 1)),
        social_insurance=True,
        target_occupation="焊工",
        years_in_trade=20,
    )
    assert eligibility_decide(program=program, facts=applicant, target_level=2).eligible
    policy_version_freeze(program.policy)
    policy_update(actor=world.users["city"], program=program, values={"age_max": 40}, confirmed=True)
    program.refresh_from_db()
    decision = eligibility_decide(program=program, facts=applicant, target_level=2)
    assert not decision.eligible and decision.codes == ("age_above_max",)


@pytest.mark.parametrize(
    "values, field",
    [
        ({"age_min": 51}, "age_max"),
        ({"hours_theory": 300}, "hours_theory"),
        ({"hours_ideology": 100, "hours_theory": 110, "hours_practice": 90}, "hours_total"),
    ],
)
def test_inconsistent_rules_are_refused(world, program, values, field):
    with pytest.raises(ValidationError) as error:
        policy_update(actor=world.users["city"], program=program, values=values)
    assert field in error.value.message_dict


def test_copying_a_programme_starts_next_year_with_the_same_policy(world, program):
    program.deadlines.create(label="计划申报", due=datetime.date(2028, 2, 29))  # a leap day
    new = program_copy(
        actor=world.users["city"], program=program, year=2027, code="test-2027", name="2027年度"
    )
    assert new.policy.number == 1 and new.policy.age_min == 29 and new.policy.routes == program.policy.routes
    assert new.training_start == datetime.date(2027, 6, 1)
    assert [d.due for d in new.deadlines.all()] == [datetime.date(2029, 2, 28)]
    assert new.status == Program.Status.DRAFT


def test_status_moves_only_along_the_allowed_transitions(world, program):
    program = program_set_status(actor=world.users["city"], program=program, status="open")
    assert program.status == "open"
    with pytest.raises(ValidationError):
        program_set_status(actor=world.users["city"], program=program, status="closed")
    # States are recorded as the labels a clerk reads, never the raw codes.
    assert AuditEntry.objects.filter(
        action="program.status", from_state="草稿", to_state="计划申报中"
    ).exists()
