import datetime

import pytest

from bases import services
from bases.models import Base, PlanApplication
from bases.selectors import plans_visible_to, quota_lines
from core.models import AuditEntry
from programs.choices import Level
from programs.models import Occupation, Program
from tests.bases.factories import lines, make_base, make_plan, open_program
from tests.programs.factories import make_program

Status = PlanApplication.Status


def test_the_whole_chain_from_draft_to_confirmed_is_recorded(world):
    plan = make_plan(world, status="city_approved")
    city = world.users["city"]
    publication = services.notice_publish(
        actor=city,
        program=plan.program,
        plans=[plan],
        title="公示",
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 5, 7),
    )
    assert services.notice_close(actor=city, publication=publication, today=datetime.date(2026, 5, 8)) == 1
    plan.refresh_from_db()
    assert plan.status == Status.CONFIRMED
    steps = list(
        AuditEntry.objects.filter(object_id=str(plan.pk), action__startswith="plan.")
        .order_by("created_at", "id")
        .values_list("action", "actor_name", "to_state")
    )
    assert [s[0] for s in steps] == [
        "plan.create",
        "plan.update",
        "plan.submit",
        "plan.stamp",
        "plan.approve",
        "plan.publish",
        "plan.confirm",
    ]
    assert steps[3][1:] == ("u-county", "县区已审核盖章")
    assert [
        (q.occupation.name, q.planned_count) for q in quota_lines(base=plan.base, program=plan.program)
    ] == [
        ("焊工", 30),
        ("电工", 20),
    ]


def test_a_stamped_plan_is_frozen_until_a_reviewer_returns_it(world):
    plan = make_plan(world, status="county_approved")
    staff = world.users["base"]
    with pytest.raises(services.PlanError, match="已盖章"):
        services.plan_lines_save(actor=staff, plan=plan, lines=lines(("焊工", 99)))
    plan = services.plan_return(actor=world.users["city"], plan=plan, reason="人数过多")
    assert plan.status == Status.RETURNED and plan.county_stamped_at is None
    services.plan_lines_save(actor=staff, plan=plan, lines=lines(("焊工", 20)))
    assert AuditEntry.objects.filter(action="plan.return", note="人数过多", actor_name="u-city").exists()


def test_the_county_returns_only_before_stamping_and_the_city_only_after(world):
    plan = make_plan(world, status="submitted")
    with pytest.raises(services.PlanError):
        services.plan_return(actor=world.users["city"], plan=plan, reason="x")
    plan = services.plan_return(actor=world.users["county"], plan=plan, reason="材料不全")
    assert plan.status == Status.RETURNED


def test_a_base_withdraws_only_before_review(world):
    plan = make_plan(world, status="submitted")
    plan = services.plan_withdraw(actor=world.users["base"], plan=plan)
    assert plan.status == Status.DRAFT
    plan = make_plan(
        world, program=open_program(world, code="second-2026"), base=plan.base, status="county_approved"
    )
    with pytest.raises(services.PlanError, match="县区已审核盖章"):
        services.plan_withdraw(actor=world.users["base"], plan=plan)


def test_opinions_and_reasons_are_required(world):
    plan = make_plan(world, status="submitted")
    with pytest.raises(services.PlanError, match="请填写审核意见"):
        services.plan_stamp(actor=world.users["county"], plan=plan, opinion="  ")


def test_lines_must_be_offered_by_the_programme_and_qualified_for_by_the_base(world):
    program = open_program(world, levels_offered=[2])
    base = make_base(world)
    plan = services.plan_create(actor=world.users["base"], base=base, program=program)
    car = Occupation.objects.get(name="车工")
    bad = [
        services.LineData(car, 2, 10),
        services.LineData(Occupation.objects.get(name="焊工"), 1, 10),
    ]
    with pytest.raises(services.PlanError) as error:
        services.plan_lines_save(actor=world.users["base"], plan=plan, lines=bad)
    message = str(error.value)
    assert "车工（技师）：本基地不具备该职业（工种）、等级的培训资质" in message
    assert "焊工（高级技师）：本项目不开设该等级" in message
    assert not plan.lines.exists()


def test_a_line_needs_a_national_standard_of_its_occupation_at_its_level(world):
    # 育婴员 has standards for 初级工, 中级工 and 高级工 only: a base qualified for it cannot plan 技师.
    program = open_program(world, levels_offered=[2, 3])
    base = make_base(world)
    nanny = Occupation.objects.create(name="育婴员", in_catalog=True, levels=[5, 4, 3])
    base.qualifications.create(occupation=nanny, level=2)
    base.qualifications.create(occupation=nanny, level=3)
    plan = services.plan_create(actor=world.users["base"], base=base, program=program)
    with pytest.raises(services.PlanError) as error:
        services.plan_lines_save(
            actor=world.users["base"], plan=plan, lines=[services.LineData(nanny, 2, 10)]
        )
    assert str(error.value) == "第 1 行 育婴员（技师）：该职业（工种）没有技师的国家职业技能标准。"
    services.plan_lines_save(actor=world.users["base"], plan=plan, lines=[services.LineData(nanny, 3, 10)])
    assert plan.lines.get().level == 3


def test_a_line_for_the_whole_base_only_where_places_are_counted_per_base(world):
    base = make_base(world)
    by_line = services.plan_create(actor=world.users["base"], base=base, program=open_program(world))
    with pytest.raises(services.PlanError) as error:
        services.plan_lines_save(actor=world.users["base"], plan=by_line, lines=lines((None, 100)))
    assert "本项目按职业（工种）及等级核定名额" in str(error.value)

    per_base = open_program(world, code="per-base-2026", places_counted="base")
    plan = services.plan_create(actor=world.users["base"], base=base, program=per_base)
    services.plan_lines_save(actor=world.users["base"], plan=plan, lines=lines((None, 100)))
    line = plan.lines.get()
    assert (line.occupation, line.level, line.planned_count, line.what) == (
        None,
        None,
        100,
        "不分职业（工种）",
    )
    plan = services.plan_submit(actor=world.users["base"], plan=plan, opinion="同意申报")
    assert plan.status == Status.SUBMITTED


def test_a_per_base_plan_has_one_whole_base_line_and_names_occupation_and_level_together(world):
    program = open_program(world, places_counted="base")
    plan = services.plan_create(actor=world.users["base"], base=make_base(world), program=program)
    welder = Occupation.objects.get(name="焊工")
    bad = [
        services.LineData(None, None, 10),
        services.LineData(None, None, 20),
        services.LineData(welder, None, 5),
    ]
    with pytest.raises(services.PlanError) as error:
        services.plan_lines_save(actor=world.users["base"], plan=plan, lines=bad)
    message = str(error.value)
    assert "第 2 行：不分职业（工种）的行只能有一行" in message
    assert "第 3 行：职业（工种）和等级须同时填写" in message
    assert not plan.lines.exists()


def test_an_empty_plan_cannot_be_submitted(world):
    plan = services.plan_create(actor=world.users["base"], base=make_base(world), program=open_program(world))
    with pytest.raises(services.PlanError, match="没有任何培训职业"):
        services.plan_submit(actor=world.users["base"], plan=plan, opinion="同意")


def test_a_banned_or_unqualified_base_cannot_apply_and_is_told_why(world):
    base = make_base(world)
    program = open_program(world)
    services.sanction_record(
        actor=world.users["city"],
        base=base,
        data={
            "kind": "disqualify",
            "reason": "虚构培训事实",
            "decided_on": datetime.date(2026, 1, 1),
            "ban_until": datetime.date(2029, 1, 1),
        },
    )
    base.refresh_from_db()
    assert base.status == Base.Status.DISQUALIFIED
    with pytest.raises(services.PlanError, match="2029年01月01日前不得申报"):
        services.plan_create(actor=world.users["base"], base=base, program=program)
    assert AuditEntry.objects.filter(action="base.sanction", to_state="取消资格").exists()


def test_sanctions_need_their_particulars(world):
    from django.core.exceptions import ValidationError

    base = make_base(world)
    with pytest.raises(ValidationError) as error:
        services.sanction_record(
            actor=world.users["city"],
            base=base,
            data={"kind": "rectify", "reason": "台账不全", "decided_on": datetime.date(2026, 1, 1)},
        )
    assert "限期整改须填写整改期限" in str(error.value)


def test_a_programme_that_is_not_open_takes_no_plans(world):
    program = make_program(world)
    with pytest.raises(services.PlanError, match="不接受计划申报"):
        services.plan_create(actor=world.users["base"], base=make_base(world), program=program)
    assert program.status == Program.Status.DRAFT


def test_an_objection_holds_the_plan_until_resolved(world):
    plan = make_plan(world, status="city_approved")
    city = world.users["city"]
    services.notice_publish(
        actor=city,
        program=plan.program,
        plans=[plan],
        title="公示",
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 5, 7),
    )
    with pytest.raises(services.PlanError, match="公示期内"):
        services.objection_record(actor=city, plan=plan, received_on=datetime.date(2026, 5, 9), content="x")
    objection = services.objection_record(
        actor=city, plan=plan, received_on=datetime.date(2026, 5, 3), content="师资不实"
    )
    plan.refresh_from_db()
    assert plan.status == Status.OBJECTION
    plan = services.objection_resolve(actor=city, objection=objection, upheld=True, note="经核实属实")
    assert plan.status == Status.REJECTED


def test_reviewers_see_no_drafts_and_nothing_outside_their_scope(world):
    draft = make_plan(world, status="draft")
    assert list(plans_visible_to(world.users["base"])) == [draft]
    assert not plans_visible_to(world.users["county"]).exists()
    submitted = services.plan_submit(actor=world.users["base"], plan=draft, opinion="同意")
    assert list(plans_visible_to(world.users["county"])) == [submitted]
    for outsider in ("county_same_city", "county_other", "base_same_county", "base_other", "city_other"):
        assert not plans_visible_to(world.users[outsider]).exists(), outsider


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(1, 1, 1), datetime.date(2026, 7, 1)),  # year 0001, as a typed date allows
        (datetime.date(2026, 6, 1), datetime.date(9999, 12, 31)),
        (datetime.date(2026, 5, 31), datetime.date(2026, 7, 1)),  # the day before the training period
    ],
)
def test_plan_dates_outside_the_programmes_training_period_are_refused(world, start, end):
    program = open_program(world)  # training 2026-06-01 … 2026-09-30
    plan = make_plan(world, program=program)
    staff = world.users["base"]
    line = services.LineData(Occupation.objects.get(name="焊工"), Level.TECHNICIAN, 10, start, end)
    before = list(plan.lines.values_list("pk", flat=True))
    with pytest.raises(services.PlanError, match="起止时间须在项目培训期（2026年6月1日至2026年9月30日）之内"):
        services.plan_lines_save(actor=staff, plan=plan, lines=[line])
    assert list(plan.lines.values_list("pk", flat=True)) == before
    inside = services.LineData(
        line.occupation, line.level, 10, datetime.date(2026, 6, 1), datetime.date(2026, 9, 30)
    )
    services.plan_lines_save(actor=staff, plan=plan, lines=[inside])
    assert plan.lines.count() == 1
