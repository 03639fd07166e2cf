from django.urls import reverse

from programs.models import Program
from programs.services import program_set_status
from tests.bases.factories import make_plan, open_program
from tests.pages import tiles
from tests.programs.factories import make_program


def test_each_role_sees_what_awaits_it(world, login):
    make_plan(world, status="submitted")
    assert tiles(login(world.users["county"]).get(reverse("home")))["待审核盖章的计划"] == 1
    assert tiles(login(world.users["county_other"]).get(reverse("home")))["待审核盖章的计划"] == 0
    assert tiles(login(world.users["base"]).get(reverse("home")))["待审核"] == 1
    assert tiles(login(world.users["city"]).get(reverse("home")))["待市级审批的计划"] == 0


def test_a_deadline_of_a_running_programme_is_due_on_the_home_page(world, login):
    plan = make_plan(world, status="draft")
    plan.program.deadlines.create(label="培训计划申报表报送", due="2020-04-28", audience="base")
    body = login(world.users["base"]).get(reverse("home")).content.decode()
    assert "培训计划申报表报送" in body and "已逾期" in body
    body = login(world.users["county"]).get(reverse("home")).content.decode()
    assert "培训计划申报表报送" not in body  # the base's obligation, not the county's


def test_trainee_counts_and_filings_awaiting_the_county_are_on_the_home_page(world, login):
    from tests.trainees.factories import confirmed_base, make_enrollment, quota_program
    from trainees.services import roster_file

    program = quota_program(world)
    base = confirmed_base(world, program=program)
    for serial in (1, 3):
        make_enrollment(program=program, base=base, serial=serial)
    roster_file(actor=world.users["base"], base=base, program=program)
    county = tiles(login(world.users["county"]).get(reverse("home")))
    assert (county["在册学员"], county["待县区确认的花名册"]) == (2, 1)
    assert tiles(login(world.users["county_other"]).get(reverse("home")))["在册学员"] == 0
    assert tiles(login(world.users["city"]).get(reverse("home")))["在册学员"] == 2


def test_a_dezhou_style_plan_awaits_the_city_not_the_county(world, login):
    make_plan(world, program=open_program(world, plan_county_review=False), status="submitted")
    assert tiles(login(world.users["county"]).get(reverse("home")))["待审核盖章的计划"] == 0
    assert tiles(login(world.users["city"]).get(reverse("home")))["待市级审批的计划"] == 1


def test_running_programmes_are_open_or_in_training_and_nothing_else(world, login):
    """One definition (Program.objects.running()): a draft is not running yet, a closed one no longer."""
    city = world.users["city"]
    make_program(world, code="draft-2026")
    open_program(world, code="open-2026")
    training = open_program(world, code="training-2026")
    program_set_status(actor=city, program=training, status="training")
    closed = open_program(world, code="closed-2026")
    closed = program_set_status(actor=city, program=closed, status="training")
    program_set_status(actor=city, program=closed, status="closed")
    assert set(Program.objects.running().values_list("code", flat=True)) == {"open-2026", "training-2026"}
    assert tiles(login(city).get(reverse("home")))["进行中的培训项目"] == 2
