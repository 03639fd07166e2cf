"""The assessment policy is edited in the browser (issue 12.1), like the review chain; the presets load
it as the notices say."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from programs.models import Program
from tests.programs.factories import make_program
from tests.programs.test_views import policy_post


def test_the_city_edits_who_assesses_and_whether_it_approves_results(world, login):
    program = make_program(world)
    client = login(world.users["city"])
    url = reverse("programs:policy_update", args=[program.code])
    page = client.get(url).content.decode()
    assert 'id="assessment-policy"' in page and "考核评价组织方" in page
    data = policy_post(program, assessor="city", pass_rule="plan_appraised")
    data.pop("results_city_approval", None)  # unticked
    response = client.post(url, data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.policy.assessor, program.policy.results_city_approval, program.policy.pass_rule) == (
        "city",
        False,
        "plan_appraised",
    )


def test_the_presets_load_the_assessment_rules_of_the_notices(db):
    call_command("load_presets", stdout=StringIO())
    loaded = {
        p.code: (p.policy.assessor, p.policy.results_city_approval, p.policy.pass_rule)
        for p in Program.objects.select_related("policy")
    }
    assert loaded["linyi-2023"] == ("base", False, "level")
    assert loaded["dezhou-2021"] == ("base_employer", True, "assessed")
    assert loaded["weifang-2020"] == ("city", True, "plan_appraised")
    dezhou = Program.objects.get(code="dezhou-2021")
    assert list(dezhou.national_occupations.values_list("name", flat=True)) == ["焊工"]
