import datetime

from django.urls import reverse
from django.utils import timezone

from programs.models import PolicyVersion, Program
from programs.services import policy_version_freeze
from tests.ids import make_id
from tests.programs.factories import make_program


def test_a_city_clerk_creates_a_programme_and_is_sent_to_its_policy(world, login):
    client = login(world.users["city"])
    response = client.post(
        reverse("programs:program_create"),
        {
            "year": 2026,
            "kind": "golden_blue_collar",
            "code": "linyi-2026",
            "name": "2026年度临沂市金蓝领",
            "deadlines-TOTAL_FORMS": 1,
            "deadlines-INITIAL_FORMS": 0,
            "deadlines-0-label": "计划申报",
            "deadlines-0-due": "2026-04-28",
            "deadlines-0-audience": "base",
        },
    )
    assert response.status_code == 302
    program = Program.objects.get(code="linyi-2026")
    assert response["Location"] == reverse("programs:policy_update", args=["linyi-2026"])
    assert program.city == world.city and program.policy.number == 1
    assert program.deadlines.get().label == "计划申报"


def policy_post(program, **changes):
    data = {}
    for name in PolicyVersion.POLICY_FIELDS:
        value = getattr(program.policy, name)
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    data.update(changes)
    return data


def test_the_policy_form_validates_in_chinese(world, login):
    program = make_program(world)
    client = login(world.users["city"])
    response = client.post(
        reverse("programs:policy_update", args=[program.code]), policy_post(program, age_min="60")
    )
    assert "最高年龄不能小于最低年龄" in response.content.decode()
    response = client.post(
        reverse("programs:policy_update", args=[program.code]), policy_post(program, online_share_max="1.5")
    )
    assert response.status_code == 200 and "online_share_max" in response.context["form"].errors
    program.policy.refresh_from_db()
    assert program.policy.age_min == 29 and program.policy.online_share_max is None


def test_changing_a_policy_in_use_asks_for_confirmation_first(world, login):
    program = make_program(world)
    policy_version_freeze(program.policy)
    client = login(world.users["city"])
    url = reverse("programs:policy_update", args=[program.code])
    response = client.post(url, policy_post(program, age_max="45"))
    body = response.content.decode()
    assert "请确认生成政策第 2 版" in body and "最高年龄（周岁）：50 → 45" in body
    assert program.policy_versions.count() == 1
    response = client.post(url, policy_post(program, age_max="45", confirm="1"))
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.policy.number, program.policy.age_max) == (2, 45)


def test_a_change_summary_names_choices_by_their_labels(world, login):
    program = make_program(world)
    policy_version_freeze(program.policy)
    url = reverse("programs:policy_update", args=[program.code])
    change = {"places_counted": "base", "materials_required": ["id_copy", "truth_statement"]}
    body = login(world.users["city"]).post(url, policy_post(program, **change)).content.decode()
    assert "计划名额核定方式：按职业（工种）及等级分别核定 → 按基地合计核定（不分职业、等级）" in body
    assert "须提交的报名材料：身份证复印件、劳动合同复印件、证书复印件或工作年限承诺书、照片 → " in body
    assert "身份证复印件、本人对提交材料的真实性负法律性责任的说明" in body


def test_the_checker_explains_why_an_applicant_is_not_eligible(world, login):
    program = make_program(world)
    client = login(world.users["base"])
    assert "报名资格自测" in client.get(reverse("programs:eligibility_check")).content.decode()
    data = {
        "program": program.pk,
        "id_number": make_id(datetime.date(1999, 1, 1)),
        "employer_type": "enterprise",
        "social_insurance": "1",
        "target_occupation": "焊工",
        "target_level": "2",
        "cert_occupation": "焊工",
        "cert_level": "3",
        "cert_date": "2024-01-01",
        "years_in_trade": "5",
    }
    result = client.post(reverse("programs:eligibility_evaluate"), data).json()
    assert result["complete"] and not result["eligible"]
    codes = {r["code"] for r in result["reasons"]}
    assert codes == {"age_below_min", "route_certificate", "route_years"}
    assert any(r["message"] == "年龄 27 周岁，低于 29 周岁下限" for r in result["reasons"])


def test_the_checker_refuses_a_certificate_dated_after_today_with_its_own_reason(world, login):
    program = make_program(world)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "program": program.pk,
        "id_number": make_id(datetime.date(1985, 1, 1)),
        "social_insurance": "1",
        "employer_type": "enterprise",
        "target_occupation": "焊工",
        "target_level": "2",
        "cert_occupation": "焊工",
        "cert_level": "3",
        "cert_date": tomorrow.isoformat(),
        # A reference date after the certificate: only "dated in the future" can refuse it.
        "reference_date": (tomorrow + datetime.timedelta(days=4 * 366)).isoformat(),
    }
    result = login(world.users["base"]).post(reverse("programs:eligibility_evaluate"), data).json()
    assert [r["code"] for r in result["reasons"]] == ["certificate_date_future"]
    assert not result["eligible"]


def test_the_checker_cannot_use_another_citys_programme(world, login):
    other = make_program(world, code="other-2026", city=world.city_other)
    result = (
        login(world.users["base"])
        .post(reverse("programs:eligibility_evaluate"), {"program": other.pk, "id_number": "x"})
        .json()
    )
    assert not result["complete"] and "program" in result["errors"]


def test_the_programme_list_shows_only_the_users_city(world, login):
    make_program(world, code="mine-2026")
    make_program(world, code="theirs-2026", city=world.city_other)
    body = login(world.users["county"]).get(reverse("programs:program_list")).content.decode()
    assert "mine-2026" in body and "theirs-2026" not in body


def test_the_programme_list_costs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    for i in range(12):
        make_program(world, code=f"p-{i}")
    client = login(world.users["city"])
    with django_assert_max_num_queries(8):
        client.get(reverse("programs:program_list"))
