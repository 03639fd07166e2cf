"""Working days (Monday to Friday), as notices count their periods ("公示期不少于5个工作日").

Public holidays and the make-up working weekends of the State Council calendar are not known here; a
bureau that publishes across a holiday lengthens the period by hand, the minimum only ever grows.
"""

import datetime


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5


def working_days(start: datetime.date, end: datetime.date) -> int:
    """How many working days lie in start..end, both included (0 when end is before start)."""
    if end < start:
        return 0
    full_weeks, rest = divmod((end - start).days + 1, 7)
    count = full_weeks * 5
    for offset in range(rest):
        count += is_working_day(start + datetime.timedelta(days=full_weeks * 7 + offset))
    return count


def working_day_end(start: datetime.date, days: int) -> datetime.date:
    """The last day of a period that starts on ``start`` and lasts ``days`` working days."""
    day, counted = start, 0
    while True:
        counted += is_working_day(day)
        if counted >= max(days, 1):
            return day
        day += datetime.timedelta(days=1)
