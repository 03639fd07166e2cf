"""Valid ID numbers for tests: region 370302, the given birth date, a sequence and the right check digit."""

import datetime

from core.idcard import check_digit


def make_id(birth: datetime.date, *, sequence: int = 123, region: str = "370302") -> str:
    """Odd sequence → male, even → female (GB 11643)."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)
