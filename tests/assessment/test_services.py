"""Results: the judge, saving all-or-nothing, the batch workflow (freeze, re-opening) and who passed."""

import threading

import pytest
from django.db import connection

from assessment.judge import ResultsFileError, results_judge
from assessment.models import Result, ResultBatch
from assessment.selectors import national_route_occupation_ids, passed_enrollments
from assessment.services import ResultsError, assessor_of, batch_get_or_create, candidates_for, results_save
from assessment.workflows import RESULTS_WORKFLOW
from core.models import AuditEntry
from programs.models import Occupation

from .factories import HEADER, assessed_class, line


def _judge(program, base, rows):
    return results_judge(candidates_for(program, base), [HEADER, *rows])


def test_a_pass_for_a_trainee_short_of_hours_is_refused_with_the_missing_hours(world):
    program, base, _, (a, b, short) = assessed_class(world)
    report = _judge(program, base, [line(1, a), line(2, b), line(3, short)])
    assert report.accepted == 2
    refused = report.rows[2]
    assert [r["code"] for r in refused.reasons] == ["not_complete"]
    assert "实操差 15 课时" in refused.reasons[0]["message"]
    # A fail for the same trainee is accepted: not passed, recorded.
    assert not _judge(program, base, [line(1, short, "不合格", score="")]).rejected


def test_bad_values_are_refused_row_by_row_in_chinese(world):
    program, base, _, (a, b, _short) = assessed_class(world)
    report = _judge(
        program,
        base,
        [
            line(1, a, "优秀", score="120", appraisal="通过", level="特级", cert="=1+1", date="2021-13-01"),
            [3, "某某", "110101199001011234", "", "合格", "", "", "", ""],
            line(4, b),
            line(5, b),
        ],
    )
    codes = {r["code"] for r in report.rows[0].reasons}
    assert codes == {
        "invalid_score",
        "invalid_outcome",
        "invalid_appraisal",
        "invalid_level",
        "invalid_certificate_number",
        "invalid_date",
    }
    assert report.rows[1].reasons[0]["code"] == "not_a_trainee"
    assert report.rows[3].reasons[0]["code"] == "duplicate"
    assert report.as_dict()["rejected"] == 3
    assert set(report.as_dict()["rows"][0]) == {"row", "id_number", "name", "status", "route", "reasons"}


def test_a_wrong_header_is_one_chinese_message(world):
    program, base, _, _ = assessed_class(world)
    with pytest.raises(ResultsFileError, match="第 4 列应为“考核成绩”"):
        results_judge(candidates_for(program, base), [["序号", "姓名", "身份证号码", "成绩"]])


def test_results_are_saved_whole_or_not_at_all(world):
    program, base, _, (a, b, short) = assessed_class(world)
    batch = batch_get_or_create(program=program, base=base)
    staff = world.users["base"]
    with pytest.raises(ResultsError, match="1 行不通过"):
        results_save(actor=staff, batch=batch, report=_judge(program, base, [line(1, a), line(2, short)]))
    assert not Result.objects.exists()
    saved = results_save(actor=staff, batch=batch, report=_judge(program, base, [line(1, a), line(2, b)]))
    assert saved == 2 and Result.objects.filter(batch=batch, outcome=Result.Outcome.PASS).count() == 2
    assert AuditEntry.objects.filter(action="results.record", object_id=str(batch.pk)).exists()


def test_only_the_assessing_organisation_enters_results(world):
    program, base, _, (a, *_rest) = assessed_class(world, assessor="city")
    assert assessor_of(program, base) == world.city
    batch = batch_get_or_create(program=program, base=base)
    with pytest.raises(ResultsError, match="由“临沂市”录入"):
        results_save(actor=world.users["base"], batch=batch, report=_judge(program, base, [line(1, a)]))
    assert (
        results_save(actor=world.users["city"], batch=batch, report=_judge(program, base, [line(1, a)])) == 1
    )


def test_an_approved_batch_is_frozen_until_the_city_reopens_it_with_a_reason(world):
    program, base, _, (a, b, _short) = assessed_class(world)
    staff, city = world.users["base"], world.users["city"]
    batch = batch_get_or_create(program=program, base=base)
    results_save(actor=staff, batch=batch, report=_judge(program, base, [line(1, a)]))
    RESULTS_WORKFLOW.run("submit", actor=staff, obj=batch)
    assert not passed_enrollments(program).exists()  # submitted is not final
    RESULTS_WORKFLOW.run("approve", actor=city, obj=batch)
    assert list(passed_enrollments(program)) == [a]
    with pytest.raises(ResultsError, match="已冻结，不能修改"):
        results_save(actor=staff, batch=batch, report=_judge(program, base, [line(1, b)]))
    with pytest.raises(ResultsError, match="您的角色不能执行此操作"):
        RESULTS_WORKFLOW.run("reopen", actor=staff, obj=batch, opinion="改错")
    with pytest.raises(ResultsError, match="请填写重新开放的原因"):
        RESULTS_WORKFLOW.run("reopen", actor=city, obj=batch)
    RESULTS_WORKFLOW.run("reopen", actor=city, obj=batch, opinion="王某成绩录错")
    entry = AuditEntry.objects.get(action="results.reopen")
    assert entry.note == "王某成绩录错"
    batch.refresh_from_db()
    assert batch.status == ResultBatch.Status.REOPENED
    assert not passed_enrollments(program).exists()
    assert results_save(actor=staff, batch=batch, report=_judge(program, base, [line(1, b)])) == 1


def test_without_city_approval_a_submission_is_final(world):
    program, base, _, (a, *_rest) = assessed_class(world, results_city_approval=False)
    staff = world.users["base"]
    batch = batch_get_or_create(program=program, base=base)
    results_save(actor=staff, batch=batch, report=_judge(program, base, [line(1, a)]))
    assert [s.name for s in RESULTS_WORKFLOW.available(staff, batch)] == ["submit_final"]
    RESULTS_WORKFLOW.run("submit_final", actor=staff, obj=batch)
    batch.refresh_from_db()
    assert batch.status == ResultBatch.Status.APPROVED and batch.approved_by == staff


def test_an_empty_batch_cannot_be_submitted(world):
    program, base, _, _ = assessed_class(world)
    batch = batch_get_or_create(program=program, base=base)
    with pytest.raises(ResultsError, match="还没有录入任何考核结果"):
        RESULTS_WORKFLOW.run("submit", actor=world.users["base"], obj=batch)


def test_the_pass_rule_of_the_policy_decides_who_passed(world):
    program, base, _, (a, b, _short) = assessed_class(world, pass_rule="level", results_city_approval=False)
    staff = world.users["base"]
    batch = batch_get_or_create(program=program, base=base)
    rows = [line(1, a, appraisal="合格", level="技师", cert="2023-0001", date="2023-11-01"), line(2, b)]
    results_save(actor=staff, batch=batch, report=_judge(program, base, rows))
    RESULTS_WORKFLOW.run("submit_final", actor=staff, obj=batch)
    # 临沂: counted by the skill level obtained, so b (passed the assessment, no level) does not count.
    assert list(passed_enrollments(program)) == [a]


def test_the_programme_names_the_occupations_of_the_national_route(world):
    program, *_ = assessed_class(world, trainees=1)
    welder = Occupation.objects.get(name="焊工")
    program.national_occupations.set([welder])
    assert national_route_occupation_ids(program) == {welder.pk}


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_make_one_transition(world):
    program, base, _, (a, *_rest) = assessed_class(world)
    staff = world.users["base"]
    batch = batch_get_or_create(program=program, base=base)
    results_save(actor=staff, batch=batch, report=_judge(program, base, [line(1, a)]))
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            RESULTS_WORKFLOW.run("submit", actor=staff, obj=ResultBatch.objects.get(pk=batch.pk))
            outcomes.append("ok")
        except ResultsError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    assert AuditEntry.objects.filter(action="results.submit").count() == 1


def test_weifang_counts_those_in_a_confirmed_plan_who_passed(world):
    from bases.models import PlanApplication

    program, base, _, (a, *_rest) = assessed_class(
        world, pass_rule="plan_appraised", results_city_approval=False
    )
    staff = world.users["base"]
    batch = batch_get_or_create(program=program, base=base)
    results_save(actor=staff, batch=batch, report=_judge(program, base, [line(1, a)]))
    RESULTS_WORKFLOW.run("submit_final", actor=staff, obj=batch)
    assert list(passed_enrollments(program)) == [a]
    # A base whose plan is not (or no longer) confirmed has nobody "列入培训计划".
    PlanApplication.objects.filter(program=program, base=base).update(status=PlanApplication.Status.DRAFT)
    assert not passed_enrollments(program).exists()
