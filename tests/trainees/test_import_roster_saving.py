"""`import_roster` without --dry-run: saves through the same path and prints the same report."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from core.models import AuditEntry
from trainees.models import Enrollment, Trainee

from .roster_factory import make_id, person, write_roster

DEZHOU_BASE = "德州职业技术学院（德州市技师学院）"  # confirmed for 焊工 技师 20 in the demo (德州 附件1)


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def run(*args) -> dict:
    out = StringIO()
    call_command("import_roster", *[str(a) for a in args], "--json", stdout=out)
    return json.loads(out.getvalue())


def welder(serial: int, **overrides):
    return person(
        序号=serial,
        身份证号码=make_id(date(1980, 3, 1), serial=serial),
        **{"现职业（工种）": "焊工", "参加培训职业（工种）": "焊工", **overrides},
    )


def test_a_roster_is_saved_once_and_refused_row_by_row_the_second_time(demo, tmp_path):
    # The demo's own trainees (its classes) are not this import's.
    demo_enrollments = list(Enrollment.objects.values_list("pk", flat=True))
    demo_trainees = Trainee.objects.count()
    roster = write_roster(tmp_path / "r.xlsx", [welder(11), welder(13), welder(15, **{"培训等级": "高级工"})])
    first = run(roster, "--program", "dezhou-2021", "--base", DEZHOU_BASE)
    assert (first["accepted"], first["rejected"]) == (2, 1)
    assert [r["reasons"][0]["code"] for r in first["rows"] if r["status"] == "rejected"] == [
        "level_not_offered"
    ]
    saved = Enrollment.objects.filter(program__code="dezhou-2021").exclude(pk__in=demo_enrollments)
    assert saved.count() == 2 and {e.base.name for e in saved} == {DEZHOU_BASE}
    assert {e.route for e in saved} == {"certificate"} and all(e.policy_version_id for e in saved)
    # The command imports as 系统 (no actor); the demo's enrolments were the base clerk's.
    assert AuditEntry.objects.filter(action="trainee.import", actor=None).count() == 1

    again = run(roster, "--program", "dezhou-2021", "--base", "371400-B01")  # the same base by its code
    assert again["accepted"] == 0
    codes = [[r["code"] for r in row["reasons"]] for row in again["rows"]]
    assert codes[:2] == [["already_enrolled"], ["already_enrolled"]]
    assert saved.count() == 2 and Trainee.objects.count() == demo_trainees + 2


def test_rows_beyond_the_base_places_are_refused_with_what_is_left(demo, tmp_path):
    # The demo base has 20 places for 焊工 技师 (德州 has no tolerance above the plan).
    rows = [welder(serial) for serial in range(11, 11 + 21)]
    report = run(write_roster(tmp_path / "r.xlsx", rows), "--program", "dezhou-2021", "--base", DEZHOU_BASE)
    assert (report["accepted"], report["rejected"]) == (20, 1)
    last = report["rows"][-1]["reasons"][0]
    assert last["code"] == "quota_full" and "计划 20 人" in last["message"] and "剩余 0 人" in last["message"]
