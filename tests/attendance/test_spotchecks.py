"""Spot checks (抽查) and integrity checks against PostgreSQL: a check needs the signed record, every
file checked by content and nothing kept when one is refused; classes without a check; 泰安's cross
inspection per county; and the four integrity checks, each found and each scoped."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from attendance.integrity import CHECKS, findings, findings_by_class
from attendance.models import Attendance, Session, SpotCheck, SpotCheckPhoto
from attendance.selectors import classes_visible_to
from attendance.services import attendance_record, class_save
from attendance.spotchecks import (
    SpotCheckData,
    SpotCheckError,
    classes_without_check,
    cross_inspection,
    sessions_checkable_by,
    spot_check_record,
)
from programs.models import Occupation, Program

from .factories import FIRST_DAY, class_data, delivery_setup, full_schedule

PDF = b"%PDF-1.4\n%signed record\n"


def png(colour=(200, 0, 0)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _data(session, **changes):
    values = {
        "inspectors": "张检查、李检查",
        "checked_at": _at(session.day),
        "content_matches": True,
        "teacher_matches": True,
        "time_matches": True,
        "place_matches": False,
        "present": 2,
        "expected": 3,
        "problems": "地点与计划不符",
    }
    values.update(changes)
    return SpotCheckData(**values)


def test_a_spot_check_is_recorded_with_its_record_and_photos(world):
    _, _, training_class, _ = delivery_setup(world)
    session = full_schedule(training_class)[0]
    check = spot_check_record(
        actor=world.users["county"],
        session=session,
        data=_data(session),
        record_scan=SimpleUploadedFile("记录.pdf", PDF),
        photos=[SimpleUploadedFile("a.png", png()), SimpleUploadedFile("b.png", png((0, 0, 200)))],
    )
    assert check.inspector_org == world.county and not check.all_match
    assert check.record_sha256 and check.photos.count() == 2
    assert check.record_scan.read().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"present": 4}, "实到人数不能多于应到人数"),
        ({"checked_at": _at(datetime.date(2026, 6, 2))}, "上课当天"),
        ({"inspectors": " "}, "检查人员"),
    ],
)
def test_a_wrong_spot_check_is_refused_and_nothing_kept(world, changes, message):
    _, _, training_class, _ = delivery_setup(world)
    session = full_schedule(training_class)[0]
    with pytest.raises(SpotCheckError, match=message):
        spot_check_record(
            actor=world.users["county"],
            session=session,
            data=_data(session, **changes),
            record_scan=SimpleUploadedFile("r.pdf", PDF),
        )
    assert not SpotCheck.objects.exists()


def test_a_fake_photo_or_record_refuses_the_whole_check(world):
    _, _, training_class, _ = delivery_setup(world)
    session = full_schedule(training_class)[0]
    with pytest.raises(SpotCheckError, match="照片"):
        spot_check_record(
            actor=world.users["city"],
            session=session,
            data=_data(session),
            record_scan=SimpleUploadedFile("r.pdf", PDF),
            photos=[SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\nbroken")],
        )
    with pytest.raises(SpotCheckError, match="检查记录"):
        spot_check_record(
            actor=world.users["city"],
            session=session,
            data=_data(session),
            record_scan=SimpleUploadedFile("r.pdf", b"hello"),
        )
    assert not SpotCheck.objects.exists() and not SpotCheckPhoto.objects.exists()
    with pytest.raises(SpotCheckError, match="县区和市"):
        spot_check_record(
            actor=world.users["base"],
            session=session,
            data=_data(session),
            record_scan=SimpleUploadedFile("r.pdf", PDF),
        )


def test_classes_without_a_check_are_listed(world):
    _, _, training_class, _ = delivery_setup(world, spot_check_every_class=True)
    session = full_schedule(training_class)[0]
    classes = classes_visible_to(world.users["county"])
    assert list(classes_without_check(classes)) == [training_class]
    spot_check_record(
        actor=world.users["county"],
        session=session,
        data=_data(session),
        record_scan=SimpleUploadedFile("r.pdf", PDF),
    )
    assert list(classes_without_check(classes)) == []


def test_cross_inspection_counts_kinds_checked_by_another_county(world):
    program, base, training_class, _ = delivery_setup(world, cross_inspection_min_classes=2)
    welding = full_schedule(training_class)[0]
    # County A2 may check county A1's sessions only because this programme runs a cross inspection.
    other_county = world.users["county_same_city"]
    assert sessions_checkable_by(other_county).filter(pk=welding.pk).exists()
    assert not sessions_checkable_by(world.users["county_other"]).filter(pk=welding.pk).exists()
    spot_check_record(
        actor=world.users["county"],
        session=welding,
        data=_data(welding),
        record_scan=SimpleUploadedFile("r.pdf", PDF),
    )  # own county: does not count
    rows = {row.county: row for row in cross_inspection(world.users["city"], Program.objects.all())}
    assert rows[world.county].kinds == 0 and rows[world.county].short
    spot_check_record(
        actor=other_county, session=welding, data=_data(welding), record_scan=SimpleUploadedFile("r.pdf", PDF)
    )
    spot_check_record(
        actor=other_county, session=welding, data=_data(welding), record_scan=SimpleUploadedFile("r.pdf", PDF)
    )  # the same kind again
    rows = {row.county: row for row in cross_inspection(world.users["city"], Program.objects.all())}
    assert rows[world.county].kinds == 1 and rows[world.county].short
    assert rows[world.county_same_city].kinds == 0
    # A second occupation at the same base, checked by county A2: the county reaches 2 kinds.
    electric = class_save(
        actor=world.users["base"],
        base=base,
        program=program,
        data=class_data("电工技师一班", occupation=Occupation.objects.get(name="电工")),
    )
    other = Session.objects.create(
        training_class=electric,
        day=FIRST_DAY,
        start=datetime.time(14, 0),
        end=datetime.time(17, 0),
        category="theory",
        mode="offline",
        hours=Decimal(4),
    )
    spot_check_record(
        actor=other_county, session=other, data=_data(other), record_scan=SimpleUploadedFile("r.pdf", PDF)
    )
    rows = {row.county: row for row in cross_inspection(world.users["city"], Program.objects.all())}
    assert rows[world.county].kinds == 2 and not rows[world.county].short
    # A county sees only its own row.
    assert [r.county for r in cross_inspection(world.users["county"], Program.objects.all())] == [
        world.county
    ]


# --- integrity checks -----------------------------------------------------------------------------------


def test_the_registry_holds_the_four_checks():
    assert set(CHECKS) >= {"person_overlap", "teacher_overlap", "scan_reuse", "attendance_before_session"}


def test_a_person_present_at_two_overlapping_sessions_is_found(world):
    _program, _base, first, enrollments = delivery_setup(world)
    s1 = Session.objects.create(
        training_class=first,
        day=FIRST_DAY,
        start=datetime.time(8, 0),
        end=datetime.time(12, 0),
        category="theory",
        mode="offline",
        hours=Decimal(5),
        teacher="王老师",
        place="一号楼",
    )
    s2 = Session.objects.create(
        training_class=first,
        day=FIRST_DAY,
        start=datetime.time(11, 0),
        end=datetime.time(13, 0),
        category="theory",
        mode="offline",
        hours=Decimal(2),
        teacher="王老师",
        place="二号楼",
    )
    s3 = Session.objects.create(
        training_class=first,
        day=FIRST_DAY,
        start=datetime.time(13, 0),
        end=datetime.time(15, 0),
        category="theory",
        mode="offline",
        hours=Decimal(2),
        teacher="王老师",
        place="三号楼",
    )  # touches s2, no overlap
    staff = world.users["base"]
    attendance_record(
        actor=staff, session=s1, marks={enrollments[0].pk: "present", enrollments[1].pk: "present"}
    )
    attendance_record(
        actor=staff, session=s2, marks={enrollments[0].pk: "present", enrollments[1].pk: "absent"}
    )
    attendance_record(actor=staff, session=s3, marks={enrollments[0].pk: "present"})
    found = findings(classes_visible_to(world.users["county"]), codes={"person_overlap"})
    assert sorted((f.session_id, f.other_session_id) for f in found) == [(s1.pk, s2.pk), (s2.pk, s1.pk)]
    assert all("*" in f.person for f in found)  # masked
    teachers = findings(classes_visible_to(world.users["county"]), codes={"teacher_overlap"})
    assert sorted((f.session_id, f.other_session_id) for f in teachers) == [(s1.pk, s2.pk), (s2.pk, s1.pk)]
    # Another city sees nothing of it.
    assert findings(classes_visible_to(world.users["city_other"])) == []


def test_one_scan_for_two_sessions_and_attendance_before_the_session_are_found(world):
    _, _, training_class, enrollments = delivery_setup(world)
    s1, s2, *_ = full_schedule(training_class)
    Session.objects.filter(pk__in=[s1.pk, s2.pk]).update(sign_in_sha256="ab" * 32)
    future = Session.objects.create(
        training_class=training_class,
        day=timezone.localdate() + datetime.timedelta(days=3),
        start=datetime.time(8, 0),
        end=datetime.time(9, 0),
        category="theory",
        mode="offline",
        hours=Decimal(1),
    )
    # Written straight to the table (the service refuses it): what an import from elsewhere could leave.
    Attendance.objects.create(session=future, enrollment=enrollments[0], status="present")
    groups = findings_by_class(classes_visible_to(world.users["city"]))
    assert [g.training_class for g in groups] == [training_class]
    codes = sorted(check.code for check, *_ in groups[0].items)
    assert codes == ["attendance_before_session", "scan_reuse", "scan_reuse"]
    assert findings(classes_visible_to(world.users["base_same_county"])) == []


def test_the_checks_run_one_statement_each_whatever_the_number_of_rows(world, django_assert_num_queries):
    _, _, training_class, enrollments = delivery_setup(world)
    sessions = full_schedule(training_class)
    for session in sessions[:10]:
        attendance_record(
            actor=world.users["base"], session=session, marks={e.pk: "present" for e in enrollments}
        )
    classes = classes_visible_to(world.users["city"])
    with django_assert_num_queries(len(CHECKS)):
        findings(classes)
    for session in sessions[10:]:
        attendance_record(
            actor=world.users["base"], session=session, marks={e.pk: "present" for e in enrollments}
        )
    with django_assert_num_queries(len(CHECKS)):
        assert findings(classes) == []
