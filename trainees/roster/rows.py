"""One data row: its cells parsed into engine facts, and what could not be parsed or stored as reasons.

A bad cell never raises: it becomes a ``Reason`` on its row and the row is rejected with every other
reason it has. The limits of the model fields the cells are saved into (``Column.stored_in``) are
checked here, so the preview says exactly what the commit will do.

Conventions the template cannot express as a column:

- 备注 containing "推荐" (e.g. "用人单位推荐") means the employer recommends the applicant. 德州 accepts
  occupations outside the national catalogue only with that recommendation, and the 德州 花名册 this
  template extends has no column for it. A negated phrase ("未推荐", "非用人单位推荐") does not count.
- 荣誉: any text except blank, "无" or "否" declares an honour (市级以上技术能手 or a notable invention /
  innovation); the text itself is kept for the reviewer.
- 身份证号码 typed into a number cell: an integer is turned back into its digits; a float that large
  has lost its last digits in Excel, so it is flagged (``id_number_precision_lost``) besides whatever
  the engine says about the rounded digits, which might otherwise pass the check digit by chance.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.validators import MaxValueValidator

from core.idcard import normalize_id_number
from programs.choices import Education, EmployerType, Level, Title
from programs.eligibility import Facts, Reason

from . import values as v
from .columns import COLUMNS

_LEVEL_CHOICES = v.listing(Level)
# "未推荐", "不推荐", "无推荐", "非用人单位推荐", "没有单位推荐", "未经用人单位推荐": the words say no.
_NOT_RECOMMENDED = re.compile(r"(未|不|无|非|没有?)经?(用人单位|单位|企业)?推荐")
# Control characters other than tab and line breaks (which wrapped cells hold).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Excel keeps 15 significant digits; any float at or above 2**53 cannot hold all digits of an ID.
_EXACT_FLOAT_LIMIT = 2**53


@dataclass
class RosterRow:
    """One data row: what could be parsed, as engine facts, and what could not, as reasons."""

    row: int  # the worksheet row number, as the user sees it in Excel
    facts: Facts  # facts.id_number is normalised
    target_level: int | None  # None when 培训等级 is missing or not a level
    phone: str = ""
    remark: str = ""
    honour_text: str = ""
    problems: list[Reason] = field(default_factory=list)
    # The cells as read, by header, to echo a rejected row back to the user unchanged.
    values: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def id_number(self) -> str:
        return self.facts.id_number

    @property
    def name(self) -> str:
        return self.facts.name

    @property
    def cert_number(self) -> str:
        return self.facts.cert_number


class _Cells:
    """The cells of one row, with the reasons found while parsing them."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values
        self.problems: list[Reason] = []

    def raw(self, column: str) -> Any:
        return self.values.get(column)

    def text(self, column: str) -> str:
        return v.cell_text(self.raw(column))

    def shown(self, column: str) -> str:
        return v.shown(self.text(column))

    def problem(self, code: str, message: str) -> None:
        self.problems.append(Reason(code, message))

    def choice(self, column: str, table: Mapping[str, Any], code: str, allowed: str) -> Any:
        """The vocabulary value of the cell; None for a blank cell or (with a reason) an unknown one."""
        if v.is_blank(self.raw(column)):
            return None
        value = table.get(v.key(self.raw(column)))
        if value is None:
            self.problem(code, f"{column}“{self.shown(column)}”无效（应为{allowed}）")
        return value

    def yes_no(self, column: str) -> bool | None:
        return self.choice(column, v.YES_NO, "yes_no_invalid", "“是”或“否”")

    def level(self, column: str, code: str) -> int | None:
        value = v.level_value(self.raw(column))
        if value is None:
            self.problem(code, f"{column}“{self.shown(column)}”无效（应为{_LEVEL_CHOICES}之一）")
        return value

    def date(self, column: str) -> date | None:
        raw = self.raw(column)
        if v.is_blank(raw):
            return None
        value = v.date_value(raw)
        if value is None:
            self.problem("date_invalid", f"{column}“{self.shown(column)}”不是有效日期（应为 YYYY-MM-DD）")
        return value


def _id_text(raw: Any, cells: _Cells) -> str:
    column = "身份证号码"
    if isinstance(raw, float) and math.isfinite(raw):
        digits = str(int(raw)) if raw.is_integer() else str(raw)
        if abs(raw) >= _EXACT_FLOAT_LIMIT:
            cells.problem(
                "id_number_precision_lost",
                f"{column}被 Excel 存为数字，末几位已丢失（读到“{v.shown(digits)}”），"
                "请将该列设为文本格式后重新填写",
            )
        return normalize_id_number(digits)
    return normalize_id_number(v.cell_text(raw))


def _recommended(remark: str) -> bool:
    return "推荐" in remark and not _NOT_RECOMMENDED.search(remark)


@functools.cache
def stored_limits() -> dict[str, tuple[int | None, int | None]]:
    """(max_length, max_value) of each column's model field, by header (read once; fields don't change)."""
    limits = {}
    for column in COLUMNS:
        field = column.model_field()
        if field is None:
            continue
        maximum = [x.limit_value for x in field.validators if isinstance(x, MaxValueValidator)]
        limits[column.header] = (getattr(field, "max_length", None), min(maximum) if maximum else None)
    return limits


def _check_stored_limits(cells: _Cells, stored: Mapping[str, Any]) -> None:
    """Each value against the model field it is saved into: a value the database would refuse is a
    reason on its row, never an error at commit time."""
    for header, (max_length, max_value) in stored_limits().items():
        value = stored.get(header)
        if header != "姓名" and isinstance(value, str) and _CONTROL.search(value):  # 姓名 has its own rule
            # PostgreSQL cannot store NUL, and no other control character belongs in a roster.
            cells.problem("control_character", f"{header}含有控制字符，请删除后重新填写")
        if isinstance(value, str) and max_length is not None and len(value) > max_length:
            cells.problem("too_long", f"{header}最多 {max_length} 个字符，实为 {len(value)} 个")
        elif isinstance(value, int) and max_value is not None and value > max_value:
            cells.problem("too_large", f"{header}“{value}”过大（最大 {max_value}）")


def parse_row(number: int, values: Mapping[str, Any]) -> RosterRow:
    """Parse one data row (cells keyed by ROSTER_HEADER) into facts, target level and problems."""
    cells = _Cells(values)
    name = v.normalize_name(cells.text("姓名"))
    if not name:
        cells.problem("name_missing", "未填写姓名")
    elif problem := v.name_problem(name):
        cells.problem("name_invalid", problem)
    sex = cells.choice("性别", v.SEX, "sex_invalid", "“男”或“女”")
    id_number = _id_text(cells.raw("身份证号码"), cells)
    employer_type = cells.choice(
        "单位类型", v.EMPLOYER_TYPE, "employer_type_invalid", f"{v.listing(EmployerType)}之一"
    )
    social_insurance = cells.yes_no("参加社会保险")
    education = cells.choice("文化程度", v.EDUCATION, "education_invalid", f"{v.listing(Education)}之一")

    cert_level = None
    if v.key(cells.raw("现证书等级")) not in ("", "无"):
        cert_level = cells.level("现证书等级", "level_invalid")
    cert_date = cells.date("发证日期")

    years_in_trade = None
    if not v.is_blank(cells.raw("工作年限")):
        years_in_trade = v.years_value(cells.raw("工作年限"))
        if years_in_trade is None:
            cells.problem("years_invalid", f"工作年限“{cells.shown('工作年限')}”无效（应为 0 或正整数年数）")

    # "无" is a declared "no title" (kept as such); a blank cell is "not declared" (None).
    if v.key(cells.raw("专业技术职称")) == "无":
        title = Title.NONE.value
    else:
        title = cells.choice("专业技术职称", v.TITLE, "title_invalid", f"{v.listing(Title)}之一")
    title_date = cells.date("职称取得日期")

    honour_text = cells.text("荣誉")
    parallel = cells.yes_no("同期参加其他补贴性培训")

    target_occupation = cells.text("参加培训职业（工种）")
    if not target_occupation:
        cells.problem("target_occupation_missing", "未填写参加培训职业（工种）")
    target_level = None
    if v.is_blank(cells.raw("培训等级")):
        cells.problem("target_level_missing", "未填写培训等级")
    else:
        target_level = cells.level("培训等级", "target_level_invalid")

    phone = v.normalize_phone(cells.text("联系电话"))
    phone_valid = v.phone_is_valid(phone)
    if not phone_valid:
        cells.problem("phone_invalid", f"联系电话“{v.shown(phone)}”无效（{v.PHONE_RULE}）")
    remark = cells.text("备注")

    facts = Facts(
        id_number=id_number,
        name=name,
        sex=sex,
        employer=cells.text("工作单位"),
        employer_type=employer_type,
        social_insurance=social_insurance,
        education=int(education) if education is not None else None,
        cert_occupation=cells.text("现职业（工种）"),
        cert_level=cert_level,
        cert_number=cells.text("证书编号"),
        cert_date=cert_date,
        years_in_trade=years_in_trade,
        title=title,
        title_date=title_date,
        honour=v.key(honour_text) not in ("", *v.NONE_WORDS),
        parallel_training=bool(parallel),
        target_occupation=target_occupation,
        employer_recommended=_recommended(remark),
    )
    _check_stored_limits(
        cells,
        {
            "姓名": name,
            "工作单位": facts.employer,
            "现职业（工种）": facts.cert_occupation,
            "证书编号": facts.cert_number,
            "工作年限": years_in_trade,
            "荣誉": honour_text,
            "联系电话": phone if phone_valid else "",  # its own rule already says what is wrong
            "备注": remark,
        },
    )
    return RosterRow(
        row=number,
        facts=facts,
        target_level=target_level,
        phone=phone,
        remark=remark,
        honour_text=honour_text,
        problems=cells.problems,
        values=dict(values),
    )
