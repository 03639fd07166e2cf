"""The plan-lines editor in Chromium (issue 10.16): a base with 18 lines (德州's 附件1 has such a base)
adds the rows it needs with "增加一行" and saves them all at once."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from bases import services
from bases.models import PlanApplication
from programs.choices import Level
from programs.models import Occupation
from tests.bases.factories import make_base, open_program
from tests.conftest import PASSWORD

LINES = 18


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_base_adds_rows_until_its_eighteen_lines_fit_and_saves_them(page: Page, live_server, world):
    program = open_program(world)
    base = make_base(world)
    names = [f"测试职业{i:02d}" for i in range(1, LINES + 1)]
    for name in names:
        occupation, _ = Occupation.objects.get_or_create(
            name=name, defaults={"in_catalog": True, "levels": [1, 2, 3, 4, 5]}
        )
        base.qualifications.create(occupation=occupation, level=Level.TECHNICIAN)
    plan = services.plan_create(actor=world.users["base"], base=base, program=program)

    page.goto(f"{live_server.url}{reverse('bases:plan_edit', args=[plan.pk])}")
    page.get_by_label("用户名").fill("u-base")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    rows = page.locator("#plan-lines-body > tr")
    offered = rows.count()
    assert offered >= 8  # a new plan opens with enough blank rows for a typical base
    add = page.get_by_role("button", name="增加一行")
    for _ in range(LINES - offered):
        add.click()
    expect(rows).to_have_count(LINES)
    expect(page.locator("#id_lines-TOTAL_FORMS")).to_have_value(str(LINES))
    for i, name in enumerate(names):
        page.locator(f"#id_lines-{i}-occupation").select_option(label=name)
        page.locator(f"#id_lines-{i}-level").select_option(str(Level.TECHNICIAN))
        page.locator(f"#id_lines-{i}-planned_count").fill(str(10 + i))
    # One spare row too many is left blank and ignored.
    add.click()
    page.get_by_role("button", name="保存明细").click()
    expect(page.locator(".msg-success")).to_have_text("计划明细已保存。")

    saved = PlanApplication.objects.get(pk=plan.pk).lines.order_by("planned_count")
    assert [(line.occupation.name, line.planned_count) for line in saved] == [
        (name, 10 + i) for i, name in enumerate(names)
    ]
