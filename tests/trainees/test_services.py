"""Enrolling trainees through the one path (trainees.services): duplicates, overlapping programmes, the
confirmed quota and its tolerance, all-or-nothing commits against a real database failure, two clerks at
the same moment, and the roster filed with the county."""

import threading

import pytest
from django.db import DatabaseError, connection

from accounts.models import User
from bases.models import Base
from core.models import AuditEntry
from programs.models import Program
from tests.conftest import make_user
from trainees.models import Enrollment, RosterFiling, Trainee
from trainees.places import WHOLE_BASE, places_for
from trainees.services import (
    EnrollmentRefused,
    FilingError,
    ImportConflict,
    ImportNotSaved,
    enrollment_register,
    filing_note_change,
    roster_enrol,
    roster_file,
    roster_review,
)

from .factories import applicant, confirmed_base, quota_program


@pytest.fixture
def program(world) -> Program:
    return quota_program(world)


@pytest.fixture
def base(world, program) -> Base:
    return confirmed_base(world, program=program)


def codes(result) -> list[str]:
    return [reason.code for reason in result.reasons]


# --- duplicates and overlaps ------------------------------------------------------------------------


def test_importing_the_same_roster_twice_creates_nothing_the_second_time(world, program, base):
    rows = [applicant(1), applicant(3), applicant(5)]
    first = roster_enrol(actor=world.users["base"], program=program, base=base, rows=rows, commit=True)
    assert first.saved == 3

    second = roster_enrol(actor=world.users["base"], program=program, base=base, rows=rows, commit=True)

    assert second.saved == 0
    assert [codes(r) for r in second.report.rows] == [["already_enrolled"]] * 3
    assert Enrollment.objects.count() == 3
    assert Trainee.objects.count() == 3


def test_a_person_in_an_overlapping_programme_of_another_city_is_refused(world, program, base):
    other_program = quota_program(world, code="dezhou-2026", city=world.city_other)
    other_base = confirmed_base(world, program=other_program, org=world.base_other)
    enrollment_register(
        actor=world.users["base_other"], program=other_program, base=other_base, row=applicant(1)
    )

    with pytest.raises(EnrollmentRefused) as refused:
        enrollment_register(actor=world.users["base"], program=program, base=base, row=applicant(1))

    assert [r.code for r in refused.value.reasons] == ["overlapping_enrolment"]
    # Another base's enrolment is named only as "elsewhere": no programme, base or city (issue 9.10).
    message = refused.value.reasons[0].message
    assert "其他培训基地" in message
    for revealing in (other_program.name, other_base.name, "德州", "德城"):
        assert revealing not in message
    assert not Enrollment.objects.filter(program=program).exists()


# --- the quota ----------------------------------------------------------------------------------------


def test_two_planned_at_120_percent_allow_two_and_refuse_the_third_with_none_left(world):
    program = quota_program(world, tolerance="1.20")
    base = confirmed_base(world, program=program, plan_lines=(("焊工", 2),))
    assert places_for(base=base, program=program).allowed[("焊工", 2)] == 2  # floor(2 × 1.2)
    for serial in (1, 3):
        enrollment_register(actor=world.users["base"], program=program, base=base, row=applicant(serial))

    with pytest.raises(EnrollmentRefused) as refused:
        enrollment_register(actor=world.users["base"], program=program, base=base, row=applicant(5))

    (reason,) = refused.value.reasons
    assert reason.code == "quota_full"
    assert "剩余 0 人" in reason.message
    assert Enrollment.objects.count() == 2


def test_ten_planned_at_120_percent_allow_twelve(world):
    program = quota_program(world, tolerance="1.20")
    base = confirmed_base(world, program=program, plan_lines=(("焊工", 10),))
    places = places_for(base=base, program=program)
    assert (places.planned[("焊工", 2)], places.allowed[("焊工", 2)]) == (10, 12)

    rows = [applicant(serial) for serial in range(1, 27, 2)]  # 13 people
    outcome = roster_enrol(actor=world.users["base"], program=program, base=base, rows=rows, commit=True)

    assert outcome.saved == 12
    assert [codes(r) for r in outcome.report.rows][-1] == ["quota_full"]
    assert places_for(base=base, program=program).left(("焊工", 2)) == 0


def test_an_occupation_outside_the_confirmed_plan_has_no_places(world, program, base):
    with pytest.raises(EnrollmentRefused) as refused:
        enrollment_register(
            actor=world.users["base"], program=program, base=base, row=applicant(1, occupation="车工")
        )
    assert [r.code for r in refused.value.reasons] == ["no_quota"]


# --- places counted per base (潍坊 附件1: one number per base) -------------------------------------------


def test_a_programme_counting_per_base_caps_the_base_total_whatever_the_trades(world):
    program = quota_program(world, tolerance="1.20", places_counted="base")
    base = confirmed_base(world, program=program, plan_lines=((None, 10),))
    places = places_for(base=base, program=program)
    assert (places.by_base, places.planned[WHOLE_BASE], places.allowed[WHOLE_BASE]) == (True, 10, 12)

    # 13 people in three trades, none of them named by the plan: twelve fit the base's 120 %.
    rows = [applicant(serial, occupation=("焊工", "电工", "车工")[serial % 3]) for serial in range(1, 27, 2)]
    outcome = roster_enrol(actor=world.users["base"], program=program, base=base, rows=rows, commit=True)

    assert outcome.saved == 12
    assert [codes(r) for r in outcome.report.rows] == [[]] * 12 + [["quota_full"]]
    assert (
        outcome.report.rows[-1].reasons[0].message
        == "本基地名额已满：计划 10 人，允许 12 人，已登记 12 人，剩余 0 人"
    )
    assert set(Enrollment.objects.values_list("occupation__name", flat=True)) == {"焊工", "电工", "车工"}


def test_per_base_lines_that_name_trades_still_cap_only_the_total(world):
    program = quota_program(world, tolerance="1.20", places_counted="base")
    base = confirmed_base(world, program=program, plan_lines=(("焊工", 5), ("电工", 5)))
    rows = [applicant(serial) for serial in range(1, 27, 2)]  # 13 welders
    outcome = roster_enrol(actor=world.users["base"], program=program, base=base, rows=rows, commit=True)
    # Counted per line, 焊工 would stop at 6 (5 × 1.2); per base, the 12 of the total all go to 焊工.
    assert outcome.saved == 12
    assert places_for(base=base, program=program).left(WHOLE_BASE) == 0


def test_the_same_plan_counted_per_line_caps_each_line(world):
    program = quota_program(world, tolerance="1.20")
    base = confirmed_base(world, program=program, plan_lines=(("焊工", 5), ("电工", 5)))
    rows = [applicant(serial) for serial in range(1, 27, 2)]
    outcome = roster_enrol(actor=world.users["base"], program=program, base=base, rows=rows, commit=True)
    assert outcome.saved == 6


def test_a_base_without_a_confirmed_plan_has_no_places_per_base_either(world):
    program = quota_program(world, places_counted="base")
    base = confirmed_base(world, program=program, plan_lines=((None, 3),))
    other = quota_program(world, code="other-2026", places_counted="base")
    with pytest.raises(EnrollmentRefused) as refused:
        enrollment_register(actor=world.users["base"], program=other, base=base, row=applicant(1))
    assert [(r.code, r.message) for r in refused.value.reasons] == [
        ("no_quota", "本基地在本项目没有计划名额")
    ]


# --- all or nothing ---------------------------------------------------------------------------------


# Not transaction=True on purpose: the trigger is created inside the test's transaction, so it is rolled
# back with it and cannot leak into other tests (a flush empties tables but keeps triggers).
def test_a_database_failure_in_the_middle_of_a_commit_leaves_nothing_saved(world, program, base):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION trainees_fail_here() RETURNS trigger AS $$
            BEGIN
                IF NEW.remark = 'FAIL-HERE' THEN
                    RAISE EXCEPTION 'FAIL-HERE: refused by the test trigger';
                END IF;
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER trainees_fail_here BEFORE INSERT ON trainees_enrollment
                FOR EACH ROW EXECUTE FUNCTION trainees_fail_here();
            """
        )
    rows = [applicant(1), applicant(3), applicant(5, remark="FAIL-HERE")]

    with pytest.raises(ImportNotSaved, match="保存时数据库拒绝了本次数据，未保存任何数据") as caught:
        roster_enrol(actor=world.users["base"], program=program, base=base, rows=rows, commit=True)
    assert isinstance(caught.value.__cause__, DatabaseError)
    assert "FAIL-HERE" in str(caught.value.__cause__)

    assert Trainee.objects.count() == 0
    assert Enrollment.objects.count() == 0
    assert not AuditEntry.objects.filter(action="trainee.import").exists()


# --- two clerks at the same moment ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", ["same base", "two bases"])
def test_two_registrations_of_the_same_person_at_the_same_moment_make_one_enrolment(world, where):
    program = quota_program(world)
    base = confirmed_base(world, program=program)
    clerks = [world.users["base"]]
    if where == "same base":
        clerks.append(make_user("u-base-colleague", world.base))
        bases = [base, base]
    else:
        clerks.append(world.users["base_same_county"])
        bases = [base, confirmed_base(world, program=program, org=world.base_same_county)]
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def register(clerk: User, at: Base) -> None:
        try:
            barrier.wait()  # both threads call the service together
            enrollment_register(
                actor=clerk, program=Program.objects.get(pk=program.pk), base=at, row=applicant(1)
            )
            outcomes[clerk.username] = "enrolled"
        except EnrollmentRefused as refused:
            outcomes[clerk.username] = ",".join(r.code for r in refused.reasons)
        except ImportConflict:
            outcomes[clerk.username] = "conflict"
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=pair) for pair in zip(clerks, bases, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values())[-1] == "enrolled"
    assert sorted(outcomes.values())[0] in ("already_enrolled", "conflict")
    assert Trainee.objects.count() == 1
    assert Enrollment.objects.count() == 1
    assert AuditEntry.objects.filter(action="trainee.create").count() == 1


# --- filing with the county ---------------------------------------------------------------------------


def _filed(world, program, base) -> RosterFiling:
    enrollment_register(actor=world.users["base"], program=program, base=base, row=applicant(1))
    return roster_file(actor=world.users["base"], base=base, program=program)


def test_a_filed_roster_is_acknowledged_by_the_county(world, program, base):
    filing = _filed(world, program, base)
    assert (filing.status, filing.enrollment_count) == (RosterFiling.Status.FILED, 1)

    filing = roster_review(actor=world.users["county"], filing=filing, acknowledge=True, note="")

    assert filing.status == RosterFiling.Status.ACKNOWLEDGED
    assert filing.reviewed_by == world.users["county"]
    assert AuditEntry.objects.filter(action="roster.acknowledge", object_id=str(filing.pk)).exists()
    with pytest.raises(FilingError, match="可能已由他人处理"):
        roster_review(actor=world.users["county"], filing=filing, acknowledge=False, note="再看看")


def test_a_returned_roster_needs_a_reason_and_can_be_filed_again(world, program, base):
    filing = _filed(world, program, base)
    with pytest.raises(FilingError, match="请填写退回理由"):
        roster_review(actor=world.users["county"], filing=filing, acknowledge=False, note=" ")
    with pytest.raises(FilingError, match="无需重复报备"):
        roster_file(actor=world.users["base"], base=base, program=program)

    filing = roster_review(actor=world.users["county"], filing=filing, acknowledge=False, note="缺劳动合同")
    assert filing.status == RosterFiling.Status.RETURNED
    assert AuditEntry.objects.filter(action="roster.return", note="缺劳动合同").exists()

    again = roster_file(actor=world.users["base"], base=base, program=program)
    assert again.pk == filing.pk
    assert again.status == RosterFiling.Status.FILED


def test_a_change_after_filing_is_counted_and_recorded(world, program, base):
    filing = _filed(world, program, base)
    assert filing.changes_since_filing == 0

    enrollment_register(actor=world.users["base"], program=program, base=base, row=applicant(3))

    filing.refresh_from_db()
    assert filing.changes_since_filing == 1
    change = AuditEntry.objects.get(action="roster.change", object_id=str(filing.pk))
    assert change.actor == world.users["base"]
    assert "新增学员 1 人" in change.note


def test_an_empty_roster_cannot_be_filed(world, program, base):
    with pytest.raises(FilingError, match="还没有学员"):
        roster_file(actor=world.users["base"], base=base, program=program)


@pytest.mark.django_db(transaction=True)
def test_changes_after_filing_made_at_the_same_moment_are_all_counted(world):
    program = quota_program(world)
    base = confirmed_base(world, program=program)
    enrollment_register(actor=world.users["base"], program=program, base=base, row=applicant(1))
    filing = roster_file(actor=world.users["base"], base=base, program=program)
    clerks = 8
    barrier = threading.Barrier(clerks)

    def change(n: int) -> None:
        try:
            barrier.wait()  # every change reads and writes the count together
            filing_note_change(base=base, program=program, actor=world.users["base"], note=f"变更 {n}")
        finally:
            connection.close()

    threads = [threading.Thread(target=change, args=(n,)) for n in range(clerks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    filing.refresh_from_db()
    assert filing.changes_since_filing == clerks
    assert AuditEntry.objects.filter(action="roster.change").count() == clerks
