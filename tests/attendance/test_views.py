"""Delivery pages: creating a class from the confirmed plan, assigning trainees, the session grid and its
sign-in scan, refusals shown in Chinese with nothing saved, the class page's hours for every trainee at
a fixed query cost, and another base's objects not found."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attendance.models import Attendance, Session, TrainingClass
from attendance.services import attendance_record
from bases.models import PlanLine
from programs.choices import Level
from programs.models import Occupation
from tests.trainees.factories import PDF, PNG, make_enrollment

from .factories import delivery_setup, full_schedule

PRESENT, ABSENT, LEAVE = Attendance.Status.PRESENT, Attendance.Status.ABSENT, Attendance.Status.LEAVE


@pytest.fixture
def setup(world):
    return delivery_setup(world, trainees=3, class_size_max=4)


def test_a_base_creates_a_class_from_a_line_of_its_confirmed_plan(setup, world, login):
    program, base, _, _ = setup
    client = login(world.users["base"])
    page = client.get(reverse("attendance:class_create"))
    lines = list(page.context["form"].fields["line"].queryset)
    assert {line.occupation.name for line in lines} == {"焊工", "电工"}
    electric = PlanLine.objects.get(plan__base=base, occupation__name="电工")
    response = client.post(
        reverse("attendance:class_create"),
        {
            "line": electric.pk,
            "name": "电工技师一班",
            "head_teacher": "李老师",
            "place": "电工实训室",
            "start": "2026-06-01",
            "end": "2026-08-31",
        },
    )
    created = TrainingClass.objects.get(name="电工技师一班")
    assert response.status_code == 302 and response["Location"].endswith(f"/attendance/{created.pk}/")
    assert created.occupation.name == "电工" and created.program == program


def test_a_plan_counted_for_the_whole_base_opens_classes_of_the_occupation_they_choose(setup, world, login):
    """潍坊 counts places per base: the plan's one line names no trade, so the class form asks for it."""
    program, base, _, _ = setup
    plan = PlanLine.objects.filter(plan__base=base).first().plan
    plan.lines.all().delete()
    whole = PlanLine.objects.create(plan=plan, occupation=None, level=None, planned_count=40)
    client = login(world.users["base"])
    fields = {
        "line": whole.pk,
        "name": "电工技师一班",
        "head_teacher": "李老师",
        "place": "电工实训室",
        "start": "2026-06-01",
        "end": "2026-08-31",
    }
    refused = client.post(reverse("attendance:class_create"), fields)
    assert refused.status_code == 200
    assert "未分职业（工种），请选择本班次的职业（工种）" in refused.content.decode()
    assert not TrainingClass.objects.filter(name="电工技师一班").exists()
    electric = Occupation.objects.get(name="电工")
    response = client.post(
        reverse("attendance:class_create"), {**fields, "occupation": electric.pk, "level": Level.TECHNICIAN}
    )
    created = TrainingClass.objects.get(name="电工技师一班")
    assert response.status_code == 302
    assert (created.occupation, created.level, created.program) == (electric, Level.TECHNICIAN, program)


def test_a_class_ending_after_the_programme_is_refused_with_the_reason(setup, world, login):
    _, base, _, _ = setup
    electric = PlanLine.objects.get(plan__base=base, occupation__name="电工")
    response = login(world.users["base"]).post(
        reverse("attendance:class_create"),
        {
            "line": electric.pk,
            "name": "晚班",
            "head_teacher": "李",
            "place": "室",
            "start": "2026-06-01",
            "end": "2026-12-31",
        },
    )
    assert response.status_code == 200
    assert "结业日期不能晚于培训项目的培训结束日期 2026-09-30" in response.content.decode()
    assert not TrainingClass.objects.filter(name="晚班").exists()


def test_assigning_offers_only_eligible_trainees_and_refuses_a_full_class_with_the_count(setup, world, login):
    program, base, training_class, _ = setup
    extra = [make_enrollment(program=program, base=base, serial=s) for s in (20, 21)]
    make_enrollment(program=program, base=base, serial=22, occupation="电工")
    client = login(world.users["base"])
    page = client.get(reverse("attendance:class_assign", args=[training_class.pk]))
    assert set(page.context["form"].fields["enrollments"].queryset) == set(extra)
    response = client.post(
        reverse("attendance:class_assign", args=[training_class.pk]), {"enrollments": [e.pk for e in extra]}
    )
    assert "本班已有 3 人，每班最多 4 人，最多还能编入 1 人（本次选择 2 人）" in response.content.decode()
    assert training_class.members.count() == 3


def test_the_session_page_is_a_keyboard_grid_and_saves_every_row(setup, world, login):
    _, _, training_class, enrollments = setup
    session = full_schedule(training_class)[0]
    client = login(world.users["base"])
    page = client.get(reverse("attendance:session_detail", args=[session.pk])).content.decode()
    assert page.count('type="radio"') == 9 and 'id="all-present"' in page
    assert '应到 <strong id="expected">3</strong> 人' in page
    marks = {
        f"mark-{enrollments[0].pk}": PRESENT,
        f"mark-{enrollments[1].pk}": ABSENT,
        f"mark-{enrollments[2].pk}": LEAVE,
    }
    response = client.post(reverse("attendance:session_attendance", args=[session.pk]), marks, follow=True)
    assert "已保存 3 名学员的考勤" in response.content.decode()
    assert dict(session.attendance.values_list("enrollment_id", "status")) == {
        enrollments[0].pk: PRESENT,
        enrollments[1].pk: ABSENT,
        enrollments[2].pk: LEAVE,
    }
    assert '实到 <strong id="present-count">1</strong> 人' in response.content.decode()


def test_attendance_for_a_future_session_is_refused_on_the_page(setup, world, login):
    _, _, training_class, enrollments = setup
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    session = Session.objects.create(
        training_class=training_class,
        day=tomorrow,
        start=datetime.time(8),
        end=datetime.time(12),
        category="theory",
        mode="offline",
        hours=Decimal(4),
    )
    client = login(world.users["base"])
    page = client.get(reverse("attendance:session_detail", args=[session.pk])).content.decode()
    assert "尚未开始，不能记录考勤" in page and 'id="save-attendance"' not in page
    response = client.post(
        reverse("attendance:session_attendance", args=[session.pk]),
        {f"mark-{enrollments[0].pk}": PRESENT},
        follow=True,
    )
    assert "尚未开始，不能记录考勤" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_sign_in_scan_is_checked_by_content_and_served_to_those_in_scope(setup, world, login):
    _, _, training_class, _ = setup
    session = full_schedule(training_class)[0]
    client = login(world.users["base"])
    url = reverse("attendance:sign_in_upload", args=[session.pk])
    fake = SimpleUploadedFile("签到表.pdf", b"just some text, not a scan", content_type="application/pdf")
    response = client.post(url, {"scan": fake}, follow=True)
    assert "文件类型不符合要求" in response.content.decode()
    session.refresh_from_db()
    assert not session.sign_in_scan
    client.post(url, {"scan": SimpleUploadedFile("签到表.png", PNG, content_type="image/png")})
    session.refresh_from_db()
    assert session.sign_in_name == "签到表.png" and len(session.sign_in_sha256) == 64
    county = login(world.users["county"])
    download = county.get(reverse("attendance:sign_in_download", args=[session.pk]))
    assert download["Content-Type"] == "image/png" and b"".join(download.streaming_content) == PNG
    # A new scan replaces the old one.
    client.force_login(world.users["base"])
    client.post(url, {"scan": SimpleUploadedFile("重扫.pdf", PDF, content_type="application/pdf")})
    session.refresh_from_db()
    assert session.sign_in_name == "重扫.pdf"


def test_the_class_page_shows_every_trainees_hours_at_a_fixed_query_cost(
    world, login, django_assert_max_num_queries
):
    _, _, training_class, enrollments = delivery_setup(world, trainees=12)
    sessions = full_schedule(training_class)
    for session in sessions[:-2]:
        attendance_record(
            actor=world.users["base"], session=session, marks={e.pk: PRESENT for e in enrollments}
        )
    # The last two 实操 sessions: the first trainee attends, the others are on leave.
    for session in sessions[-2:]:
        marks = {e.pk: LEAVE for e in enrollments} | {enrollments[0].pk: PRESENT}
        attendance_record(actor=world.users["base"], session=session, marks=marks)
    client = login(world.users["county"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("attendance:class_detail", args=[training_class.pk]))
    members = {m.enrollment_id: m.hours for m in response.context["members"]}
    assert members[enrollments[0].pk].complete and members[enrollments[0].pk].total == 210
    assert all(members[e.pk].total == 200 and not members[e.pk].complete for e in enrollments[1:])
    text = response.content.decode()
    assert "1 / 12 人已学满" in text and "未学满：实操差 10 课时，总课时差 10 课时" in text
    assert response.context["verdict"].ok


def test_bureaus_read_classes_but_cannot_change_them(setup, world, login):
    _, _, training_class, enrollments = setup
    session = full_schedule(training_class)[0]
    county = login(world.users["county"])
    page = county.get(reverse("attendance:session_detail", args=[session.pk])).content.decode()
    assert "disabled" in page and 'id="save-attendance"' not in page
    response = county.post(
        reverse("attendance:session_attendance", args=[session.pk]), {f"mark-{enrollments[0].pk}": PRESENT}
    )
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_another_bases_class_session_and_trainee_are_not_found(setup, world, login):
    _, _, training_class, enrollments = setup
    session = full_schedule(training_class)[0]
    other = login(world.users["base_same_county"])
    assert other.get(reverse("attendance:class_detail", args=[training_class.pk])).status_code == 404
    response = other.post(
        reverse("attendance:session_attendance", args=[session.pk]), {f"mark-{enrollments[0].pk}": PRESENT}
    )
    assert response.status_code == 404
    member = training_class.members.first()
    assert other.post(reverse("attendance:member_remove", args=[member.pk])).status_code == 404
    assert not Attendance.objects.exists() and training_class.members.count() == 3
    listed = other.get(reverse("attendance:class_list"))
    assert list(listed.context["page"]) == []


def test_the_class_list_filters_and_counts(setup, world, login):
    _, _, training_class, _ = setup
    full_schedule(training_class)
    client = login(world.users["city"])
    response = client.get(reverse("attendance:class_list"), {"q": "焊工"})
    (row,) = response.context["page"]
    assert (row.member_count, row.session_count, row.scheduled_hours) == (3, 42, 210)
    assert list(client.get(reverse("attendance:class_list"), {"q": "无此班"}).context["page"]) == []
