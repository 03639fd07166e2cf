"""Cell values as the roster understands them: text, vocabulary keys, dates, years, levels, and the two
rules on a single value that the registration form applies too (a person's name, a phone number)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from programs.choices import Education, EmployerType, Level, Sex, Title

# A value quoted back in a message is cut here, so that a 30,000-character cell cannot flood a report.
SHOWN_LENGTH = 30


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
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


def shown(text: str) -> str:
    """``text`` as a message quotes it: cut to SHOWN_LENGTH characters."""
    return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH] + "…"


def key(value: Any) -> str:
    """Text for matching against a vocabulary: full-width forms folded, no whitespace at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(value)))


def vocabulary(choices: Any, aliases: Mapping[str, Any] | None = None) -> dict[str, Any]:
    table = {key(label): value for value, label in choices.choices}
    table.update({key(alias): value for alias, value in (aliases or {}).items()})
    return table


def listing(choices: Any) -> str:
    return "、".join(str(label) for label in choices.labels)


SEX = vocabulary(Sex)
EMPLOYER_TYPE = vocabulary(EmployerType)
YES_NO = {"是": True, "否": False}
EDUCATION_ALIASES = {
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
}
EDUCATION = vocabulary(Education, EDUCATION_ALIASES)
# The national standard writes levels as 一级..五级; older certificates say 初级/中级/高级 (高级 = 高级工).
LEVEL = vocabulary(
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
TITLE = vocabulary(Title)
NONE_WORDS = frozenset({"无", "否"})

_DATE_FORMS = (
    re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"),
    re.compile(r"(\d{4})年()(\d{1,2})月(\d{1,2})日?"),
)
_YEARS_TEXT = re.compile(r"(\d+)(?:\.0+)?年?")


def level_value(raw: Any) -> int | None:
    """A level from its label or an alias, also in combined forms such as "二级/技师" or "技师（二级）"."""
    text = key(raw)
    if not text or isinstance(raw, (int, float)):
        return None
    if text in LEVEL:
        return int(LEVEL[text])
    parts = [part for part in re.split(r"[/、()]+", text) if part]
    found = {LEVEL.get(part) for part in parts}
    if len(found) == 1 and None not in found:
        return int(found.pop())
    return None


def date_value(raw: Any) -> date | None:
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


def years_value(raw: Any) -> int | None:
    """Whole years >= 0 from 14, 14.0, "14" or "14年"; None for anything else."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw >= 0 else None
    if isinstance(raw, float):
        return int(raw) if math.isfinite(raw) and raw.is_integer() and raw >= 0 else None
    if isinstance(raw, str):
        match = _YEARS_TEXT.fullmatch(key(raw))
        return int(match.group(1)) if match else None
    return None


# --- rules on one value, shared with the registration form ------------------------------------------------

_PHONE = re.compile(r"[0-9 +\-]{7,20}")
PHONE_RULE = "应为 7–20 位数字，可含空格、-、+"


def normalize_phone(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()


def phone_is_valid(phone: str) -> bool:
    """``phone`` already normalised; blank is valid (the number is optional)."""
    return not phone or bool(_PHONE.fullmatch(phone) and sum(ch.isdigit() for ch in phone) >= 7)


# Unicode categories a name never holds: control (Cc), format (Cf: zero-width spaces and joiners, the
# bidirectional overrides that make "张三" display as something else), unassigned, private use, surrogates.
_FORBIDDEN_IN_NAMES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs"})


def normalize_name(value: str) -> str:
    """NFKC (full-width letters and compatibility ideographs folded), inner runs of spaces made one."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value or "")).strip()


def name_problem(name: str) -> str | None:
    """Why the (normalised) name cannot be stored, or None. Blank is the caller's business."""
    odd = [ch for ch in name if unicodedata.category(ch) in _FORBIDDEN_IN_NAMES]
    if odd:
        codes = "、".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(odd))
        return f"姓名含有不可见或控制字符（{codes}），请删除后重新填写"
    return None
