import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

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
from programs.workflows import ProgramError
from tests.ids import make_id
from tests.programs.factories import make_program


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
        employer_type="enterprise",
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
    with pytest.raises(ProgramError, match="不能变更为“已结束”"):
        program_set_status(actor=world.users["city"], program=program, status="closed")
    assert AuditEntry.objects.filter(
        action="program.status", from_state="草稿", to_state="计划申报中"
    ).exists()


def test_the_programme_page_offers_the_status_steps_of_its_table(world, program, login):
    city = login(world.users["city"])
    detail = reverse("programs:program_detail", args=[program.code])
    page = city.get(detail).content.decode()
    assert re.findall(r'data-step="([a-z_]+)"', page) == ["open"]
    response = city.post(
        reverse("programs:program_status", args=[program.code]), {"step": "open"}, follow=True
    )
    assert "项目状态已变更为“计划申报中”" in response.content.decode()
    page = city.get(detail).content.decode()
    assert re.findall(r'data-step="([a-z_]+)"', page) == ["start_training", "back_to_draft"]
    # A step that does not start here is refused in Chinese, and nothing moves.
    response = city.post(
        reverse("programs:program_status", args=[program.code]), {"step": "close"}, follow=True
    )
    assert "该项目当前状态为“计划申报中”" in response.content.decode()
    program.refresh_from_db()
    assert program.status == "open"
    assert (
        re.findall(r'data-step="([a-z_]+)"', login(world.users["province"]).get(detail).content.decode())
        == []
    )


def test_the_exception_proof_is_required_only_under_an_exception_route():
    policy = PolicyVersion(materials_required=["exception_proof", "truth_statement", "id_copy"])
    # In MaterialKind order, whatever order the policy lists them in.
    assert policy.materials_required_for("certificate") == ["id_copy", "truth_statement"]
    assert policy.materials_required_for("honour_cert_or_years") == [
        "id_copy",
        "truth_statement",
        "exception_proof",
    ]
    assert policy.materials_required_for("honour_next_level")[-1] == "exception_proof"
    assert PolicyVersion(materials_required=["id_copy"]).materials_required_for("honour_next_level") == [
        "id_copy"
    ]


def test_a_new_policy_requires_the_materials_of_spec_section_6(world):
    program = make_program(world)
    assert program.policy.materials_required == ["id_copy", "contract", "certificate", "photo"]


def test_an_unknown_material_kind_is_refused(world, program):
    policy = program.policy
    policy.materials_required = ["id_copy", "selfie"]
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert "materials_required" in error.value.message_dict
