import pytest
from django.core.management import call_command

from stats.models import StatisticsPolicy

pytestmark = pytest.mark.django_db


def test_the_demo_sets_every_preset_programmes_statistics_rules(settings):
    settings.ALLOW_DEMO_DATA = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    policies = {p.program.code: p for p in StatisticsPolicy.objects.select_related("program", "deadline")}
    assert set(policies) >= {"weihai-2019", "dezhou-2021", "weifang-2020", "taian-2021"}
    assert policies["dezhou-2021"].layout == "by_level_catalog"
    assert policies["dezhou-2021"].deadline.due.isoformat() == "2021-12-31"
    assert policies["weifang-2020"].deadline.due.isoformat() == "2021-01-10"
    assert policies["taian-2021"].deadline.label == "培训情况统计表报送"
