"""The one step runner and the one list of visible steps (core.workflow), through the real step tables.

The runner is proven on the plan's and the roster filing's tables: it refuses a wrong role and a wrong
state with a Chinese message and changes nothing; two people taking a step at the same moment make one
transition; what each persona may do now is exactly what the table says.
"""

import dataclasses
import re
import threading

import pytest
from django.db import connection
from django.urls import reverse

from bases.models import PlanApplication
from bases.workflows import PLAN_WORKFLOW, PlanError
from core.errors import PortalError
from core.models import AuditEntry
from core.workflow import Step, Workflow
from tests.bases.factories import make_base, make_plan
from tests.conftest import make_user
from tests.trainees.factories import make_enrollment, quota_program
from trainees.models import RosterFiling
from trainees.services import roster_file
from trainees.workflows import FILING_WORKFLOW, FilingError

Status = PlanApplication.Status


def visible(user, plan) -> list[str]:
    return [step.name for step in PLAN_WORKFLOW.available(user, plan)]


def audited(plan) -> int:
    return AuditEntry.objects.filter(object_id=str(plan.pk), action__startswith="plan.").count()


def test_every_refusal_is_a_portal_error():
    for workflow in (PLAN_WORKFLOW, FILING_WORKFLOW):
        assert issubclass(workflow.error, PortalError)


def test_a_wrong_role_is_refused_and_nothing_changes(world):
    plan = make_plan(world, status="submitted")
    before = audited(plan)
    with pytest.raises(PlanError, match="您的角色不能执行此操作"):
        PLAN_WORKFLOW.run("stamp", actor=world.users["base"], obj=plan, opinion="自己盖")
    with pytest.raises(PlanError, match="您的角色不能执行此操作"):
        PLAN_WORKFLOW.run("approve", actor=world.users["county"], obj=plan, opinion="越级")
    plan.refresh_from_db()
    assert (plan.status, plan.county_stamped_at, audited(plan)) == (Status.SUBMITTED, None, before)


def test_a_wrong_state_is_refused_with_the_current_state_and_nothing_changes(world):
    plan = make_plan(world, status="draft")
    before = audited(plan)
    with pytest.raises(PlanError) as refused:
        PLAN_WORKFLOW.run("stamp", actor=world.users["county"], obj=plan, opinion="同意")
    assert str(refused.value) == "操作未完成：该计划当前状态为“草稿”，可能已由他人处理，请刷新页面后查看。"
    plan.refresh_from_db()
    assert (plan.status, plan.county_opinion, audited(plan)) == (Status.DRAFT, "", before)


def test_a_required_opinion_is_asked_for_by_its_label(world):
    plan = make_plan(world, status="submitted")
    with pytest.raises(PlanError, match="请填写退回理由"):
        PLAN_WORKFLOW.run("return", actor=world.users["county"], obj=plan, opinion="   ")
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED


def test_a_step_records_its_transition_with_state_labels_and_opinion(world):
    plan = make_plan(world, status="submitted")
    PLAN_WORKFLOW.run("stamp", actor=world.users["county"], obj=plan, opinion="经审核，同意上报。")
    entry = AuditEntry.objects.filter(object_id=str(plan.pk), action="plan.stamp").get()
    assert (entry.from_state, entry.to_state, entry.note, entry.organisation) == (
        "基地已盖章提交",
        "县区已审核盖章",
        "经审核，同意上报。",
        plan.base.organisation,
    )
    plan.refresh_from_db()
    assert plan.county_opinion == "经审核，同意上报。" and plan.county_stamped_at is not None


def test_a_failing_check_rolls_the_whole_step_back(world):
    """The check runs under the lock and inside the transaction: a refusal leaves no trace."""
    plan = make_plan(world, status="draft")
    plan.lines.all().delete()
    with pytest.raises(PlanError, match="没有任何培训职业"):
        PLAN_WORKFLOW.run("submit", actor=world.users["base"], obj=plan, opinion="同意")
    plan.refresh_from_db()
    assert (plan.status, plan.base_stamped_at) == (Status.DRAFT, None)
    assert not AuditEntry.objects.filter(object_id=str(plan.pk), action="plan.submit").exists()


def test_the_visible_steps_per_persona_follow_the_table(world):
    plan = make_plan(world, status="submitted")
    users = world.users
    assert visible(users["base"], plan) == ["withdraw"]
    assert visible(users["county"], plan) == ["stamp", "return"]
    assert visible(users["city"], plan) == []
    assert visible(users["province"], plan) == []
    plan = PLAN_WORKFLOW.run("stamp", actor=users["county"], obj=plan, opinion="同意")
    assert visible(users["base"], plan) == []
    assert visible(users["county"], plan) == []
    assert visible(users["city"], plan) == ["approve", "return", "reject"]
    plan = PLAN_WORKFLOW.run("approve", actor=users["city"], obj=plan)
    assert visible(users["city"], plan) == ["publish"]  # a link to the notice page, not a form


def test_a_new_step_is_one_line_in_the_table():
    """A toy table: the runner, the visible steps and the URLs all follow from the line alone."""
    reopen = Step(
        "reopen", "重新打开", ("city",), ("rejected",), "draft", action="plan.return", done="已打开"
    )
    table = dataclasses.replace(PLAN_WORKFLOW, steps=[*PLAN_WORKFLOW.steps, reopen])
    assert isinstance(table, Workflow) and table.step("reopen") is reopen
    urls = {
        pattern.name
        for pattern in table.urls(lambda request: None, prefix="p/<int:pk>/", name_prefix="plan_")
    }
    assert "plan_reopen" in urls and "plan_publish" not in urls  # linked steps have no URL of their own


@pytest.mark.django_db(transaction=True)
def test_two_people_acknowledging_and_returning_at_once_make_one_transition(world):
    """The filing's table through the same runner: one of two simultaneous decisions wins."""
    program = quota_program(world)
    enrollment = make_enrollment(program=program, base=make_base(world), serial=1)
    filing = roster_file(actor=world.users["base"], base=enrollment.base, program=enrollment.program)
    colleague = make_user("u-county-colleague", world.county)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(user, step: str) -> None:
        try:
            barrier.wait()
            FILING_WORKFLOW.run(step, actor=user, obj=RosterFiling.objects.get(pk=filing.pk), opinion="意见")
            outcomes[step] = "done"
        except FilingError as error:
            outcomes[step] = str(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(world.users["county"], "acknowledge")),
        threading.Thread(target=decide, args=(colleague, "return")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(o == "done" for o in outcomes.values()) == [False, True]
    loser = next(o for o in outcomes.values() if o != "done")
    assert "该花名册当前状态为" in loser and "可能已由他人处理" in loser
    decisions = AuditEntry.objects.filter(
        object_id=str(filing.pk), action__in=["roster.acknowledge", "roster.return"]
    )
    assert decisions.count() == 1
    winner = next(step for step, o in outcomes.items() if o == "done")
    assert RosterFiling.objects.get(pk=filing.pk).status == FILING_WORKFLOW.step(winner).target


# --- the page draws exactly the steps of the table -----------------------------------------------------


def drawn_steps(response) -> list[str]:
    return re.findall(r'data-step="([a-z_]+)"', response.content.decode())


@pytest.mark.parametrize(
    ("status", "persona", "expected"),
    [
        ("draft", "base", ["submit"]),
        ("submitted", "base", ["withdraw"]),
        ("submitted", "county", ["stamp", "return"]),
        ("submitted", "city", []),
        ("county_approved", "city", ["approve", "return", "reject"]),
        ("county_approved", "province", []),
    ],
)
def test_the_plan_page_draws_the_visible_steps_and_nothing_else(world, login, status, persona, expected):
    plan = make_plan(world, status=status)
    response = login(world.users[persona]).get(reverse("bases:plan_detail", args=[plan.pk]))
    assert drawn_steps(response) == expected
    assert expected == [s for s in visible(world.users[persona], plan) if s != "publish"]


def test_the_buttons_and_forms_come_from_the_step_lines(world, login, monkeypatch):
    """Change a line of the table and the page changes with it: label, opinion label, default text."""
    plan = make_plan(world, status="submitted")
    stamp = PLAN_WORKFLOW.step("stamp")
    changed = dataclasses.replace(
        stamp,
        label="核验盖章",
        opinion=dataclasses.replace(stamp.opinion, label="核验意见", initial="核验无误。"),
    )
    monkeypatch.setitem(PLAN_WORKFLOW.by_name, "stamp", changed)
    monkeypatch.setattr(PLAN_WORKFLOW, "steps", [changed if s is stamp else s for s in PLAN_WORKFLOW.steps])
    page = login(world.users["county"]).get(reverse("bases:plan_detail", args=[plan.pk])).content.decode()
    assert '<button type="submit" class="primary">核验盖章</button>' in page
    assert '<label for="opinion-stamp">核验意见</label>' in page and ">核验无误。</textarea>" in page
    assert ">审核盖章</button>" not in page
