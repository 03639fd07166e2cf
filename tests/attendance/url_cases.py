"""Permission-matrix cases of training delivery (merged by tests/test_url_permissions.py).

Every object URL points at a class of base A1-a in objects["program"] (city A), with the trainees area's
enrolment in it and one past session with a sign-in scan. Bases manage their own classes; every bureau
in scope reads them; another base's class, session or trainee is a 404."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from attendance.models import (
    Amendment,
    ClassMember,
    SchemeFiling,
    SchemeTeacher,
    Session,
    SpotCheck,
    SpotCheckPhoto,
    TrainingClass,
)
from programs.choices import Level
from programs.models import Occupation
from tests.permissions import OUTSIDE_COUNTY, REVIEWERS, Case, expect

BASE_ONLY = {"base"}
INSPECTORS = {"county", "city"}


def _class(objects: dict) -> dict:
    return {"pk": objects["class"].pk}


def _session(objects: dict) -> dict:
    return {"pk": objects["session"].pk}


def _read(kwargs) -> Case:
    return Case(expect(hidden=OUTSIDE_COUNTY), kwargs=kwargs)


def _manage(kwargs) -> Case:
    return Case(expect(roles=BASE_ONLY, hidden=OUTSIDE_COUNTY), kwargs=kwargs)


def _step(kwargs, data=None) -> Case:
    """A POST of base A1-a's: refused or done with a message, always sent back."""
    return Case(
        expect(ok=302, roles=BASE_ONLY, hidden=OUTSIDE_COUNTY), method="post", kwargs=kwargs, data=data or {}
    )


CASES: dict[str, Case] = {
    "attendance:class_list": Case(expect()),
    "attendance:schedule_template": Case(expect()),
    "attendance:class_create": Case(expect(roles=BASE_ONLY)),
    "attendance:class_detail": _read(_class),
    "attendance:class_update": _manage(_class),
    "attendance:class_assign": _manage(_class),
    "attendance:member_remove": _step(lambda o: {"pk": o["member"].pk}),
    "attendance:session_create": _manage(_class),
    # No weeks given: refused with a message.
    "attendance:week_copy": _step(_class),
    "attendance:schedule_export": _read(_class),
    "attendance:schedule_upload": _manage(_class),
    # No uploaded file named: refused with a message.
    "attendance:schedule_commit": _step(_class),
    "attendance:attendance_export": _read(_class),
    "attendance:attendance_upload": _manage(_class),
    "attendance:attendance_commit": _step(_class),
    "attendance:session_detail": _read(_session),
    "attendance:session_update": _manage(_session),
    "attendance:session_delete": _step(_session),
    # No mark chosen: refused with a message.
    "attendance:session_attendance": _step(_session),
    # No file chosen: refused with a message.
    "attendance:sign_in_upload": _step(_session),
    "attendance:sign_in_download": _read(_session),
    # --- scheme filing, amendments, spot checks, integrity checks (the filing is filed with county A1) ---
    "attendance:filing_detail": _read(_class),
    "attendance:scheme_edit": _manage(_class),
    "attendance:scheme_file": _read(lambda o: {"pk": o["class"].pk, "which": "outline"}),
    # Filed: the scheme is frozen, so these are refused with a message.
    "attendance:teacher_add": _step(_class),
    "attendance:teacher_remove": _step(lambda o: {"pk": o["teacher"].pk}),
    "attendance:filing_file": _step(lambda o: {"pk": o["scheme_filing"].pk}),
    "attendance:filing_acknowledge": Case(
        expect(ok=302, roles=INSPECTORS, hidden=OUTSIDE_COUNTY),
        method="post",
        kwargs=lambda o: {"pk": o["scheme_filing"].pk},
    ),
    "attendance:filing_return": Case(
        expect(ok=302, roles=INSPECTORS, hidden=OUTSIDE_COUNTY),
        method="post",
        kwargs=lambda o: {"pk": o["scheme_filing"].pk},
        data={"opinion": "请补充教材"},
    ),
    "attendance:filing_queue": Case(expect(roles=REVIEWERS)),
    "attendance:amendment_decide": Case(
        expect(ok=302, roles=INSPECTORS, hidden=OUTSIDE_COUNTY),
        method="post",
        kwargs=lambda o: {"pk": o["amendment"].pk},
        data={"decision": "refuse", "opinion": "不同意"},
    ),
    "attendance:spot_check_create": Case(expect(roles=INSPECTORS, hidden=OUTSIDE_COUNTY), kwargs=_session),
    "attendance:spot_check_list": Case(expect(roles=REVIEWERS)),
    "attendance:spot_check_detail": _read(lambda o: {"pk": o["spot_check"].pk}),
    "attendance:spot_check_record": _read(lambda o: {"pk": o["spot_check"].pk}),
    "attendance:spot_check_photo": _read(lambda o: {"pk": o["photo"].pk}),
    "attendance:integrity_list": Case(expect(roles=REVIEWERS)),
}


def add_objects(world, objects: dict) -> None:
    """A class of base A1-a written straight to the database (the matrix's plan is not confirmed, which
    the services require; tests/attendance covers them)."""
    training_class = TrainingClass.objects.create(
        program=objects["program"],
        base=objects["base"],
        occupation=Occupation.objects.get(name="焊工"),
        level=Level.TECHNICIAN,
        name="焊工技师一班",
        head_teacher="张老师",
        place="实训楼 201",
        start=datetime.date(2026, 6, 1),
        end=datetime.date(2026, 7, 31),
    )
    session = Session.objects.create(
        training_class=training_class,
        day=datetime.date(2026, 6, 1),
        start=datetime.time(8, 0),
        end=datetime.time(12, 0),
        category="theory",
        mode="offline",
        hours=Decimal(5),
    )
    session.sign_in_scan.save("scan.pdf", ContentFile(b"%PDF-1.4\n%test\n"), save=True)
    objects["class"] = training_class
    objects["session"] = session
    objects["member"] = ClassMember.objects.create(
        training_class=training_class, enrollment=objects["enrollment"]
    )
    filing = SchemeFiling.objects.create(
        training_class=training_class,
        status=SchemeFiling.Status.FILED,
        reviewer=objects["base"].organisation.county,
        filed_at=timezone.now(),
        outline="大纲",
        textbooks="教材",
    )
    filing.outline_file.save("outline.pdf", ContentFile(b"%PDF-1.4\n%outline\n"), save=True)
    objects["scheme_filing"] = filing
    objects["teacher"] = SchemeTeacher.objects.create(
        filing=filing, name="张老师", qualification="senior_title"
    )
    objects["amendment"] = Amendment.objects.create(
        filing=filing,
        session=session,
        kind=Amendment.Kind.SESSION_CHANGE,
        status=Amendment.Status.PENDING,
        summary="改时间",
        before={"start": "08:00"},
        after={"start": "09:00"},
    )
    check = SpotCheck(
        session=session,
        inspector_org=objects["base"].organisation.county,
        inspectors="检查员",
        checked_at=timezone.now(),
        content_matches=True,
        teacher_matches=True,
        time_matches=True,
        place_matches=True,
        present=1,
        expected=1,
    )
    check.record_scan.save("record.pdf", ContentFile(b"%PDF-1.4\n%record\n"), save=True)
    objects["spot_check"] = check
    photo = SpotCheckPhoto(spot_check=check, name="p.png")
    photo.image.save("p.png", ContentFile(b"\x89PNG\r\n\x1a\nxx"), save=True)
    objects["photo"] = photo
