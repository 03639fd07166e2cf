"""The trainee roster (花名册, SPEC §6): reading an xlsx, parsing its cells, validating it as a whole.

This is the ONE roster path: the browser import, the saving import and ``manage.py import_roster`` all
call ``read_roster`` then ``validate_roster``, so a row accepted in one place is accepted everywhere.
Nothing here prints or knows about requests; the database is read only by ``validate_roster`` (a fixed
number of queries, whatever the row count).

Workbook rules:

- First worksheet; row 1 is the header (``ROSTER_HEADER``, compared ignoring whitespace and the width
  of parentheses); data from row 2. Columns after the 21st are ignored, so a file downloaded back with
  a reasons column can be corrected and imported again.
- A row whose cells are all empty is skipped; so is a row where only 序号 is filled, because templates
  are often pre-numbered far below the last real trainee.
- A malformed workbook raises ``RosterError``; a bad cell never does: it becomes a ``Reason`` on its row
  (``RosterRow.problems``) and the row is rejected with every other reason it has.

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

import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from os import PathLike
from typing import IO, TYPE_CHECKING, Any, Final

from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.idcard import normalize_id_number
from programs.choices import Education, EmployerType, Level, Sex, Title
from programs.eligibility import Decision, Facts, Reason
from programs.services import eligibility_decide, occupation_index

if TYPE_CHECKING:
    from programs.models import Program

ROSTER_HEADER: list[str] = [
    "序号",
    "姓名",
    "性别",
    "身份证号码",
    "工作单位",
    "单位类型",
    "参加社会保险",
    "文化程度",
    "现职业（工种）",
    "现证书等级",
    "证书编号",
    "发证日期",
    "工作年限",
    "专业技术职称",
    "职称取得日期",
    "荣誉",
    "同期参加其他补贴性培训",
    "参加培训职业（工种）",
    "培训等级",
    "联系电话",
    "备注",
]

ACCEPTED: Final = "accepted"
REJECTED: Final = "rejected"

RosterSource = str | PathLike[str] | IO[bytes]
KnownEnrolments = Callable[[set[str]], Mapping[str, Reason]]


class RosterError(Exception):
    """The workbook as a whole cannot be read as a roster; the message is for the base staff."""


# ---------------------------------------------------------------------------------------------------
# Parsed rows
# ---------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------
# Reading the workbook
# ---------------------------------------------------------------------------------------------------


def read_roster(source: RosterSource) -> list[RosterRow]:
    """Parse the roster at ``source`` (a path or a binary file-like). Raises RosterError."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise RosterError(f"找不到文件：{exc.filename or source}") from exc
    except Exception as exc:
        # openpyxl fails in many ways on a non-xlsx (BadZipFile, InvalidFileException, KeyError on
        # a zip without a workbook part, XML errors): to the user they all mean the same thing.
        raise RosterError("文件不是有效的 Excel 工作簿（.xlsx），请使用花名册模板填写后上传") from exc
    try:
        if not workbook.worksheets:
            raise RosterError("工作簿中没有工作表")
        sheet = workbook.worksheets[0]
        # Some generators write a wrong <dimension> (e.g. "A1"); read what is really there instead.
        sheet.reset_dimensions()
        return _rows_from_sheet(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()  # read-only workbooks keep the file open until closed


def _rows_from_sheet(lines: Iterable[Sequence[Any]]) -> list[RosterRow]:
    iterator = iter(lines)
    header = next(iterator, None)
    if header is None or all(_is_blank(value) for value in header):
        raise RosterError("花名册为空：第 1 行应为表头，请使用花名册模板")
    _check_header(header)
    width = len(ROSTER_HEADER)
    rows = []
    for number, line in enumerate(iterator, start=2):
        cells = (tuple(line) + (None,) * width)[:width]
        if all(_is_blank(value) for value in cells[1:]):
            continue
        rows.append(parse_row(number, dict(zip(ROSTER_HEADER, cells, strict=True))))
    if not rows:
        raise RosterError("花名册没有数据行")
    return rows


def _header_key(value: Any) -> str:
    # NFKC folds full-width parentheses to ASCII ones; whitespace includes line breaks in wrapped cells.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _text(value)))


def _check_header(header: Sequence[Any]) -> None:
    cells = list(header) + [None] * (len(ROSTER_HEADER) - len(header))
    for number, (expected, actual) in enumerate(zip(ROSTER_HEADER, cells, strict=False), start=1):
        if _header_key(expected) != _header_key(actual):
            shown = f"“{_text(actual)}”" if not _is_blank(actual) else "空"
            raise RosterError(f"第 {number} 列应为“{expected}”，实为{shown}")


# ---------------------------------------------------------------------------------------------------
# Cell parsers: each returns the value, or records a Reason and returns the "not declared" value.
# ---------------------------------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    """A cell as text: numbers without a spurious ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _key(value: Any) -> str:
    """Text for matching against a vocabulary: full-width forms folded, no whitespace at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _text(value)))


def _vocabulary(choices: Any, aliases: Mapping[str, Any] | None = None) -> dict[str, Any]:
    table = {_key(label): value for value, label in choices.choices}
    table.update({_key(alias): value for alias, value in (aliases or {}).items()})
    return table


def _listing(choices: Any) -> str:
    return "、".join(str(label) for label in choices.labels)


_SEX = _vocabulary(Sex)
_EMPLOYER_TYPE = _vocabulary(EmployerType)
_YES_NO = {"是": True, "否": False}
_EDUCATION = _vocabulary(
    Education,
    {
        "初中": Education.JUNIOR_HIGH,
        "小学": Education.JUNIOR_HIGH,
        "高中": Education.HIGH_SCHOOL,
        "中专": Education.HIGH_SCHOOL,
        "技校": Education.HIGH_SCHOOL,
        "职高": Education.HIGH_SCHOOL,
        "中职": Education.HIGH_SCHOOL,
        "大专": Education.JUNIOR_COLLEGE,
        "专科": Education.JUNIOR_COLLEGE,
        "本科": Education.BACHELOR,
        "大学本科": Education.BACHELOR,
        "研究生": Education.POSTGRADUATE,
        "硕士": Education.POSTGRADUATE,
        "博士": Education.POSTGRADUATE,
        "硕士研究生": Education.POSTGRADUATE,
        "博士研究生": Education.POSTGRADUATE,
    },
)
# The national standard writes levels as 一级..五级; older certificates say 初级/中级/高级 (高级 = 高级工).
_LEVEL = _vocabulary(
    Level,
    {
        "一级": Level.SENIOR_TECHNICIAN,
        "二级": Level.TECHNICIAN,
        "三级": Level.SENIOR_WORKER,
        "四级": Level.INTERMEDIATE_WORKER,
        "五级": Level.JUNIOR_WORKER,
        "初级": Level.JUNIOR_WORKER,
        "中级": Level.INTERMEDIATE_WORKER,
        "高级": Level.SENIOR_WORKER,
    },
)
_TITLE = _vocabulary(Title)
_NONE_WORDS = frozenset({"无", "否"})

_LEVEL_CHOICES = _listing(Level)
_DATE_FORMS = (
    re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"),
    re.compile(r"(\d{4})年()(\d{1,2})月(\d{1,2})日?"),
)
_YEARS_TEXT = re.compile(r"(\d+)(?:\.0+)?年?")
_PHONE = re.compile(r"[0-9 +\-]{7,20}")
# "未推荐", "不推荐", "无推荐", "非用人单位推荐", "没有单位推荐", "未经用人单位推荐": the words say no.
_NOT_RECOMMENDED = re.compile(r"(未|不|无|非|没有?)经?(用人单位|单位|企业)?推荐")
# Excel keeps 15 significant digits; any float at or above 2**53 cannot hold all digits of an ID.
_EXACT_FLOAT_LIMIT = 2**53


class _Cells:
    """The cells of one row, with the reasons found while parsing them."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values
        self.problems: list[Reason] = []

    def raw(self, column: str) -> Any:
        return self.values.get(column)

    def text(self, column: str) -> str:
        return _text(self.raw(column))

    def problem(self, code: str, message: str) -> None:
        self.problems.append(Reason(code, message))

    def choice(self, column: str, table: Mapping[str, Any], code: str, allowed: str) -> Any:
        """The vocabulary value of the cell; None for a blank cell or (with a reason) an unknown one."""
        if _is_blank(self.raw(column)):
            return None
        value = table.get(_key(self.raw(column)))
        if value is None:
            self.problem(code, f"{column}“{self.text(column)}”无效（应为{allowed}）")
        return value

    def yes_no(self, column: str) -> bool | None:
        return self.choice(column, _YES_NO, "yes_no_invalid", "“是”或“否”")

    def level(self, column: str, code: str) -> int | None:
        raw = self.raw(column)
        value = _level_value(raw)
        if value is None:
            self.problem(code, f"{column}“{_text(raw)}”无效（应为{_LEVEL_CHOICES}之一）")
        return value

    def date(self, column: str) -> date | None:
        raw = self.raw(column)
        if _is_blank(raw):
            return None
        value = _date_value(raw)
        if value is None:
            self.problem("date_invalid", f"{column}“{_text(raw)}”不是有效日期（应为 YYYY-MM-DD）")
        return value


def _level_value(raw: Any) -> int | None:
    """A level from its label or an alias, also in combined forms such as "二级/技师" or "技师（二级）"."""
    key = _key(raw)
    if not key or isinstance(raw, (int, float)):
        return None
    if key in _LEVEL:
        return int(_LEVEL[key])
    parts = [part for part in re.split(r"[/、()]+", key) if part]
    found = {_LEVEL.get(part) for part in parts}
    if len(found) == 1 and None not in found:
        return int(found.pop())
    return None


def _date_value(raw: Any) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        return None  # a bare number is ambiguous (a serial day? 20210501?): ask for a real date
    text = unicodedata.normalize("NFKC", raw).strip()
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            year, _separator, month, day = match.groups()
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                return None
    return None


def _years_value(raw: Any) -> int | None:
    """Whole years >= 0 from 14, 14.0, "14" or "14年"; None for anything else."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw >= 0 else None
    if isinstance(raw, float):
        return int(raw) if math.isfinite(raw) and raw.is_integer() and raw >= 0 else None
    if isinstance(raw, str):
        match = _YEARS_TEXT.fullmatch(_key(raw))
        return int(match.group(1)) if match else None
    return None


def _id_text(raw: Any, cells: _Cells) -> str:
    column = "身份证号码"
    if isinstance(raw, float) and math.isfinite(raw):
        digits = str(int(raw)) if raw.is_integer() else str(raw)
        if abs(raw) >= _EXACT_FLOAT_LIMIT:
            cells.problem(
                "id_number_precision_lost",
                f"{column}被 Excel 存为数字，末几位已丢失（读到“{digits}”），请将该列设为文本格式后重新填写",
            )
        return normalize_id_number(digits)
    return normalize_id_number(_text(raw))


def _recommended(remark: str) -> bool:
    return "推荐" in remark and not _NOT_RECOMMENDED.search(remark)


def parse_row(number: int, values: Mapping[str, Any]) -> RosterRow:
    """Parse one data row (cells keyed by ROSTER_HEADER) into facts, target level and problems."""
    cells = _Cells(values)
    name = cells.text("姓名")
    if not name:
        cells.problem("name_missing", "未填写姓名")
    sex = cells.choice("性别", _SEX, "sex_invalid", "“男”或“女”")
    id_number = _id_text(cells.raw("身份证号码"), cells)
    employer_type = cells.choice(
        "单位类型", _EMPLOYER_TYPE, "employer_type_invalid", f"{_listing(EmployerType)}之一"
    )
    social_insurance = cells.yes_no("参加社会保险")
    education = cells.choice("文化程度", _EDUCATION, "education_invalid", f"{_listing(Education)}之一")

    cert_level = None
    if _key(cells.raw("现证书等级")) not in ("", "无"):
        cert_level = cells.level("现证书等级", "level_invalid")
    cert_date = cells.date("发证日期")

    years_in_trade = None
    if not _is_blank(cells.raw("工作年限")):
        years_in_trade = _years_value(cells.raw("工作年限"))
        if years_in_trade is None:
            cells.problem("years_invalid", f"工作年限“{cells.text('工作年限')}”无效（应为 0 或正整数年数）")

    # "无" is a declared "no title" (kept as such); a blank cell is "not declared" (None).
    if _key(cells.raw("专业技术职称")) == "无":
        title = Title.NONE.value
    else:
        title = cells.choice("专业技术职称", _TITLE, "title_invalid", f"{_listing(Title)}之一")
    title_date = cells.date("职称取得日期")

    honour_text = cells.text("荣誉")
    parallel = cells.yes_no("同期参加其他补贴性培训")

    target_occupation = cells.text("参加培训职业（工种）")
    if not target_occupation:
        cells.problem("target_occupation_missing", "未填写参加培训职业（工种）")
    target_level = None
    if _is_blank(cells.raw("培训等级")):
        cells.problem("target_level_missing", "未填写培训等级")
    else:
        target_level = cells.level("培训等级", "target_level_invalid")

    phone = unicodedata.normalize("NFKC", cells.text("联系电话")).strip()
    if phone and not (_PHONE.fullmatch(phone) and sum(ch.isdigit() for ch in phone) >= 7):
        cells.problem("phone_invalid", f"联系电话“{phone}”无效（应为 7–20 位数字，可含空格、-、+）")
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
        honour=_key(honour_text) not in ("", *_NONE_WORDS),
        parallel_training=bool(parallel),
        target_occupation=target_occupation,
        employer_recommended=_recommended(remark),
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


# ---------------------------------------------------------------------------------------------------
# Validating the whole file
# ---------------------------------------------------------------------------------------------------


@dataclass
class RowResult:
    row: int
    id_number: str  # normalised
    name: str
    status: str  # ACCEPTED or REJECTED
    route: str  # a Route value, or ""
    reasons: list[Reason]
    source: RosterRow = field(repr=False)
    decision: Decision | None = field(default=None, repr=False)  # None when the engine was skipped

    @property
    def is_accepted(self) -> bool:
        return self.status == ACCEPTED

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "id_number": self.id_number,
            "status": self.status,
            "route": self.route,
            "reasons": [{"code": r.code, "message": r.message} for r in self.reasons],
        }


@dataclass
class RosterReport:
    rows: list[RowResult]
    policy_version: int
    reference_date: date

    @property
    def accepted(self) -> int:
        return sum(1 for result in self.rows if result.is_accepted)

    @property
    def rejected(self) -> int:
        return len(self.rows) - self.accepted

    def as_dict(self) -> dict[str, Any]:
        """SPEC §6's JSON object (plus the policy version the rows were judged under)."""
        return {
            "accepted": self.accepted,
            "rejected": self.rejected,
            "policy_version": self.policy_version,
            "rows": [result.as_dict() for result in self.rows],
        }


def validate_roster(
    rows: Sequence[RosterRow],
    *,
    program: Program,
    as_of: date | None = None,
    known_enrolments: KnownEnrolments | None = None,
) -> RosterReport:
    """Judge every row under the programme's current policy on ``as_of`` (default: the programme's
    reference date, else today), plus duplicates within the file and, through ``known_enrolments``
    (called once with every ID of the file), whatever the database knows about those people.

    A row is accepted iff it has no reason at all. Queries: the policy (unless already loaded), the
    occupation catalogue, and whatever ``known_enrolments`` does — never one per row.
    """
    policy = program.policy
    if policy is None:
        raise ValueError(f"programme {program.code} has no policy to validate against")
    on = as_of or program.reference_date or timezone.localdate()
    occupations = occupation_index()
    known = dict(known_enrolments({r.id_number for r in rows if r.id_number})) if known_enrolments else {}
    first_row: dict[str, int] = {}
    results = []
    for row in rows:
        reasons = list(row.problems)
        decision = None
        # Without a target level the engine has nothing to judge; the parse reason already says why.
        if row.target_level is not None:
            decision = eligibility_decide(
                program=program,
                facts=row.facts,
                target_level=row.target_level,
                reference_date=on,
                occupations=occupations,
            )
            # The parse already reported a blank target occupation; the engine's own reason for that
            # blank would say it a second time.
            parsed = {problem.code for problem in row.problems}
            reasons.extend(
                reason
                for reason in decision.reasons
                if not (reason.code == "occupation_unknown" and "target_occupation_missing" in parsed)
            )
        if row.id_number:  # blank IDs are reported by the engine, not as duplicates of each other
            if row.id_number in first_row:
                reasons.append(
                    Reason("duplicate_in_file", f"与第 {first_row[row.id_number]} 行身份证号码重复")
                )
            else:
                first_row[row.id_number] = row.row
            if row.id_number in known:
                reasons.append(known[row.id_number])
        results.append(
            RowResult(
                row=row.row,
                id_number=row.id_number,
                name=row.name,
                status=REJECTED if reasons else ACCEPTED,
                route=decision.route if decision else "",
                reasons=reasons,
                source=row,
                decision=decision,
            )
        )
    return RosterReport(rows=results, policy_version=policy.number, reference_date=on)


# ---------------------------------------------------------------------------------------------------
# The downloadable template
# ---------------------------------------------------------------------------------------------------

_TEMPLATE_ROWS = 2000  # drop-downs and text formats reach this far; more rows still import
_TEXT_COLUMNS = ("身份证号码", "证书编号", "联系电话")
_DATE_COLUMNS = ("发证日期", "职称取得日期")


def _dropdowns() -> dict[str, list[str]]:
    levels = [str(label) for label in Level.labels]
    yes_no = ["是", "否"]
    return {
        "性别": [str(label) for label in Sex.labels],
        "单位类型": [str(label) for label in EmployerType.labels],
        "参加社会保险": yes_no,
        "文化程度": [str(label) for label in Education.labels],
        "现证书等级": [*levels, "无"],
        "专业技术职称": [str(label) for label in Title.labels],
        "同期参加其他补贴性培训": yes_no,
        "培训等级": levels,
    }


def _guide() -> list[tuple[str, str, str]]:
    """(column, required, guidance) in ROSTER_HEADER order; allowed values come from the choices, so
    the guidance cannot drift from what the parser accepts."""
    levels = "、".join(Level.labels)
    return [
        ("序号", "否", "可留空；导入时不使用"),
        ("姓名", "是", "与身份证一致"),
        ("性别", "否", "男、女；留空则以身份证号码为准"),
        ("身份证号码", "是", "18 位，末位可为 X；本列为文本格式，请勿改为数字（Excel 会丢失后几位）"),
        ("工作单位", "否", "单位全称"),
        (
            "单位类型",
            "否",
            f"{_listing(EmployerType)}；机关事业单位职工不纳入培训范围（技工院校、职业院校专业教师除外）",
        ),
        ("参加社会保险", "否", "是、否（是否参加职工社会保险；部分项目要求参加）"),
        (
            "文化程度",
            "否",
            f"{_listing(Education)}；也可填 初中、高中、中专、技校、专科、硕士、博士 等",
        ),
        ("现职业（工种）", "否", "现持职业资格（技能等级）证书的职业（工种）"),
        ("现证书等级", "否", f"{levels}；也可填 一级～五级 或 初级、中级、高级；无证书留空或填“无”"),
        ("证书编号", "否", "现持证书编号（文本）"),
        ("发证日期", "否", "现持证书发证日期，YYYY-MM-DD，如 2018-06-30"),
        ("工作年限", "否", "累计从事本职业（工种）年限，整数，如 14（以工作年限承诺证明为准）"),
        ("专业技术职称", "否", f"{_listing(Title)}"),
        ("职称取得日期", "否", "YYYY-MM-DD"),
        (
            "荣誉",
            "否",
            "市级以上技术能手称号，或发明创造、技术革新、技能攻关等突出成果，写明名称；没有则留空或填“无”",
        ),
        ("同期参加其他补贴性培训", "否", "是、否（同期参加其他政府补贴性培训或职业技能竞赛）"),
        ("参加培训职业（工种）", "是", "须为职业名录中的名称，如 车工、焊工、电工"),
        ("培训等级", "是", f"{levels}（须为本项目开设的等级）"),
        ("联系电话", "否", "7–20 位数字，可含空格、-、+"),
        (
            "备注",
            "否",
            "报名国家职业资格目录外职业（工种）须由用人单位推荐：请在此填写“用人单位推荐”",
        ),
    ]


_WIDTHS = {
    "序号": 6,
    "姓名": 10,
    "性别": 6,
    "身份证号码": 21,
    "工作单位": 24,
    "单位类型": 12,
    "参加社会保险": 8,
    "文化程度": 14,
    "现职业（工种）": 16,
    "现证书等级": 10,
    "证书编号": 20,
    "发证日期": 12,
    "工作年限": 8,
    "专业技术职称": 12,
    "职称取得日期": 12,
    "荣誉": 20,
    "同期参加其他补贴性培训": 12,
    "参加培训职业（工种）": 16,
    "培训等级": 10,
    "联系电话": 15,
    "备注": 20,
}


def roster_template_xlsx() -> bytes:
    """The blank roster: header, drop-downs and cell formats on sheet 1; allowed values on 填写说明.

    No example row: anything on sheet 1 below the header would be imported as a trainee.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append(ROSTER_HEADER)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"
    letters = {name: get_column_letter(i) for i, name in enumerate(ROSTER_HEADER, start=1)}
    for name, letter in letters.items():
        sheet.column_dimensions[letter].width = _WIDTHS[name]

    # Text format so Excel keeps all 18 digits of an ID (and leading zeros of numbers and phones).
    formats = {**dict.fromkeys(_TEXT_COLUMNS, "@"), **dict.fromkeys(_DATE_COLUMNS, "yyyy-mm-dd")}
    for name, number_format in formats.items():
        column = ROSTER_HEADER.index(name) + 1
        for row in range(2, _TEMPLATE_ROWS + 1):
            sheet.cell(row=row, column=column).number_format = number_format

    for name, options in _dropdowns().items():
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(options) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="填写有误",
            error=f"{name}请从下拉列表中选择：{'、'.join(options)}",
        )
        sheet.add_data_validation(validation)
        validation.add(f"{letters[name]}2:{letters[name]}{_TEMPLATE_ROWS}")

    guide = workbook.create_sheet("填写说明")
    guide.append(["列名", "必填", "填写要求 / 可选值"])
    for cell in guide[1]:
        cell.font = header_font
        cell.fill = header_fill
    for line in _guide():
        guide.append(list(line))
    guide.append([])
    guide.append(["说明", "", "第 1 行为表头，请勿修改；从第 2 行起每行一名学员，不要留示例行。"])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 6
    guide.column_dimensions["C"].width = 90
    for row in guide.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
