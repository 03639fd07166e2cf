"""Builders for programme test data."""

import datetime

from django.core.management import call_command

from programs.choices import CatalogRule, Level, ProgramKind, Route
from programs.models import Occupation, Program
from programs.services import program_create

LINYI_LIKE_POLICY = {
    "levels_offered": [Level.TECHNICIAN],
    "age_min": 29,
    "age_max": 50,
    "social_insurance_required": True,
    "catalog_rule": CatalogRule.IN_CATALOG,
    "routes": [Route.CERTIFICATE, Route.YEARS],
    "hours_total": 210,
    "hours_ideology": 10,
    "hours_theory": 110,
    "hours_practice": 90,
}


# A catalogue occupation with a national standard at every level (as 焊工, 电工 and 车工 have).
TEST_OCCUPATION = {"in_catalog": True, "family": "测试", "levels": [5, 4, 3, 2, 1]}


def make_program(world, *, code: str = "test-2026", city=None, **policy) -> Program:
    """A 临沂-like programme of the world's city A (or the given city)."""
    for name in ("焊工", "电工", "车工"):
        Occupation.objects.get_or_create(name=name, defaults=TEST_OCCUPATION)
    return program_create(
        actor=world.users["city"],
        city=city or world.city,
        data={
            "year": 2026,
            "kind": ProgramKind.GOLDEN_BLUE_COLLAR,
            "code": code,
            "name": f"2026年度测试项目 {code}",
            "reference_date": datetime.date(2026, 5, 1),
            "training_start": datetime.date(2026, 6, 1),
            "training_end": datetime.date(2026, 9, 30),
        },
        policy={**LINYI_LIKE_POLICY, **policy},
    )


def load_presets() -> None:
    call_command("load_presets", verbosity=0)
