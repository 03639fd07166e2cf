"""The demo's delivery data (seed_demo): two classes of 德州职业技术学院 with full 210-hour schedules,
attendance for every session, one trainee short of hours; a second run adds nothing."""

import pytest
from django.core.management import call_command

from attendance.hours import hours_for_class
from attendance.models import Attendance, Session, TrainingClass
from attendance.services import as_schedule_sessions, schedule_verdict


@pytest.fixture
def seeded(db):
    call_command("seed_demo")


def test_the_demo_has_two_dezhou_classes_with_full_schedules_and_attendance(seeded):
    classes = list(TrainingClass.objects.filter(program__code="dezhou-2021").order_by("name"))
    assert [c.base.organisation.name for c in classes] == ["德州职业技术学院（德州市技师学院）"] * 2
    for training_class in classes:
        sessions = list(training_class.sessions.all())
        assert sum(s.hours for s in sessions) == 210
        verdict = schedule_verdict(training_class, as_schedule_sessions(sessions))
        assert verdict.ok and verdict.as_dict()["hours"] == {
            "total": 210,
            "思政": 10,
            "理论": 110,
            "实操": 90,
            "online": 0,
        }
        members = training_class.members.count()
        assert members == 8
        assert Attendance.objects.filter(session__training_class=training_class).count() == members * len(
            sessions
        )


def test_one_demo_trainee_is_short_of_hours(seeded):
    short = []
    for training_class in TrainingClass.objects.filter(program__code="dezhou-2021"):
        short += [h for h in hours_for_class(training_class).values() if not h.complete]
    assert len(short) == 1
    assert short[0].missing == {"practice": 15, "total": 15}


def test_seeding_twice_adds_nothing(seeded):
    before = (TrainingClass.objects.count(), Session.objects.count(), Attendance.objects.count())
    call_command("seed_demo")
    assert (TrainingClass.objects.count(), Session.objects.count(), Attendance.objects.count()) == before


def test_the_demo_schemes_are_filed_with_the_city_with_one_amendment_and_a_spot_check(seeded):
    from attendance.models import Amendment, SchemeFiling, SpotCheck

    filings = SchemeFiling.objects.filter(training_class__program__code="dezhou-2021")
    assert [(f.status, f.reviewer.name) for f in filings] == [("acknowledged", "德州市")] * 2
    assert Amendment.objects.filter(status=Amendment.Status.RECORDED).count() == 1
    check = SpotCheck.objects.get()
    assert check.inspector_org.name == "德州市" and check.record_scan
    call_command("seed_demo")
    assert Amendment.objects.count() == 1 and SpotCheck.objects.count() == 1
