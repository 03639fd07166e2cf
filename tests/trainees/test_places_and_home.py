"""Places used and left per plan line (base) and per base (bureaus); the home page's deadline states, the
base's own plans with places left, and counts that come from a short cache whose age the page states."""

import datetime
import re

from django.core.cache import cache
from django.urls import reverse

from config.dashboard import DueItem, deadline_state
from programs.models import Program
from tests.pages import tiles

from .factories import confirmed_base, make_enrollment, quota_program


def _rows(response) -> list[list[str]]:
    body = response.content.decode()
    table = body[body.index('id="places"') :]
    table = table[: table.index("</table>")]
    return [re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)][
        1:
    ]


def test_places_per_line_for_the_base_and_per_base_for_the_bureaus(world, login):
    program = quota_program(world)
    base = confirmed_base(world, program=program)  # 焊工 30, 电工 20 (技师)
    for serial in (1, 2, 3):
        make_enrollment(program=program, base=base, serial=serial)
    url = reverse("trainees:places", args=[program.code])
    rows = _rows(login(world.users["base"]).get(url))
    assert ["焊工（技师）", "30", "30", "3", "27"] in rows and ["电工（技师）", "20", "20", "0", "20"] in rows
    city = _rows(login(world.users["city"]).get(url))
    assert city[0] == [base.organisation.name, "50", "50", "3", "47"]
    assert _rows(login(world.users["county_same_city"]).get(url))[0] == ["该项目尚无已确定培训计划的基地。"]
    assert login(world.users["city_other"]).get(url).status_code == 404


def test_places_allow_the_programme_tolerance_per_line(world, login):
    program = quota_program(world, tolerance="1.20")
    confirmed_base(world, program=program)
    rows = _rows(login(world.users["base"]).get(reverse("trainees:places", args=[program.code])))
    assert ["焊工（技师）", "30", "36", "0", "36"] in rows


def test_deadline_states(world):
    program = quota_program(world)  # open, training starts 2026-06-01
    today = datetime.date(2026, 7, 1)
    plans_due = program.deadlines.create(label="培训计划申报表报送", due="2026-05-20")
    training_done = program.deadlines.create(label="培训完成", due="2026-07-10")
    later = program.deadlines.create(label="统计表报送", due="2026-12-31")
    past = program.deadlines.create(label="中期检查", due="2026-06-20")
    for d in (plans_due, training_done, later, past):
        d.refresh_from_db()
    assert deadline_state(plans_due, today=today) == DueItem.OVERDUE
    assert deadline_state(plans_due, today=today, plan_submitted=True) == DueItem.DONE
    assert deadline_state(training_done, today=today) == DueItem.SOON
    assert deadline_state(later, today=today) == DueItem.LATER
    assert deadline_state(past, today=today, plan_submitted=True) == DueItem.OVERDUE
    program.status = Program.Status.TRAINING
    program.save()
    plans_due.refresh_from_db()
    assert deadline_state(plans_due, today=today) == DueItem.DONE
    program.status = Program.Status.CLOSED
    program.save()
    past.refresh_from_db()
    assert deadline_state(past, today=today) == DueItem.DONE


def test_the_base_home_shows_its_plan_places_left_and_a_met_deadline_as_done(world, login):
    program = quota_program(world)
    base = confirmed_base(world, program=program)
    program.deadlines.create(label="培训计划申报表报送", due="2020-04-28", audience="base")
    make_enrollment(program=program, base=base, serial=1)
    body = login(world.users["base"]).get(reverse("home")).content.decode()
    assert "已确定" in body and "<td>焊工（技师）</td><td>30</td><td>30</td><td>1</td><td>29</td>" in body
    row = body[body.index("培训计划申报表报送") :]
    assert "已完成" in row[: row.index("</tr>")]
    # The same deadline for a base whose plan is not submitted is overdue.
    other = login(world.users["base_same_county"]).get(reverse("home")).content.decode()
    row = other[other.index("培训计划申报表报送") :]
    assert "已逾期" in row[: row.index("</tr>")]


def test_home_counts_come_from_a_cache_whose_age_the_page_states(world, login):
    program = quota_program(world)
    base = confirmed_base(world, program=program)
    make_enrollment(program=program, base=base, serial=1)
    client = login(world.users["city"])
    first = client.get(reverse("home"))
    assert tiles(first)["在册学员"] == 1
    assert "以下数字统计于 0 秒前（每 60 秒更新）" in first.content.decode()
    make_enrollment(program=program, base=base, serial=2)
    assert tiles(client.get(reverse("home")))["在册学员"] == 1  # within the stated age
    cache.clear()  # what the age running out does
    assert tiles(client.get(reverse("home")))["在册学员"] == 2
