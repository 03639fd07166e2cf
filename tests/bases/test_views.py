import datetime

from django.urls import reverse
from django.utils import timezone

from bases import services
from bases.models import PlanApplication
from tests.bases.factories import make_base, make_plan, open_program


def test_date_fields_carry_iso_dates_so_saving_keeps_them(world, login):
    plan = make_plan(world, status="draft")
    body = login(world.users["base"]).get(reverse("bases:plan_edit", args=[plan.pk])).content.decode()
    assert 'value="2026-06-01"' in body  # <input type="date"> shows nothing for 2026/06/01


def test_spare_blank_rows_of_the_plan_editor_are_ignored(world, login):
    plan = make_plan(world, status="draft")
    client = login(world.users["base"])
    welder = plan.lines.get(occupation__name="焊工")
    electrician = plan.lines.get(occupation__name="电工")
    data = {
        "lines-TOTAL_FORMS": 4,  # the two existing lines and the two spare rows the page offers
        "lines-INITIAL_FORMS": 2,
        "lines-0-occupation": welder.occupation_id,
        "lines-0-level": 2,
        "lines-0-planned_count": 25,
        "lines-0-start": "2026-06-01",
        "lines-1-occupation": electrician.occupation_id,
        "lines-1-level": 2,
        "lines-1-planned_count": 20,
        "lines-1-DELETE": "on",
        "lines-2-level": "",
        "lines-3-level": "",
    }
    response = client.post(reverse("bases:plan_edit", args=[plan.pk]), data)
    assert response.status_code == 302
    assert [(line.planned_count, line.start) for line in plan.lines.all()] == [
        (25, datetime.date(2026, 6, 1))
    ]


def test_a_notice_cannot_start_in_the_past(world, login):
    plan = make_plan(world, status="city_approved")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = login(world.users["city"]).post(
        reverse("bases:publication_create", args=[plan.program.code]),
        {"title": "公示", "starts_on": yesterday.isoformat(), "ends_on": "2099-01-01", "plans": [plan.pk]},
    )
    assert "公示开始日期不能早于今天" in response.content.decode()
    assert PlanApplication.objects.get(pk=plan.pk).status == "city_approved"


def test_the_plan_history_names_each_step_in_chinese(world, login):
    plan = make_plan(world, status="county_approved")
    body = login(world.users["city"]).get(reverse("bases:plan_detail", args=[plan.pk])).content.decode()
    assert "县区审核盖章" in body and "基地盖章提交" in body and "plan.stamp" not in body


def test_the_editor_of_a_per_base_programme_takes_one_number_for_the_whole_base(world, login):
    program = open_program(world, places_counted="base")
    plan = services.plan_create(actor=world.users["base"], base=make_base(world), program=program)
    client = login(world.users["base"])
    body = client.get(reverse("bases:plan_edit", args=[plan.pk])).content.decode()
    assert "本项目按基地合计核定名额" in body and ">不分职业（工种）</option>" in body
    data = {
        "lines-TOTAL_FORMS": 2,
        "lines-INITIAL_FORMS": 0,
        "lines-0-occupation": "",
        "lines-0-level": "",
        "lines-0-planned_count": 120,
        "lines-1-level": "",
    }
    assert client.post(reverse("bases:plan_edit", args=[plan.pk]), data).status_code == 302
    assert [(line.occupation, line.level, line.planned_count) for line in plan.lines.all()] == [
        (None, None, 120)
    ]
    detail = client.get(reverse("bases:plan_detail", args=[plan.pk])).content.decode()
    assert "不分职业（工种）" in detail


def test_the_editor_of_a_per_line_programme_asks_for_the_occupation(world, login):
    plan = make_plan(world, status="draft")
    data = {
        "lines-TOTAL_FORMS": 1,
        "lines-INITIAL_FORMS": 0,
        "lines-0-level": "",
        "lines-0-planned_count": 10,
    }
    response = login(world.users["base"]).post(reverse("bases:plan_edit", args=[plan.pk]), data, follow=True)
    assert "请选择职业（工种）和等级" in response.content.decode()
    assert plan.lines.count() == 2  # unchanged
