from django.urls import reverse

from tests.bases.factories import make_plan
from tests.pages import tiles


def test_each_role_sees_what_awaits_it(world, login):
    make_plan(world, status="submitted")
    assert tiles(login(world.users["county"]).get(reverse("home")))["待审核盖章的计划"] == 1
    assert tiles(login(world.users["county_other"]).get(reverse("home")))["待审核盖章的计划"] == 0
    assert tiles(login(world.users["base"]).get(reverse("home")))["待县区审核"] == 1
    assert tiles(login(world.users["city"]).get(reverse("home")))["待市级审批的计划"] == 0


def test_a_deadline_of_a_running_programme_is_due_on_the_home_page(world, login):
    plan = make_plan(world, status="draft")
    plan.program.deadlines.create(label="培训计划申报表报送", due="2020-04-28", audience="base")
    body = login(world.users["base"]).get(reverse("home")).content.decode()
    assert "培训计划申报表报送" in body and "已逾期" in body
    body = login(world.users["county"]).get(reverse("home")).content.decode()
    assert "培训计划申报表报送" not in body  # the base's obligation, not the county's
