"""Building roster workbooks for the tests: a valid applicant as a dict by column, and a writer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from core.idcard import check_digit
from trainees.roster import ROSTER_HEADER


def make_id(birth: date, *, male: bool = True, region: str = "370302", serial: int = 12) -> str:
    """A valid ID: the 17th digit is odd for a man, even for a woman."""
    sequence = f"{serial:02d}{(1 if male else 2)}"
    first17 = f"{region}{birth:%Y%m%d}{sequence}"
    return first17 + check_digit(first17)


def person(**overrides: Any) -> dict[str, Any]:
    """A 37-year-old 车工 with a 高级工 certificate from 2018, eligible for 临沂 2023 技师.

    Keys are the header's column names; pass ``**{"培训等级": "高级工"}`` for the others.
    """
    row: dict[str, Any] = {
        "序号": 1,
        "姓名": "张三明",
        "性别": "男",
        "身份证号码": make_id(date(1985, 6, 1)),
        "工作单位": "临沂重工机械有限公司",
        "单位类型": "企业",
        "参加社会保险": "是",
        "文化程度": "高中",
        "现职业（工种）": "车工",
        "现证书等级": "高级工",
        "证书编号": "S201801001",
        "发证日期": "2018-01-01",
        "工作年限": 15,
        "专业技术职称": "",
        "职称取得日期": "",
        "荣誉": "",
        "同期参加其他补贴性培训": "否",
        "参加培训职业（工种）": "车工",
        "培训等级": "技师",
        "联系电话": "13812345678",
        "备注": "",
    }
    unknown = set(overrides) - set(row)
    assert not unknown, f"not roster columns: {unknown}"
    row.update(overrides)
    return row


def write_roster(
    path: Path,
    rows: Iterable[Mapping[str, Any] | Sequence[Any]],
    *,
    header: Sequence[Any] = ROSTER_HEADER,
) -> Path:
    """Header in row 1, then one line per row (a dict by column name, or a plain list of cells)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(name) for name in ROSTER_HEADER] if isinstance(row, Mapping) else list(row))
    workbook.save(path)
    return path
