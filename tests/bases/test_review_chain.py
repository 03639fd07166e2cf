"""Who reviews is policy (SPEC §3): the step table's steps are switched on and off by the programme's
policy, never by the city's name. The public notice lasts at least the policy's minimum number of
working days, and no path confirms a plan before its notice has ended (issue 9.8)."""

import datetime

import pytest
from django.urls import reverse

from bases import services
from bases.models import PlanApplication, Publication
from bases.workflows import PLAN_WORKFLOW, PlanError
from core.models import AuditEntry
from core.workdays import working_day_end, working_days
from programs.models import Program
from tests.bases.factories import make_base, make_plan, open_program
from tests.programs.factories import load_presets, make_program
from tests.trainees.factories import make_enrollment, quota_program
from trainees.models import RosterFiling
from trainees.services import roster_file
from trainees.workflows import FILING_WORKFLOW

Status = PlanApplication.Status
MONDAY = datetime.date(2026, 6, 1)


def actions(plan) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(plan.pk), action__startswith="plan.")
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )


# --- the chain -----------------------------------------------------------------------------------------


def test_a_dezhou_style_chain_files_with_the_city_and_skips_the_county(world):
    program = open_program(world, plan_county_review=False, plan_public_notice=False)
    plan = make_plan(world, program=program, status="submitted")
    county, city = world.users["county"], world.users["city"]
    assert PLAN_WORKFLOW.available(county, plan) == []
    assert [s.name for s in PLAN_WORKFLOW.available(city, plan)] == ["approve_final", "return", "reject"]
    with pytest.raises(PlanError, match="不含“审核盖章”环节"):
        services.plan_stamp(actor=county, plan=plan, opinion="同意")
    plan = services.plan_approve(actor=city, plan=plan, opinion="同意备案。")
    assert plan.status == Status.CONFIRMED and plan.county_stamped_at is None
    assert actions(plan) == ["plan.create", "plan.update", "plan.submit", "plan.approve_final"]
    with pytest.raises(PlanError, match="不含公示环节"):
        services.notice_publish(
            actor=city, program=program, plans=[plan], title="公示", starts_on=MONDAY, ends_on=MONDAY
        )


def test_the_city_may_return_a_plan_filed_directly_with_it(world):
    program = open_program(world, plan_county_review=False)
    plan = make_plan(world, program=program, status="submitted")
    plan = services.plan_return(actor=world.users["city"], plan=plan, reason="人数过多")
    assert plan.status == Status.RETURNED


def test_with_the_county_in_the_chain_the_city_waits_for_its_stamp(world):
    plan = make_plan(world, status="submitted")
    with pytest.raises(PlanError, match="可能已由他人处理"):
        services.plan_approve(actor=world.users["city"], plan=plan)
    assert PLAN_WORKFLOW.available(world.users["city"], plan) == []


def test_the_chain_is_edited_in_the_policy_form(world, login):
    program = open_program(world)
    page = login(world.users["city"]).get(reverse("programs:policy_update", args=[program.code]))
    html = page.content.decode()
    for name in (
        "plan_county_review",
        "plan_public_notice",
        "notice_min_working_days",
        "roster_city_recheck",
    ):
        assert f'name="{name}"' in html
    detail = login(world.users["city"]).get(reverse("programs:program_detail", args=[program.code]))
    assert "基地盖章申报 → 县区审核盖章 → 市级审批 → 公示（不少于5个工作日） → 确定实施单位" in (
        detail.content.decode()
    )


def test_presets_set_the_chain_as_their_notices_say(db):
    load_presets()
    chains = {
        p.code: (p.policy.plan_county_review, p.policy.plan_public_notice, p.policy.roster_city_recheck)
        for p in Program.objects.select_related("policy")
    }
    assert chains == {
        "linyi-2023": (True, True, False),
        "weihai-2019": (True, False, False),
        "dezhou-2021": (False, False, False),
        "weifang-2020": (True, False, True),
        "taian-2021": (True, False, False),
    }


def test_a_weifang_style_roster_is_rechecked_by_the_city(world):
    program = quota_program(world, roster_city_recheck=True)
    base = make_base(world)
    make_enrollment(program=program, base=base, serial=1)
    filing = roster_file(actor=world.users["base"], base=base, program=program)
    city = world.users["city"]
    assert FILING_WORKFLOW.available(city, filing) == []
    filing = FILING_WORKFLOW.run("acknowledge", actor=world.users["county"], obj=filing, opinion="盖章")
    assert [s.name for s in FILING_WORKFLOW.available(city, filing)] == ["recheck", "return"]
    filing = FILING_WORKFLOW.run("recheck", actor=city, obj=filing, opinion="复核无误")
    assert filing.status == RosterFiling.Status.CITY_CHECKED


def test_without_the_recheck_the_city_has_no_filing_step(world):
    program = quota_program(world)
    base = make_base(world)
    make_enrollment(program=program, base=base, serial=1)
    filing = roster_file(actor=world.users["base"], base=base, program=program)
    filing = FILING_WORKFLOW.run("acknowledge", actor=world.users["county"], obj=filing)
    assert FILING_WORKFLOW.available(world.users["city"], filing) == []
    with pytest.raises(Exception, match="不含“复核备案”环节"):
        FILING_WORKFLOW.run("recheck", actor=world.users["city"], obj=filing)


# --- the notice period ----------------------------------------------------------------------------------


def test_working_days_count_monday_to_friday():
    friday, sunday = datetime.date(2026, 6, 5), datetime.date(2026, 6, 7)
    assert working_days(MONDAY, friday) == 5
    assert working_days(MONDAY, sunday) == 5
    assert working_days(MONDAY, MONDAY) == 1
    assert working_days(friday, MONDAY) == 0
    assert working_days(MONDAY, datetime.date(2026, 6, 30)) == 22
    assert working_day_end(MONDAY, 5) == friday
    assert working_day_end(datetime.date(2026, 6, 6), 5) == datetime.date(2026, 6, 12)  # from a Saturday
    assert working_day_end(datetime.date(2026, 6, 4), 5) == datetime.date(2026, 6, 10)  # over a weekend


def publish(world, plan, starts_on, ends_on):
    return services.notice_publish(
        actor=world.users["city"],
        program=plan.program,
        plans=[plan],
        title="公示",
        starts_on=starts_on,
        ends_on=ends_on,
        objection_phone="0539-8721234",
        objection_address="临沂市北城新区",
    )


def test_a_notice_shorter_than_the_minimum_is_refused(world):
    plan = make_plan(world, status="city_approved")
    with pytest.raises(PlanError, match="公示期不得少于 5 个工作日（所选期间只有 1 个工作日）"):
        publish(world, plan, MONDAY, MONDAY)
    with pytest.raises(PlanError, match="只有 4 个工作日"):
        publish(world, plan, MONDAY, datetime.date(2026, 6, 4))
    assert not Publication.objects.exists()
    plan.refresh_from_db()
    assert plan.status == Status.CITY_APPROVED


def test_the_minimum_is_the_policys(world):
    program = open_program(world, notice_min_working_days=7)
    plan = make_plan(world, program=program, status="city_approved")
    with pytest.raises(PlanError, match="不得少于 7 个工作日"):
        publish(world, plan, MONDAY, datetime.date(2026, 6, 5))
    publish(world, plan, MONDAY, datetime.date(2026, 6, 9))


def test_dismissing_an_objection_during_the_notice_does_not_confirm_the_plan(world):
    plan = make_plan(world, status="city_approved")
    publication = publish(world, plan, MONDAY, datetime.date(2026, 6, 5))
    city = world.users["city"]
    objection = services.objection_record(actor=city, plan=plan, received_on=MONDAY, content="人数虚报")
    plan = services.objection_resolve(
        actor=city, objection=objection, upheld=False, note="经核实不成立", today=MONDAY
    )
    assert plan.status == Status.IN_NOTICE
    with pytest.raises(PlanError, match="期满后方可确定"):
        services.notice_close(actor=city, publication=publication, today=datetime.date(2026, 6, 5))
    with pytest.raises(PlanError, match="期满后方可确定"):
        services.plan_step(actor=city, plan=plan, step="confirm", today=datetime.date(2026, 6, 5))
    assert services.notices_close_due(today=datetime.date(2026, 6, 5)) == 0
    plan.refresh_from_db()
    assert plan.status == Status.IN_NOTICE
    assert services.notices_close_due(today=datetime.date(2026, 6, 6)) == 1
    plan.refresh_from_db()
    assert plan.status == Status.CONFIRMED


def test_dismissing_an_objection_after_the_notice_ended_confirms_the_plan(world):
    plan = make_plan(world, status="city_approved")
    publish(world, plan, MONDAY, datetime.date(2026, 6, 5))
    city = world.users["city"]
    objection = services.objection_record(actor=city, plan=plan, received_on=MONDAY, content="人数虚报")
    plan = services.objection_resolve(
        actor=city, objection=objection, upheld=False, note="经核实不成立", today=datetime.date(2026, 6, 8)
    )
    assert plan.status == Status.CONFIRMED
    assert actions(plan)[-3:] == ["plan.objection", "plan.objection_dismiss", "plan.confirm"]


def test_the_publish_form_defaults_to_the_minimum_and_the_city_contact(world, login, monkeypatch):
    plan = make_plan(world, status="city_approved")
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: datetime.date(2026, 6, 4))
    form = login(world.users["city"]).get(reverse("bases:publication_create", args=[plan.program.code]))
    initial = form.context["form"].initial
    assert (initial["starts_on"], initial["ends_on"]) == (
        datetime.date(2026, 6, 4),
        datetime.date(2026, 6, 10),
    )
    assert initial["objection_address"] == world.city.display_name


def test_the_next_notice_is_prefilled_with_the_previous_contact(world):
    plan = make_plan(world, status="city_approved")
    publish(world, plan, MONDAY, datetime.date(2026, 6, 5))
    other = open_program(world, code="test-2026-b")
    assert services.notice_contact_defaults(other) == {
        "objection_phone": "0539-8721234",
        "objection_address": "临沂市北城新区",
    }
    assert services.notice_contact_defaults(make_program(world, code="b-2026", city=world.city_other)) == {
        "objection_phone": "",
        "objection_address": world.city_other.display_name,
    }


def test_only_the_city_publishes(world):
    plan = make_plan(world, status="city_approved")
    stranger = world.users["county"]
    with pytest.raises(PlanError, match="您的角色不能执行此操作"):
        services.notice_publish(
            actor=stranger, program=plan.program, plans=[plan], title="x", starts_on=MONDAY, ends_on=MONDAY
        )
