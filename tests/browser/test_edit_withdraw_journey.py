"""Base staff correct a trainee's facts and then withdraw the trainee in a real browser: the edit is judged
again and saved, the withdrawal asks for a reason and a confirmation, and the place is freed."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_registration import CLERK_BROWSER, login
from tests.trainees.factories import applicant, confirmed_base, quota_program
from trainees.models import Enrollment
from trainees.places import places_for
from trainees.services import enrollment_register


@pytest.mark.browser
@CLERK_BROWSER
@pytest.mark.django_db(transaction=True)
def test_base_staff_edit_then_withdraw_a_trainee(page: Page, live_server, world):
    program = quota_program(world)
    base = confirmed_base(world, program=program, plan_lines=(("焊工", 1),))
    enrollment = enrollment_register(
        actor=world.users["base"], program=program, base=base, row=applicant(3, name="李建国")
    )

    login(page, f"{live_server.url}/trainees/{enrollment.pk}/", "u-base")
    page.get_by_role("link", name="修改学员信息").click()
    form = page.locator("#enrollment-form")
    expect(form.get_by_label("身份证号码")).to_be_disabled()
    form.get_by_label("工作单位").fill("临沂新材料有限公司")
    form.get_by_role("button", name="保存修改").click()
    expect(page.locator(".messages")).to_contain_text("学员信息已修改")
    expect(page.locator("#personal")).to_contain_text("临沂新材料有限公司")

    page.get_by_role("link", name="办理退出").click()
    page.get_by_label("退出原因").fill("调岗，无法参加培训")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确认退出").click()
    expect(page.locator(".messages")).to_contain_text("已退出，其名额已释放")
    expect(page.locator("#withdrawal")).to_contain_text("调岗，无法参加培训")
    expect(page.get_by_role("link", name="办理退出")).to_have_count(0)

    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.employer) == (Enrollment.Status.WITHDRAWN, "临沂新材料有限公司")
    assert places_for(base=base, program=program).left(("焊工", 2)) == 1
