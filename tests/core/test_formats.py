"""One style per kind of date (issue 10.19): templates name the project's formats, never a literal one."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

TEMPLATES = Path(settings.BASE_DIR) / "templates"
NAMED = {"DATE_FORMAT", "DATETIME_FORMAT", "Y年"}  # "Y年" alone names a year, not a date


def test_dates_print_the_chinese_way_and_timestamps_add_the_time():
    moment = timezone.make_aware(datetime.datetime(2026, 12, 2, 12, 24))
    assert date_format(datetime.date(2026, 12, 2)) == "2026年12月2日"
    assert date_format(timezone.localtime(moment), "DATETIME_FORMAT") == "2026年12月2日 12:24"


def test_no_template_spells_out_its_own_date_format():
    literal = [
        f"{path.relative_to(TEMPLATES)}: {fmt}"
        for path in TEMPLATES.rglob("*.html")
        for fmt in re.findall(r'\|date:"([^"]*)"', path.read_text())
        if fmt not in NAMED
    ]
    assert literal == []
