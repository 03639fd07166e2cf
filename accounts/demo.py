"""Demo organisations and bureau users (never in production: see seed_demo).

The province, five city bureaus and three county bureaus in two cities. Bases and their staff are
registered by the bases app's seeder, as a city clerk would register them.
"""

from .models import Organisation
from .services import regions_load, user_ensure

DEMO_PASSWORD = "jinlan-demo-2026"

# username → (organisation code, full name); the organisation codes are GB/T 2260 codes from the
# regions file, or demo bases created below.
DEMO_USERS = {
    "province": ("370000", "省厅查看员"),
    "linyi": ("371300", "临沂市局经办员"),
    "dezhou": ("371400", "德州市局经办员"),
    "weihai": ("371000", "威海市局经办员"),
    "weifang": ("370700", "潍坊市局经办员"),
    "taian": ("370900", "泰安市局经办员"),
    "linyi-lanshan": ("371302", "兰山区人社局审核员"),
    "linyi-luozhuang": ("371311", "罗庄区人社局审核员"),
    "dezhou-decheng": ("371402", "德城区人社局审核员"),
}


def seed() -> None:
    regions_load()
    for username, (org_code, full_name) in DEMO_USERS.items():
        user_ensure(
            username=username,
            organisation=Organisation.objects.get(code=org_code),
            full_name=full_name,
            password=DEMO_PASSWORD,
        )
