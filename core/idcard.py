"""Resident identity numbers (GB 11643-1999), 周岁 date arithmetic and masking of personal data.

Pure functions with no Django dependency: the eligibility engine, roster imports, forms and public
pages all share them, so an ID accepted in one place is accepted everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# ISO 7064 MOD 11-2 weights for the first 17 digits, and the check character for each remainder.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_ID_PATTERN = re.compile(r"\d{17}[\dX]")
_WHITESPACE = re.compile(r"\s+")

# Problem codes returned by id_number_problem; the eligibility engine prefixes them with "id_".
PROBLEM_FORMAT = "format"
PROBLEM_REGION = "region"
PROBLEM_BIRTH_DATE = "birth_date"
PROBLEM_CHECKSUM = "checksum"

_EARLIEST_BIRTH_YEAR = 1900

# The province-level codes of GB/T 2260 (the first two digits of the address code): 11–15 North, 21–23
# North-east, 31–37 East, 41–46 Central-South, 50–54 South-west, 61–65 North-west, 71 Taiwan, 81 Hong Kong,
# 82 Macau. Any other pair (00, 99, 16, …) is not a place, whatever the check digit says.
_PROVINCE_RANGES = ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65), (71, 71), (81, 82))
PROVINCE_CODES = frozenset(f"{code}" for low, high in _PROVINCE_RANGES for code in range(low, high + 1))


def normalize_id_number(value: str | None) -> str:
    """Canonical form: no whitespace anywhere, ASCII digits, upper-case X.

    NFKC folds full-width digits and "ｘ", which Excel rosters typed with a Chinese IME often contain.
    """
    if not value:
        return ""
    folded = unicodedata.normalize("NFKC", str(value))
    return _WHITESPACE.sub("", folded).upper()


def check_digit(first17: str) -> str:
    """The GB 11643 check character ("0"–"9" or "X") for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit() or not first17.isascii():
        raise ValueError("check_digit needs exactly 17 ASCII digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _birth_date_or_none(normalized: str) -> date | None:
    try:
        born = date(int(normalized[6:10]), int(normalized[10:12]), int(normalized[12:14]))
    except ValueError:
        return None
    return born if born.year >= _EARLIEST_BIRTH_YEAR else None


def id_number_problem(value: str | None) -> str | None:
    """None when ``value`` is a valid 18-character ID, else "format", "region", "birth_date" or
    "checksum".

    Only calendar validity is checked for the birth date (and year >= 1900): whether the person is
    born by some date depends on the caller's reference date, not on today.
    """
    normalized = normalize_id_number(value)
    if not _ID_PATTERN.fullmatch(normalized) or not normalized.isascii():
        return PROBLEM_FORMAT
    if normalized[:2] not in PROVINCE_CODES:
        return PROBLEM_REGION
    if _birth_date_or_none(normalized) is None:
        return PROBLEM_BIRTH_DATE
    if check_digit(normalized[:17]) != normalized[17]:
        return PROBLEM_CHECKSUM
    return None


def is_valid_id_number(value: str | None) -> bool:
    return id_number_problem(value) is None


def _require_valid(value: str) -> str:
    normalized = normalize_id_number(value)
    problem = id_number_problem(normalized)
    if problem is not None:
        raise ValueError(f"invalid ID number ({problem})")
    return normalized


def birth_date_from_id(id_number: str) -> date:
    """Birth date encoded in digits 7–14; raises ValueError for an invalid ID."""
    normalized = _require_valid(id_number)
    born = _birth_date_or_none(normalized)
    assert born is not None  # _require_valid has checked it
    return born


def sex_from_id(id_number: str) -> str:
    """Sex encoded in the ID: "M" when the 17th digit is odd, "F" when even (the Sex choice values)."""
    normalized = _require_valid(id_number)
    return "M" if int(normalized[16]) % 2 == 1 else "F"


def add_years(d: date, n: int) -> date:
    """The same day ``n`` years later (or earlier); 29 February becomes 28 February in a common year.

    28 February is the convention SPEC §4 fixes for "held N years" and for birthdays, so that an
    anniversary never spills into the next month.
    """
    year = d.year + n
    try:
        return d.replace(year=year)
    except ValueError:  # only 29 February in a common year can fail
        return d.replace(year=year, day=28)


def full_years(birth: date, on: date) -> int:
    """周岁: the largest n with add_years(birth, n) <= on (negative when ``on`` precedes ``birth``)."""
    n = on.year - birth.year
    # add_years is monotonic in n, and add_years(birth, n - 1) falls in an earlier year than ``on``,
    # so a single step back is always enough.
    return n if add_years(birth, n) <= on else n - 1


def mask_id_number(value: str | None) -> str:
    """Keep the first 4 and last 4 characters: "3703**********1234"; short values are fully starred."""
    text = normalize_id_number(value)
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def mask_name(value: str | None) -> str:
    """Keep the first and last character: "张三明" → "张*明", "张三" → "张*", "欧阳娜娜" → "欧**娜"."""
    text = (value or "").strip()
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def mask_phone(value: str | None) -> str:
    """Keep the first 3 and last 4: "13812345678" → "138****5678"; short values are fully starred."""
    text = _WHITESPACE.sub("", value or "")
    if len(text) < 8:
        return "*" * len(text)
    return text[:3] + "*" * (len(text) - 7) + text[-4:]
