"""load_presets: the five programmes of the notices, exactly as SPEC §3/§4 state them."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from programs.choices import CatalogRule, CertificateOccupationRule, Education, Route
from programs.models import Occupation, Program

pytestmark = pytest.mark.django_db

# SPEC §3 / §4, field by field.
EXPECTED = {
    "linyi-2023": {
        "city": "临沂市",
        "levels_offered": [2],
        "age_min": 29,
        "age_max": 50,
        "education_min": None,
        "social_insurance_required": True,
        "no_parallel_training": True,
        "catalog_rule": CatalogRule.IN_CATALOG,
        "routes": [Route.CERTIFICATE, Route.YEARS],
        "hours": (210, 10, 110, 90),
        "online_share_max": Decimal("0.40"),
        "online_theory_only": True,
        "class_size_max": 30,
        "rates": (None, Decimal("2000"), None),
        "advance_ratio": None,
        "enrolment_tolerance": None,
        "certificate_issuer": "base",
    },
    "weihai-2019": {
        "city": "威海市",
        "levels_offered": [1, 2, 3],
        "age_min": None,
        "age_max": None,
        "education_min": None,
        "social_insurance_required": False,
        "no_parallel_training": False,
        "catalog_rule": CatalogRule.IN_CATALOG,
        "routes": [Route.CERTIFICATE, Route.YEARS, Route.HONOUR_NEXT_LEVEL],
        "hours": (210, 10, 110, 90),
        "online_share_max": None,
        "online_theory_only": False,
        "class_size_max": None,
        "rates": (None, None, None),
        "advance_ratio": None,
        "enrolment_tolerance": None,
        "certificate_issuer": "national",
    },
    "dezhou-2021": {
        "city": "德州市",
        "levels_offered": [1, 2],
        "age_min": None,
        "age_max": None,
        "education_min": None,
        "social_insurance_required": False,
        "no_parallel_training": False,
        "catalog_rule": CatalogRule.OUT_NEEDS_RECOMMENDATION,
        "routes": [
            Route.CERTIFICATE,
            Route.YEARS,
            Route.HONOUR_CERT_OR_YEARS,
            Route.TITLE_YEARS,
            Route.TITLE_CERTIFICATE,
        ],
        "hours": (210, 10, 110, 90),
        "online_share_max": None,
        "online_theory_only": False,
        "class_size_max": None,
        "rates": (None, Decimal("3000"), Decimal("5000")),
        "rate_is_cap": True,
        "advance_ratio": Decimal("0.60"),
        "enrolment_tolerance": None,
        "certificate_issuer": "city",
    },
    "weifang-2020": {
        "city": "潍坊市",
        "levels_offered": [1, 2],
        "age_min": None,
        "age_max": 50,
        "education_min": Education.HIGH_SCHOOL,
        "social_insurance_required": False,
        "no_parallel_training": False,
        "catalog_rule": CatalogRule.IN_CATALOG,
        "routes": [Route.CERTIFICATE],
        "certificate_occupation_rule": CertificateOccupationRule.SIMILAR,
        "hours": (210, 10, 110, 90),
        "online_share_max": None,
        "online_theory_only": False,
        "class_size_max": None,
        "rates": (None, None, None),
        "advance_ratio": None,
        "enrolment_tolerance": Decimal("1.20"),
        "certificate_issuer": "national",
    },
    "taian-2021": {
        "city": "泰安市",
        "levels_offered": [],
        "age_min": None,
        "age_max": None,
        "education_min": None,
        "social_insurance_required": False,
        "no_parallel_training": False,
        "catalog_rule": "",
        "routes": [],
        "hours": (None, None, None, None),
        "online_share_max": Decimal("0.40"),
        "online_theory_only": False,
        "class_size_max": None,
        "rates": (None, None, None),
        "advance_ratio": None,
        "enrolment_tolerance": None,
        "certificate_issuer": "",
    },
}


@pytest.fixture
def presets():
    call_command("load_presets", verbosity=0)
    return {p.code: p for p in Program.objects.select_related("policy", "city")}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_preset_matches_the_spec_field_by_field(code, presets):
    want = EXPECTED[code]
    program = presets[code]
    policy = program.policy
    assert program.city.name == want["city"]
    assert policy.number == 1
    assert sorted(policy.levels_offered) == want["levels_offered"]
    for name in (
        "age_min",
        "age_max",
        "education_min",
        "social_insurance_required",
        "no_parallel_training",
        "catalog_rule",
        "online_share_max",
        "online_theory_only",
        "class_size_max",
        "advance_ratio",
        "enrolment_tolerance",
        "certificate_issuer",
    ):
        assert getattr(policy, name) == want[name], name
    assert policy.routes == [str(r) for r in want["routes"]]
    assert policy.certificate_occupation_rule == want.get("certificate_occupation_rule", "same")
    hours = (policy.hours_total, policy.hours_ideology, policy.hours_theory, policy.hours_practice)
    assert hours == want["hours"]
    rates = (policy.subsidy_senior_worker, policy.subsidy_technician, policy.subsidy_senior_technician)
    assert rates == want["rates"]
    assert policy.subsidy_rate_is_cap == want.get("rate_is_cap", False)


def test_kinds_follow_the_notices(presets):
    assert presets["weifang-2020"].get_kind_display() == "青年技师素质提升计划"
    assert presets["taian-2021"].get_kind_display() == "项目制培训"
    assert presets["linyi-2023"].get_kind_display() == "金蓝领技师培训"


def test_linyi_deadlines_are_those_of_the_notice(presets):
    dues = [(d.label, d.due.isoformat()) for d in presets["linyi-2023"].deadlines.all()]
    assert [due for _, due in dues] == ["2023-04-28", "2023-09-30", "2023-11-10"]


def test_loading_twice_changes_nothing_and_keeps_a_citys_edits(presets):
    Program.objects.filter(code="linyi-2023").update(name="临沂市 2023 改名")
    counts = (Program.objects.count(), Occupation.objects.count())
    call_command("load_presets", verbosity=0)
    assert (Program.objects.count(), Occupation.objects.count()) == counts
    assert Program.objects.get(code="linyi-2023").name == "临沂市 2023 改名"


def test_the_catalogue_has_every_occupation_of_the_notices_and_sixty_common_trades(presets):
    assert Occupation.objects.count() >= 60
    assert Occupation.objects.filter(in_catalog=False).exists()
    for name in ("焊工", "电工", "化工总控工"):
        assert Occupation.objects.get(name=name).in_catalog
