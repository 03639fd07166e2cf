"""The statistics rules of the five notices, as data keyed by the preset programme's code.

Deadlines are the notices': 德州 bases → city by 12-31 (附件4); 潍坊 bases → city by the next 01-10,
signed by the 分管院长（校长） (附件2); 威海 区市 → city by the next 01-31 (附件); 泰安 counties by 05-10
(项目制培训情况统计表).
临沂 2023 names no statistics table: it gets the general occupation × level table, sent by its bases.
"""

from typing import Any

from .layouts import LayoutKind

STATISTICS_PRESETS: dict[str, dict[str, Any]] = {
    "linyi-2023": {"layout": LayoutKind.BY_LEVEL.value, "sender": "base", "due": None},
    "weihai-2019": {"layout": LayoutKind.BY_LEVEL.value, "sender": "county", "due": "2020-01-31"},
    "dezhou-2021": {"layout": LayoutKind.BY_LEVEL_CATALOG.value, "sender": "base", "due": "2021-12-31"},
    "weifang-2020": {"layout": LayoutKind.BY_LEVEL_ASSESSED.value, "sender": "base", "due": "2021-01-10"},
    "taian-2021": {
        "layout": LayoutKind.PROJECT.value,
        "sender": "county",
        "due": "2021-05-10",
        "group_scope": "重点产业企业职工、就业重点群体",
    },
}

# What a programme without a preset starts with (the city edits it in the browser).
DEFAULT = {"layout": LayoutKind.BY_LEVEL.value, "sender": "base", "due": None}
