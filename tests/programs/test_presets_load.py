"""load_presets: every preset becomes a programme whose stored policy is the preset (with Rules' defaults
filled in), judges through the database path as the pure engine does, and leaves a city's edits alone."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from core.idcard import add_years
from programs.choices import EmployerType, Level
from programs.eligibility import Facts
from programs.models import Occupation, PolicyVersion, Program
from programs.presets import PRESETS, rules_from_preset
from programs.services import eligibility_decide
from tests.ids import make_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def presets():
    call_command("load_presets", verbosity=0)
    return {p.code: p for p in Program.objects.select_related("policy", "city")}


def _stored(value):
    return Decimal(str(value)) if isinstance(value, float) else value


@pytest.mark.parametrize("code", list(PRESETS))
def test_each_preset_is_stored_as_written(code, presets):
    data, program = PRESETS[code], presets[code]
    policy = program.policy
    assert (program.city.name, program.year, program.kind, program.name) == (
        data["city"],
        data["year"],
        data["kind"],
        data["name"],
    )
    assert policy.number == 1
    assert policy.rules() == rules_from_preset(code)
    for name in PolicyVersion.OTHER_FIELDS:
        if name in data:
            assert getattr(policy, name) == _stored(data[name]), name
    for level, field in PolicyVersion.SUBSIDY_RATE_FIELDS.items():
        assert policy.subsidy_rate(level) == data["subsidy_rates"].get(level), field
    dues = [(d.label, d.due.isoformat()) for d in program.deadlines.all()]
    assert dues == [(d["label"], d["date"]) for d in data["deadlines"]]
    policy.full_clean()  # the model's own consistency rules hold for every preset


@pytest.mark.parametrize("code", list(PRESETS))
def test_through_the_database_each_preset_judges_the_catalogue(code, presets):
    """The catalogue decides what the engine alone cannot: 育婴员 has no standard at 技师 or above."""
    program = presets[code]
    on = program.reference_date
    person = {
        "id_number": make_id(add_years(on, -40)),
        "employer_type": EmployerType.ENTERPRISE,
        "social_insurance": True,
        "education": 2,
        "years_in_trade": 30,
        "cert_level": Level.SENIOR_WORKER,
        "cert_date": datetime.date(2010, 1, 1),
    }
    levels = sorted(program.policy.levels_offered) or [Level.SENIOR_WORKER]
    for level in levels:
        below = Level.one_below(level)
        facts = {**person, "cert_level": below}
        welder = Facts(**facts, cert_occupation="焊工", target_occupation="焊工")
        nanny = Facts(**facts, cert_occupation="育婴员", target_occupation="育婴员")
        assert eligibility_decide(program=program, facts=welder, target_level=level).eligible, level
        decision = eligibility_decide(program=program, facts=nanny, target_level=level)
        if level <= Level.TECHNICIAN:
            assert "occupation_level_no_standard" in decision.codes
        else:
            assert "occupation_level_no_standard" not in decision.codes


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
    # Every occupation records the levels it has a national standard at.
    assert not Occupation.objects.filter(levels=[]).exists()
    assert sorted(Occupation.objects.get(name="育婴员").levels) == [3, 4, 5]
