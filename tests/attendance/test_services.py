"""Delivery services against PostgreSQL: classes within the plan, capacity from the policy, one class per
trainee and programme, removal and deletion refused once attendance exists, attendance refused for a
session that has not happened, saved in one statement, and hours/completion equal to attendance."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from attendance.hours import hours_for_class, trainee_hours
from attendance.models import Attendance, ClassMember, Session
from attendance.services import (
    SESSION_FIELDS,
    DeliveryError,
    attendance_record,
    class_save,
    member_remove,
    members_assign,
    session_delete,
    session_save,
    week_copy,
)
from core.models import AuditEntry
from programs.models import Occupation
from tests.trainees.factories import make_enrollment

from .factories import FIRST_DAY, class_data, delivery_setup, full_schedule

PRESENT, ABSENT, LEAVE = Attendance.Status.PRESENT, Attendance.Status.ABSENT, Attendance.Status.LEAVE


def test_a_class_is_created_for_a_line_of_the_confirmed_plan_and_audited(world):
    _, _, training_class, _ = delivery_setup(world, trainees=0)
    assert training_class.pk and training_class.occupation.name == "焊工"
    assert AuditEntry.objects.filter(action="class.create", object_id=str(training_class.pk)).exists()


def test_a_class_outside_the_plan_or_the_training_dates_is_refused(world):
    program, base, _, _ = delivery_setup(world, trainees=0)
    staff = world.users["base"]
    Occupation.objects.get_or_create(name="车工")
    with pytest.raises(DeliveryError, match="培训计划中没有 车工"):
        class_save(
            actor=staff,
            base=base,
            program=program,
            data=class_data("b", occupation=Occupation.objects.get(name="车工")),
        )
    with pytest.raises(DeliveryError, match="不能晚于培训项目的培训结束日期 2026-09-30"):
        class_save(
            actor=staff, base=base, program=program, data=class_data("c", end=datetime.date(2026, 10, 8))
        )
    with pytest.raises(DeliveryError, match="不能早于培训项目的培训开始日期"):
        class_save(
            actor=staff, base=base, program=program, data=class_data("d", start=datetime.date(2026, 5, 1))
        )


def test_a_full_class_refuses_with_the_count_and_saves_nobody(world):
    program, base, training_class, _ = delivery_setup(world, trainees=2, class_size_max=3)
    more = [make_enrollment(program=program, base=base, serial=s) for s in (10, 11)]
    with pytest.raises(DeliveryError) as refused:
        members_assign(actor=world.users["base"], training_class=training_class, enrollments=more)
    assert "本班已有 2 人，每班最多 3 人，最多还能编入 1 人（本次选择 2 人）" in refused.value.message
    assert training_class.members.count() == 2
    members_assign(actor=world.users["base"], training_class=training_class, enrollments=more[:1])
    assert training_class.members.count() == 3


def test_a_trainee_is_in_at_most_one_class_of_a_programme(world):
    program, base, _, enrollments = delivery_setup(world, trainees=1)
    second = class_save(
        actor=world.users["base"], base=base, program=program, data=class_data("焊工技师二班")
    )
    with pytest.raises(DeliveryError, match="不能编入本班"):
        members_assign(actor=world.users["base"], training_class=second, enrollments=enrollments)
    # The database holds the rule even past the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        ClassMember.objects.create(training_class=second, enrollment=enrollments[0])


def test_removing_a_trainee_with_attendance_is_refused(world):
    _, _, training_class, enrollments = delivery_setup(world, trainees=2)
    session = full_schedule(training_class)[0]
    attendance_record(actor=world.users["base"], session=session, marks={enrollments[0].pk: PRESENT})
    kept, free = (training_class.members.get(enrollment=e) for e in enrollments)
    with pytest.raises(DeliveryError, match="已有 1 条考勤记录，不能移出班次"):
        member_remove(actor=world.users["base"], member=kept)
    member_remove(actor=world.users["base"], member=free)
    assert list(training_class.members.values_list("enrollment", flat=True)) == [enrollments[0].pk]
    with pytest.raises(DeliveryError, match="已记录考勤，不能删除"):
        session_delete(actor=world.users["base"], session=session)


def test_attendance_for_a_session_in_the_future_is_refused_and_nothing_saved(world):
    _, _, training_class, enrollments = delivery_setup(world, trainees=1)
    session = full_schedule(training_class)[5]
    with pytest.raises(DeliveryError, match="尚未开始，不能记录考勤"):
        attendance_record(
            actor=world.users["base"],
            session=session,
            marks={enrollments[0].pk: PRESENT},
            today=session.day - datetime.timedelta(days=1),
        )
    assert not Attendance.objects.exists()
    attendance_record(
        actor=world.users["base"], session=session, marks={enrollments[0].pk: PRESENT}, today=session.day
    )
    assert Attendance.objects.get().status == PRESENT


def test_attendance_of_someone_outside_the_class_is_refused(world):
    program, base, training_class, _ = delivery_setup(world, trainees=1)
    stranger = make_enrollment(program=program, base=base, serial=30)
    session = full_schedule(training_class)[0]
    with pytest.raises(DeliveryError, match="不属于本班"):
        attendance_record(actor=world.users["base"], session=session, marks={stranger.pk: PRESENT})
    assert not Attendance.objects.exists()


def test_a_whole_session_is_saved_in_one_statement_and_can_be_corrected(world, django_assert_max_num_queries):
    _, _, training_class, enrollments = delivery_setup(world, trainees=25)
    session = full_schedule(training_class)[0]
    marks = {e.pk: PRESENT for e in enrollments}
    # The class's members, one upsert, the audit entry (and its content type): not one per trainee.
    with django_assert_max_num_queries(6):
        attendance_record(actor=world.users["base"], session=session, marks=marks)
    attendance_record(actor=world.users["base"], session=session, marks={enrollments[0].pk: LEAVE})
    assert session.attendance.count() == 25
    assert session.attendance.get(enrollment=enrollments[0]).status == LEAVE


def test_hours_by_category_and_completion_equal_the_attended_sessions(world):
    _, _, training_class, (full, short, absent) = delivery_setup(world, trainees=3)
    sessions = full_schedule(training_class)
    staff = world.users["base"]
    for number, session in enumerate(sessions):
        marks = {full.pk: PRESENT, absent.pk: ABSENT}
        # ``short`` misses two 实操 sessions (the last two) on leave: 10 class hours short.
        marks[short.pk] = LEAVE if number >= len(sessions) - 2 else PRESENT
        attendance_record(actor=staff, session=session, marks=marks)
    hours = hours_for_class(training_class)
    assert hours[full.pk].by_category == {"ideology": 10, "theory": 110, "practice": 90}
    assert hours[full.pk].total == 210 and hours[full.pk].complete
    assert hours[short.pk].by_category["practice"] == 80
    assert hours[short.pk].missing == {"practice": Decimal(10), "total": Decimal(10)}
    assert hours[short.pk].missing_text() == "实操差 10 课时，总课时差 10 课时"
    assert not hours[short.pk].complete
    assert hours[absent.pk].total == 0 and not hours[absent.pk].complete
    # Recomputed straight from the rows, the figures agree.
    attended = Attendance.objects.filter(enrollment=short, status=PRESENT)
    assert sum(a.session.hours for a in attended) == hours[short.pk].total


def test_online_sessions_count_when_the_trainee_is_marked_present(world):
    _, _, training_class, (trainee,) = delivery_setup(world, trainees=1)
    session = full_schedule(training_class, plan=[("theory", 4)], mode="online")[0]
    attendance_record(actor=world.users["base"], session=session, marks={trainee.pk: PRESENT})
    assert trainee_hours([trainee.pk], classes=[training_class])[trainee.pk].by_category["theory"] == 4


def test_hours_of_a_class_cost_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    _, _, training_class, enrollments = delivery_setup(world, trainees=20)
    sessions = full_schedule(training_class)
    for session in sessions[:5]:
        attendance_record(
            actor=world.users["base"], session=session, marks={e.pk: PRESENT for e in enrollments}
        )
    with django_assert_max_num_queries(4):
        hours = hours_for_class(training_class)
    assert all(h.total == 25 for h in hours.values())


def test_a_week_is_copied_to_another_week_inside_the_class_period(world):
    _, _, training_class, _ = delivery_setup(world, trainees=0)
    full_schedule(training_class, plan=[("theory", 4)] * 5)
    copies = week_copy(
        actor=world.users["base"],
        training_class=training_class,
        week_of=FIRST_DAY,
        to_week_of=datetime.date(2026, 6, 17),
    )
    assert [c.day for c in copies] == [datetime.date(2026, 6, d) for d in (15, 16, 17, 18, 19)]
    assert Session.objects.filter(training_class=training_class).count() == 10
    with pytest.raises(DeliveryError, match="培训期"):
        week_copy(
            actor=world.users["base"],
            training_class=training_class,
            week_of=FIRST_DAY,
            to_week_of=datetime.date(2026, 8, 5),
        )


def test_a_session_with_attendance_cannot_be_moved_into_the_future(world):
    _, _, training_class, (trainee,) = delivery_setup(world, trainees=1)
    session = full_schedule(training_class)[0]
    attendance_record(actor=world.users["base"], session=session, marks={trainee.pk: PRESENT})
    data = {name: getattr(session, name) for name in SESSION_FIELDS}
    later = {**data, "day": timezone.localdate() + datetime.timedelta(days=3)}
    with pytest.raises(DeliveryError, match="不能改到今天以后的日期"):
        session_save(actor=world.users["base"], training_class=training_class, data=later, session=session)
    session.refresh_from_db()
    assert session.day == FIRST_DAY
    session_save(
        actor=world.users["base"],
        training_class=training_class,
        data={**data, "teacher": "李老师"},
        session=session,
    )
    session.refresh_from_db()
    assert session.teacher == "李老师"


def test_a_second_class_of_the_same_name_is_refused_in_chinese(world):
    program, base, _, _ = delivery_setup(world, trainees=0)
    with pytest.raises(DeliveryError, match="已有名为“焊工技师一班”的班次"):
        class_save(actor=world.users["base"], base=base, program=program, data=class_data())
