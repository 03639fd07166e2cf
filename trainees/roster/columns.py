"""The roster's columns, declared once (SPEC §6's header, in its order).

Each declaration drives everything that knows about the column: the template (header, width, text or
date format, drop-down), the 填写说明 guide sheet, the reader (header check, the cell's limits, taken
from the model field it is stored in), the rejected-rows file and the 附件3 export (its heading there).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.apps import apps
from django.db import models

from programs.choices import Education, EmployerType, Level, Sex, Title

from .values import PHONE_RULE, listing


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"  # digits that are not a number (ID, certificate, phone): a text cell, never a number
    CHOICE = "choice"
    DATE = "date"
    NUMBER = "number"


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind
    required: bool
    help: str
    width: int
    choices: tuple[str, ...] = ()  # the template's drop-down
    stored_in: str = ""  # "Model.field" whose limits (max_length, range) a cell must respect
    export: str = ""  # its heading in the 花名册 export (德州 附件3); "" = not exported

    @property
    def number_format(self) -> str:
        # Text, so that Excel keeps all 18 digits of an ID (and leading zeros of numbers and phones).
        return {Kind.CODE: "@", Kind.DATE: "yyyy-mm-dd"}.get(self.kind, "")

    def model_field(self) -> models.Field | None:
        if not self.stored_in:
            return None
        model, name = self.stored_in.split(".")
        return apps.get_model("trainees", model)._meta.get_field(name)

    @property
    def max_length(self) -> int | None:
        field = self.model_field()
        return getattr(field, "max_length", None) if field is not None else None


def _labels(choices) -> tuple[str, ...]:
    return tuple(str(label) for label in choices.labels)


_LEVELS = "、".join(Level.labels)
_YES_NO = ("是", "否")
# 德州 附件3 《德州市“金蓝领”培训学员花名册》: 现职业资格证书 is a two-level heading over two columns.
CERTIFICATE_GROUP = "现职业资格证书"

COLUMNS: tuple[Column, ...] = (
    Column("序号", Kind.NUMBER, False, "可留空；导入时不使用", 6, export="序号"),
    Column("姓名", Kind.TEXT, True, "与身份证一致", 10, stored_in="Trainee.name", export="姓名"),
    Column("性别", Kind.CHOICE, False, "男、女；留空则以身份证号码为准", 6, _labels(Sex), export="性别"),
    Column(
        "身份证号码",
        Kind.CODE,
        True,
        "18 位，末位可为 X；本列为文本格式，请勿改为数字（Excel 会丢失后几位）",
        21,
        export="身份证号码",
    ),
    Column("工作单位", Kind.TEXT, False, "单位全称", 24, stored_in="Enrollment.employer", export="工作单位"),
    Column(
        "单位类型",
        Kind.CHOICE,
        True,
        f"{listing(EmployerType)}；培训对象为企业在职职工和技工院校、职业院校专业教师，"
        "其他类型（含机关事业单位、个体工商户）不纳入培训范围",
        12,
        _labels(EmployerType),
    ),
    Column(
        "参加社会保险", Kind.CHOICE, False, "是、否（是否参加职工社会保险；部分项目要求参加）", 8, _YES_NO
    ),
    Column(
        "文化程度",
        Kind.CHOICE,
        False,
        f"{listing(Education)}；也可填 初中、高中、中专、技校、专科、硕士、博士 等",
        14,
        _labels(Education),
    ),
    Column(
        "现职业（工种）",
        Kind.TEXT,
        False,
        "现持职业资格（技能等级）证书的职业（工种）；凭证书报名的必填，留空则证书不能作为报名依据",
        16,
        stored_in="Enrollment.cert_occupation",
        export=f"{CERTIFICATE_GROUP} 职业（工种）",
    ),
    Column(
        "现证书等级",
        Kind.CHOICE,
        False,
        f"{_LEVELS}；也可填 一级～五级 或 初级、中级、高级；无证书留空或填“无”",
        10,
        (*_labels(Level), "无"),
    ),
    Column(
        "证书编号",
        Kind.CODE,
        False,
        "现持证书编号（文本）",
        # Numbers of up to ~22 characters (S000037000000123456-01) fit without spilling into the next
        # column when an office suite prints the 附件3 export.
        24,
        stored_in="Enrollment.cert_number",
        export="证书编号",
    ),
    Column("发证日期", Kind.DATE, False, "现持证书发证日期，YYYY-MM-DD，如 2018-06-30", 12),
    Column(
        "工作年限",
        Kind.NUMBER,
        False,
        "累计从事本职业（工种）年限，整数，如 14（以工作年限承诺证明为准）",
        8,
        stored_in="Enrollment.years_in_trade",
        export="工作年限",
    ),
    Column("专业技术职称", Kind.CHOICE, False, listing(Title), 12, _labels(Title)),
    Column("职称取得日期", Kind.DATE, False, "YYYY-MM-DD", 12),
    Column(
        "荣誉",
        Kind.TEXT,
        False,
        "市级以上技术能手称号，或发明创造、技术革新、技能攻关等突出成果，写明名称；没有则留空或填“无”",
        20,
        stored_in="Enrollment.honour",
    ),
    Column(
        "同期参加其他补贴性培训",
        Kind.CHOICE,
        False,
        "是、否（同期参加其他政府补贴性培训或职业技能竞赛）",
        12,
        _YES_NO,
    ),
    Column(
        "参加培训职业（工种）",
        Kind.TEXT,
        True,
        "须为职业名录中的名称，如 车工、焊工、电工",
        16,
        export="参加培训职业（工种）",
    ),
    Column(
        "培训等级",
        Kind.CHOICE,
        True,
        f"{_LEVELS}（须为本项目开设的等级）",
        10,
        _labels(Level),
        export="培训等级",
    ),
    Column("联系电话", Kind.CODE, False, PHONE_RULE, 15, stored_in="Trainee.phone", export="联系电话"),
    Column(
        "备注",
        Kind.TEXT,
        False,
        "报名国家职业资格目录外职业（工种）须由用人单位推荐：请在此填写“用人单位推荐”",
        20,
        stored_in="Enrollment.remark",
        export="备注",
    ),
)

ROSTER_HEADER: list[str] = [column.header for column in COLUMNS]
BY_HEADER: dict[str, Column] = {column.header: column for column in COLUMNS}
EXPORTED: tuple[Column, ...] = tuple(column for column in COLUMNS if column.export)
