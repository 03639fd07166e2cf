"""The schedule checker (SPEC §7): every breach code, at its boundaries, from pure data."""

from datetime import date, time
from decimal import Decimal

import pytest

from attendance.choices import Category, Mode
from attendance.schedule import (
    HEADER,
    HourRules,
    ScheduleError,
    Session,
    schedule_check,
    schedule_rows,
    session_from_cells,
)

LINYI = HourRules(
    total_min=Decimal(210),
    category_min={"ideology": Decimal(10), "theory": Decimal(110), "practice": Decimal(90)},
    online_share_max=Decimal("0.40"),
    practical_offline=True,
)
TAIAN = HourRules(online_share_max=Decimal("0.40"))  # no minimums, online capped
WEIHAI = HourRules(  # minimums, no online cap, practical may be online
    total_min=Decimal(210),
    category_min={"ideology": Decimal(10), "theory": Decimal(110), "practice": Decimal(90)},
)


def session(row, day, start, end, category, mode=Mode.OFFLINE, hours=4):
    return Session(
        row=row,
        day=day,
        start=time(*start),
        end=time(*end),
        category=category,
        mode=mode,
        hours=Decimal(hours),
    )


def full_schedule(*, online_theory: int = 84):
    """210 hours in 10 + 110 + 90, one session a day, ``online_theory`` of the theory hours online."""
    sessions, row, day = [], 2, date(2026, 6, 1)

    def add(category, hours, mode=Mode.OFFLINE):
        nonlocal row, day
        sessions.append(session(row, day, (8, 0), (12, 0), category, mode, hours))
        row += 1
        day = date.fromordinal(day.toordinal() + 1)

    add(Category.IDEOLOGY, 10)
    if online_theory:
        add(Category.THEORY, online_theory, Mode.ONLINE)
    add(Category.THEORY, 110 - online_theory)
    add(Category.PRACTICE, 90)
    return sessions


def codes(check):
    return [b.code for b in check.breaches]


def test_a_schedule_that_meets_every_rule_has_no_breach_and_counts_its_hours():
    check = schedule_check(full_schedule(), LINYI)
    assert check.ok
    assert check.as_dict() == {
        "ok": True,
        "hours": {"total": 210, "思政": 10, "理论": 110, "实操": 90, "online": 84},
        "breaches": [],
    }


def test_online_hours_up_to_the_share_are_allowed_and_one_more_is_not():
    assert schedule_check(full_schedule(online_theory=84), LINYI).ok  # 40 % of 210
    check = schedule_check(full_schedule(online_theory=85), LINYI)
    assert codes(check) == ["online_share_exceeded"]
    assert check.breaches[0].rows == (3,)


def test_each_short_category_is_its_own_breach_besides_the_total():
    sessions = [s for s in full_schedule() if s.category != Category.PRACTICE]
    sessions.append(session(99, date(2026, 7, 1), (8, 0), (12, 0), Category.IDEOLOGY, hours=5))
    check = schedule_check(sessions, LINYI)
    # 10 + 5 思政 is fine; 实操 is missing altogether; the total is 125.
    assert codes(check) == ["total_hours_short", "category_hours_short", "online_share_exceeded"]
    short = check.breaches[1]
    assert (short.category, short.as_dict()["category"]) == ("practice", "实操")
    assert "少于要求的 90 课时" in short.message


def test_practical_online_is_a_breach_only_where_the_policy_wants_practice_offline():
    sessions = full_schedule(online_theory=0)
    sessions[-1] = session(5, date(2026, 6, 9), (8, 0), (12, 0), Category.PRACTICE, Mode.ONLINE, 90)
    assert "practical_online" in codes(schedule_check(sessions, LINYI))
    assert schedule_check(sessions, WEIHAI).ok


def test_sessions_that_overlap_on_the_same_day_are_reported_as_a_pair_but_touching_ones_are_not():
    day = date(2026, 6, 1)
    sessions = [
        session(2, day, (8, 0), (10, 0), Category.THEORY),
        session(3, day, (10, 0), (12, 0), Category.THEORY),  # touches row 2: fine
        session(4, day, (11, 30), (13, 0), Category.THEORY),  # overlaps row 3
        session(5, date(2026, 6, 2), (11, 30), (13, 0), Category.THEORY),  # another day
    ]
    check = schedule_check(sessions, HourRules())
    assert [(b.code, b.rows) for b in check.breaches] == [("session_overlap", (3, 4))]


def test_sessions_outside_the_period_are_listed_and_its_bounds_are_inclusive():
    sessions = [
        session(2, date(2026, 5, 31), (8, 0), (9, 0), Category.THEORY),
        session(3, date(2026, 6, 1), (8, 0), (9, 0), Category.THEORY),
        session(4, date(2026, 9, 30), (8, 0), (9, 0), Category.THEORY),
        session(5, date(2026, 10, 1), (8, 0), (9, 0), Category.THEORY),
    ]
    check = schedule_check(sessions, HourRules(), period_start=date(2026, 6, 1), period_end=date(2026, 9, 30))
    assert [(b.code, b.rows) for b in check.breaches] == [("outside_period", (2, 5))]


def test_blank_rules_are_not_checked():
    sessions = [session(2, date(2026, 6, 1), (8, 0), (9, 0), Category.PRACTICE, Mode.ONLINE, 1)]
    assert schedule_check(sessions, HourRules()).ok
    # 泰安: no minimums, but every hour online is above 40 %.
    assert codes(schedule_check(sessions, TAIAN)) == ["online_share_exceeded"]


def row(**cells):
    base = {
        "序号": 1,
        "日期": "2026-06-01",
        "开始时间": "08:00",
        "结束时间": "12:00",
        "课程类别": "理论",
        "课程内容": "安全生产",
        "授课教师": "王老师",
        "授课方式": "线下",
        "课时": 4,
        "地点": "一号教室",
    }
    return {**base, **cells}


def test_a_row_reads_dates_and_times_from_text_or_cells_and_folds_full_width_forms():
    from datetime import datetime

    parsed = session_from_cells(2, row(日期=datetime(2026, 6, 1), 开始时间=time(8, 0), 结束时间="12：00"))
    assert isinstance(parsed, Session)
    assert (parsed.day, parsed.start, parsed.end, parsed.category, parsed.mode, parsed.hours) == (
        date(2026, 6, 1),
        time(8, 0),
        time(12, 0),
        "theory",
        "offline",
        Decimal(4),
    )


@pytest.mark.parametrize(
    ("cells", "fragment"),
    [
        ({"日期": "2026-02-30"}, "日期应为"),
        ({"日期": "6/1/2026"}, "日期应为"),
        ({"开始时间": "25:00"}, "开始时间应为"),
        ({"结束时间": "07:00"}, "结束时间须晚于开始时间"),
        ({"课程类别": "实践"}, "课程类别应为"),
        ({"授课方式": "直播"}, "授课方式应为"),
        ({"课时": 0}, "课时应为正数"),
        ({"课时": "四"}, "课时应为正数"),
        ({"课时": "NaN"}, "课时应为正数"),
        ({"课时": None}, "未填课时"),
    ],
)
def test_an_unreadable_row_becomes_an_invalid_row_breach_and_the_rest_is_still_judged(cells, fragment):
    sessions, invalid = schedule_rows(
        [list(HEADER), list(row().values()), list(row(**{"日期": "2026-06-02", **cells}).values())]
    )
    assert len(sessions) == 1 and [bad.row for bad in invalid] == [3]
    check = schedule_check(sessions, HourRules(), invalid=invalid)
    assert codes(check) == ["invalid_row"]
    assert fragment in check.breaches[0].message and check.breaches[0].rows == (3,)


def test_a_wrong_header_or_an_empty_sheet_is_refused_as_a_whole():
    with pytest.raises(ScheduleError, match="第 5 列应为“课程类别”"):
        schedule_rows([["序号", "日期", "开始时间", "结束时间", "类别"]])
    with pytest.raises(ScheduleError, match="没有数据行"):
        schedule_rows([list(HEADER), [3, None, None], []])
