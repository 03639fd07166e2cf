"""Demo organisations and users (never in production: see seed_demo).

Two cities, two counties in each of them that matter for the demo, and two bases in one county to show
that bases cannot see each other. Later apps add their own demo data with their own seeders.
"""

from .models import Organisation
from .services import organisation_base_create, regions_load, user_ensure

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
    "base-lanshan-1": ("DEMO-371302-01", "临沂技师学院经办员"),
    "base-lanshan-2": ("DEMO-371302-02", "临沂机械集团经办员"),
}

DEMO_BASES = {
    "DEMO-371302-01": ("371302", "临沂市技师学院（演示）"),
    "DEMO-371302-02": ("371302", "临沂重型机械集团有限公司（演示）"),
}


def seed() -> None:
    regions_load()
    for code, (county_code, name) in DEMO_BASES.items():
        organisation_base_create(county=Organisation.objects.get(code=county_code), code=code, name=name)
    for username, (org_code, full_name) in DEMO_USERS.items():
        user_ensure(
            username=username,
            organisation=Organisation.objects.get(code=org_code),
            full_name=full_name,
            password=DEMO_PASSWORD,
        )
