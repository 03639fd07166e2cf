"""Editing an enrolment's facts (judged again through the enrolment path, audited, refused while the roster
is filed) and withdrawing a trainee (confirmed, with a reason, audited, freeing the place); the name is
required in the registration form as in the roster (issue 10.11)."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from trainees.models import Enrollment, RosterFiling
from trainees.places import places_for
from trainees.services import enrollment_register, roster_file, roster_review

from .factories import applicant, confirmed_base, id_number, quota_program
from .test_views import form_data


@pytest.fixture
def one_place(world) -> dict:
    """A programme whose base has one 焊工 place and one 电工 place, the 焊工 one taken."""
    program = quota_program(world)
    base = confirmed_base(world, program=program, plan_lines=(("焊工", 1), ("电工", 1)))
    enrollment = enrollment_register(
        actor=world.users["base"], program=program, base=base, row=applicant(3, name="李建国")
    )
    return {"program": program, "base": base, "enrollment": enrollment}


def edit_data(enrollment, **overrides) -> dict:
    data = form_data(enrollment.program, 3, name="李建国", phone="13800000003")
    data.pop("program")
    data.update(overrides)
    return data


def test_a_registration_without_a_name_is_refused_like_in_the_roster(world, one_place, login):
    client = login(world.users["base"])
    for blank in ("", "   "):
        response = client.post(
            reverse("trainees:enrollment_create"), form_data(one_place["program"], 13, name=blank)
        )
        assert response.status_code == 200
        assert "未填写姓名" in response.content.decode()
    assert Enrollment.objects.count() == 1


def test_editing_the_facts_is_judged_again_saved_and_audited(world, one_place, login):
    enrollment = one_place["enrollment"]
    client = login(world.users["base"])
    assert client.get(reverse("trainees:enrollment_edit", args=[enrollment.pk])).status_code == 200

    response = client.post(
        reverse("trainees:enrollment_edit", args=[enrollment.pk]),
        edit_data(enrollment, employer="临沂新材料有限公司", phone="13900000009"),
    )

    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert (enrollment.employer, enrollment.phone) == ("临沂新材料有限公司", "13900000009")
    assert enrollment.trainee.phone == "13900000009"  # only this base ever enrolled the person
    entry = AuditEntry.objects.get(action="trainee.update", object_id=str(enrollment.pk))
    assert "工作单位" in entry.note and "联系电话" in entry.note


def test_an_edit_that_no_longer_qualifies_is_refused_with_every_reason_and_changes_nothing(
    world, one_place, login
):
    enrollment = one_place["enrollment"]
    before = Enrollment.objects.values().get(pk=enrollment.pk)
    response = login(world.users["base"]).post(
        reverse("trainees:enrollment_edit", args=[enrollment.pk]),
        edit_data(enrollment, social_insurance="0", cert_level="", years_in_trade="3"),
    )
    assert response.status_code == 200
    codes = {r.code for r in response.context["refusal"]}
    assert "social_insurance_missing" in codes
    assert "already_enrolled" not in codes  # the enrolment does not object to itself
    assert Enrollment.objects.values().get(pk=enrollment.pk) == before
    assert not AuditEntry.objects.filter(action="trainee.update").exists()


def test_an_edit_keeps_its_own_place_but_cannot_take_a_full_one(world, one_place, login):
    enrollment = one_place["enrollment"]
    client = login(world.users["base"])
    url = reverse("trainees:enrollment_edit", args=[enrollment.pk])
    # Its own 焊工 place is the only one and it is taken by itself: still fits.
    assert client.post(url, edit_data(enrollment, remark="复核")).status_code == 302
    # Another trainee takes the only 电工 place; moving to 电工 is refused.
    enrollment_register(
        actor=world.users["base"],
        program=one_place["program"],
        base=one_place["base"],
        row=applicant(5, occupation="电工"),
    )
    response = client.post(url, edit_data(enrollment, target_occupation="电工", cert_occupation="电工"))
    assert [r.code for r in response.context["refusal"]] == ["quota_full"]
    enrollment.refresh_from_db()
    assert enrollment.occupation.name == "焊工"


def test_editing_is_refused_while_filed_and_allowed_once_the_county_returns_it(world, one_place, login):
    enrollment = one_place["enrollment"]
    filing = roster_file(actor=world.users["base"], base=one_place["base"], program=one_place["program"])
    client = login(world.users["base"])
    url = reverse("trainees:enrollment_edit", args=[enrollment.pk])

    response = client.post(url, edit_data(enrollment, employer="改"), follow=True)
    assert "不能修改学员信息" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.employer != "改"

    roster_review(actor=world.users["county"], filing=filing, acknowledge=False, note="工作单位有误")
    assert client.post(url, edit_data(enrollment, employer="改")).status_code == 302
    enrollment.refresh_from_db()
    filing.refresh_from_db()
    assert enrollment.employer == "改"
    assert (filing.status, filing.changes_since_filing) == (RosterFiling.Status.RETURNED, 1)


def test_withdrawal_is_confirmed_needs_a_reason_frees_the_place_and_is_audited(world, one_place, login):
    enrollment = one_place["enrollment"]
    program, base = one_place["program"], one_place["base"]
    client = login(world.users["base"])
    url = reverse("trainees:enrollment_withdraw", args=[enrollment.pk])

    confirm = client.get(url).content.decode()
    assert "确认退出" in confirm and "data-confirm" in confirm
    refused = client.post(url, {"reason": "  "})
    assert "请填写退出原因" in refused.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE
    assert places_for(base=base, program=program).left(("焊工", 2)) == 0

    client.post(url, {"reason": "调岗，无法参加培训"})

    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WITHDRAWN
    assert (enrollment.withdrawal_reason, enrollment.withdrawn_by) == (
        "调岗，无法参加培训",
        world.users["base"],
    )
    assert places_for(base=base, program=program).left(("焊工", 2)) == 1
    entry = AuditEntry.objects.get(action="trainee.withdraw", object_id=str(enrollment.pk))
    assert (entry.from_state, entry.to_state) == ("在册", "已退出")
    # The freed place takes another applicant; the withdrawn person cannot re-enrol in this programme.
    enrollment_register(actor=world.users["base"], program=program, base=base, row=applicant(7))
    detail = client.get(reverse("trainees:enrollment_detail", args=[enrollment.pk])).content.decode()
    assert 'id="withdrawal"' in detail and "调岗，无法参加培训" in detail
    listed = client.get(reverse("trainees:enrollment_list"), {"status": "withdrawn"}).context["page"]
    assert [e.pk for e in listed] == [enrollment.pk]
    assert client.get(url, follow=True).redirect_chain  # nothing more to withdraw


def test_others_cannot_edit_or_withdraw(world, one_place, login):
    enrollment = one_place["enrollment"]
    for persona, status in (("base_same_county", 404), ("county", 403), ("city", 403)):
        client = login(world.users[persona])
        assert (
            client.post(
                reverse("trainees:enrollment_withdraw", args=[enrollment.pk]), {"reason": "x"}
            ).status_code
            == status
        )
        assert (
            client.post(
                reverse("trainees:enrollment_edit", args=[enrollment.pk]), edit_data(enrollment)
            ).status_code
            == status
        )
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE
    assert id_number(3) == enrollment.trainee.id_number


def test_a_withdrawal_after_filing_is_allowed_and_counted_as_a_change(world, one_place, login):
    """People drop out during training: withdrawal stays possible after filing, recorded on the filing."""
    filing = roster_file(actor=world.users["base"], base=one_place["base"], program=one_place["program"])
    enrollment = one_place["enrollment"]
    login(world.users["base"]).post(
        reverse("trainees:enrollment_withdraw", args=[enrollment.pk]), {"reason": "离职"}
    )
    enrollment.refresh_from_db()
    filing.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WITHDRAWN
    assert filing.changes_since_filing == 1
    assert AuditEntry.objects.filter(action="roster.change", object_id=str(filing.pk), note__contains="离职")
