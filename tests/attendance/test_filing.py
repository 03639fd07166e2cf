"""Scheme filing (开班备案) and amendments against PostgreSQL: filing refused with every breach, the reviewer
the policy names, acknowledge / return / refile through the workflow, teacher qualifications where the
policy asks, and changes after acknowledgement recorded (or held for approval where the policy says)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attendance.filing import (
    FILING_WORKFLOW,
    FilingError,
    amendment_decide,
    filing_of,
    reviewer_for,
    scheme_save,
    teacher_add,
)
from attendance.models import Amendment, SchemeFiling, Session
from attendance.services import DeliveryError, session_delete, session_save, week_copy
from core.models import AuditEntry

from .factories import FIRST_DAY, delivery_setup, full_schedule

PDF = b"%PDF-1.4\n%test outline\n"


def _ready(world, **policy):
    """A class with a full schedule taught by 王老师 (theory and practice) and a complete scheme."""
    _program, _base, training_class, _enrollments = delivery_setup(world, **policy)
    full_schedule(training_class)
    filing = filing_of(training_class)
    staff = world.users["base"]
    scheme_save(actor=staff, filing=filing, outline="焊工技师培训大纲", textbooks="《焊工》第二版")
    teacher_add(actor=staff, filing=filing, data={"name": "王老师", "qualification": "senior_title"})
    return training_class, filing


def _file(world, filing):
    return FILING_WORKFLOW.run("file", actor=world.users["base"], obj=filing)


def test_a_scheme_with_a_breach_or_missing_parts_is_refused_with_every_reason(world):
    _, _, training_class, _ = delivery_setup(world)
    full_schedule(training_class, plan=[("theory", 5)] * 10)  # 50 hours: short everywhere
    filing = filing_of(training_class)
    with pytest.raises(FilingError) as refused:
        _file(world, filing)
    message = refused.value.message
    assert "总课时" in message and "思政" in message and "实操" in message
    assert "王老师" in message and "未列入师资名单" in message
    assert "培训大纲" in message and "教材" in message
    filing.refresh_from_db()
    assert filing.status == SchemeFiling.Status.DRAFT and filing.filed_at is None


def test_a_complete_scheme_is_filed_with_the_county_and_acknowledged(world):
    _training_class, filing = _ready(world)
    filing = _file(world, filing)
    assert filing.status == SchemeFiling.Status.FILED
    assert filing.reviewer == world.county  # 临沂-like: the base's county
    assert len(filing.filed_schedule) == 42
    # The city is not this programme's reviewer: no step for it.
    assert FILING_WORKFLOW.available(world.users["city"], filing) == []
    with pytest.raises(FilingError):
        FILING_WORKFLOW.run("acknowledge", actor=world.users["city"], obj=filing)
    filing = FILING_WORKFLOW.run("acknowledge", actor=world.users["county"], obj=filing, opinion="同意备案")
    assert filing.status == SchemeFiling.Status.ACKNOWLEDGED and filing.review_opinion == "同意备案"
    assert AuditEntry.objects.filter(action="filing.acknowledge").exists()


def test_the_city_reviews_where_the_policy_names_it(world):
    training_class, filing = _ready(world, scheme_reviewer="city")
    assert reviewer_for(training_class) == world.city
    filing = _file(world, filing)
    assert [s.name for s in FILING_WORKFLOW.available(world.users["county"], filing)] == []
    assert {s.name for s in FILING_WORKFLOW.available(world.users["city"], filing)} == {
        "acknowledge",
        "return",
    }


def test_a_returned_scheme_is_corrected_and_filed_again(world):
    _training_class, filing = _ready(world)
    filing = _file(world, filing)
    with pytest.raises(FilingError, match="退回意见"):
        FILING_WORKFLOW.run("return", actor=world.users["county"], obj=filing)
    filing = FILING_WORKFLOW.run("return", actor=world.users["county"], obj=filing, opinion="教材版本过旧")
    assert filing.status == SchemeFiling.Status.RETURNED
    # While filed the schedule was frozen; once returned the base edits it again.
    scheme_save(actor=world.users["base"], filing=filing, outline="新大纲", textbooks="《焊工》第三版")
    filing = _file(world, filing)
    assert filing.status == SchemeFiling.Status.FILED and filing.review_opinion == ""


def test_the_schedule_is_frozen_while_the_filing_is_under_review(world):
    training_class, filing = _ready(world)
    _file(world, filing)
    session = training_class.sessions.first()
    data = {
        name: getattr(session, name)
        for name in ("day", "start", "end", "category", "content", "mode", "hours", "place")
    }
    with pytest.raises(DeliveryError, match="审核中"):
        session_save(
            actor=world.users["base"],
            training_class=training_class,
            data={**data, "teacher": "李老师"},
            session=session,
        )
    with pytest.raises(FilingError, match="不能再修改"):
        scheme_save(actor=world.users["base"], filing=filing, outline="x", textbooks="y")


def test_teacher_qualifications_are_checked_where_the_policy_asks(world):
    training_class, filing = _ready(world, teacher_qualification_required=True)
    # 王老师 has a senior title: fine for theory, not for practice.
    with pytest.raises(FilingError, match="实操课教师“王老师”须具有高级实习指导教师或高级技师资格"):
        _file(world, filing)
    training_class.sessions.filter(category="practice").update(teacher="赵师傅")
    teacher_add(
        actor=world.users["base"],
        filing=filing,
        data={"name": "赵师傅", "qualification": "senior_technician"},
    )
    assert _file(world, filing).status == SchemeFiling.Status.FILED


def test_scheme_files_are_checked_by_content(world):
    _training_class, filing = _ready(world)
    fake = SimpleUploadedFile("outline.pdf", b"not a pdf at all")
    with pytest.raises(FilingError, match="文件类型"):
        scheme_save(actor=world.users["base"], filing=filing, outline="a", textbooks="b", outline_file=fake)
    scheme_save(
        actor=world.users["base"],
        filing=filing,
        outline="a",
        textbooks="b",
        outline_file=SimpleUploadedFile("大纲.pdf", PDF),
    )
    filing.refresh_from_db()
    assert filing.outline_file and filing.outline_file_name == "大纲.pdf"


def _acknowledged(world, **policy):
    training_class, filing = _ready(world, **policy)
    filing = _file(world, filing)
    FILING_WORKFLOW.run("acknowledge", actor=world.users["county"], obj=filing)
    return training_class, filing


def _data(session, **changes):
    names = ("day", "start", "end", "category", "content", "teacher", "mode", "hours", "place")
    return {**{n: getattr(session, n) for n in names}, **changes}


def test_a_change_after_acknowledgement_is_recorded_as_an_amendment(world):
    training_class, filing = _acknowledged(world)
    session = training_class.sessions.order_by("day").first()
    saved = session_save(
        actor=world.users["base"],
        training_class=training_class,
        session=session,
        data=_data(session, teacher="李老师", start=datetime.time(9, 0)),
    )
    session.refresh_from_db()
    assert session.teacher == "李老师"  # applied
    amendment = saved.amendment
    assert amendment.status == Amendment.Status.RECORDED and amendment.kind == Amendment.Kind.SESSION_CHANGE
    assert amendment.before["teacher"] == "王老师" and amendment.after["teacher"] == "李老师"
    assert amendment.before["start"] == "08:00" and amendment.after["start"] == "09:00"
    assert "授课教师：王老师 → 李老师" in amendment.summary
    assert amendment.requested_by == world.users["base"]
    # Saving unchanged values records nothing.
    session_save(
        actor=world.users["base"], training_class=training_class, session=session, data=_data(session)
    )
    assert filing.amendments.count() == 1
    # A deletion is recorded too.
    last = training_class.sessions.order_by("-day").first()
    session_delete(actor=world.users["base"], session=last)
    assert filing.amendments.filter(kind=Amendment.Kind.SESSION_DELETE).count() == 1


def test_where_changes_need_approval_they_are_held_until_the_reviewer_decides(world):
    training_class, _filing = _acknowledged(world, amendment_needs_approval=True)
    session = training_class.sessions.order_by("day").first()
    saved = session_save(
        actor=world.users["base"],
        training_class=training_class,
        session=session,
        data=_data(session, hours=Decimal(3), end=datetime.time(10, 30)),
    )
    session.refresh_from_db()
    assert session.hours == Decimal(5)  # not applied
    amendment = saved.amendment
    assert amendment.status == Amendment.Status.PENDING
    # Only the reviewer decides; a refusal needs a reason.
    with pytest.raises(FilingError, match="审批"):
        amendment_decide(actor=world.users["city"], amendment=amendment, approve=True)
    with pytest.raises(FilingError, match="理由"):
        amendment_decide(actor=world.users["county"], amendment=amendment, approve=False)
    amendment_decide(actor=world.users["county"], amendment=amendment, approve=True, opinion="同意")
    session.refresh_from_db()
    assert session.hours == Decimal(3) and session.end == datetime.time(10, 30)
    with pytest.raises(FilingError, match="已批准"):
        amendment_decide(actor=world.users["county"], amendment=amendment, approve=True)
    # A refused new session never appears; a held deletion keeps the session until approved.
    count = training_class.sessions.count()
    added = session_save(
        actor=world.users["base"],
        training_class=training_class,
        data=_data(session, day=FIRST_DAY + datetime.timedelta(days=70), content="加课"),
    )
    assert training_class.sessions.count() == count
    amendment_decide(
        actor=world.users["county"], amendment=added.amendment, approve=False, opinion="不必加课"
    )
    assert training_class.sessions.count() == count
    last = training_class.sessions.order_by("-day").first()
    session_delete(actor=world.users["base"], session=last)
    assert Session.objects.filter(pk=last.pk).exists()
    amendment_decide(actor=world.users["county"], amendment=last.amendment, approve=True)
    assert not Session.objects.filter(pk=last.pk).exists()
    # Whole-week copies cannot be held: refused.
    with pytest.raises(DeliveryError, match="批准"):
        week_copy(
            actor=world.users["base"],
            training_class=training_class,
            week_of=FIRST_DAY,
            to_week_of=FIRST_DAY + datetime.timedelta(days=49),
        )


def test_a_teacher_added_after_acknowledgement_is_an_amendment(world):
    _training_class, filing = _acknowledged(world, amendment_needs_approval=True)
    teacher = teacher_add(
        actor=world.users["base"], filing=filing, data={"name": "钱老师", "qualification": "other"}
    )
    assert teacher.pk is None and not filing.teachers.filter(name="钱老师").exists()
    amendment = filing.amendments.get(kind=Amendment.Kind.TEACHER_ADD)
    amendment_decide(actor=world.users["county"], amendment=amendment, approve=True)
    assert filing.teachers.filter(name="钱老师").exists()
