"""The performance evaluation report (绩效评估报告): figures equal the base's data, the base's words and
seal, frozen as sent (later changes do not touch it), returned by the city and sent again."""

import subprocess

import pytest
from django.urls import reverse

from attendance.models import Attendance
from core.models import AuditEntry
from stats.models import PerformanceReport
from stats.performance import ReportError, report_facts, report_save
from stats.workflows import PERFORMANCE_WORKFLOW
from tests.attendance.factories import delivery_setup, full_schedule
from tests.statistics.factories import results
from tests.trainees.factories import make_enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(world):
    """Base A1-a: 3 焊工 技师 in one class with the full 210-hour schedule; two attended every session,
    one of them passed and the other failed; the third attended nothing and was not assessed."""
    program, base, training_class, enrollments = delivery_setup(world, trainees=3)
    sessions = full_schedule(training_class)
    Attendance.objects.bulk_create(
        Attendance(session=session, enrollment=enrollment, status=Attendance.Status.PRESENT)
        for session in sessions
        for enrollment in enrollments[:2]
    )
    results(program, base, passed=enrollments[:1], failed=enrollments[1:2])
    return program, base, enrollments


def _pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_the_facts_are_the_bases_plan_enrolments_completion_and_results(delivered):
    program, base, _ = delivered
    facts = report_facts(program, base)
    (row,) = facts.levels
    # The plan's two 技师 lines (焊工 30, 电工 20); three enrolled, two completed, two assessed, one passed.
    assert (row.level, row.places, row.enrolled, row.completed, row.assessed, row.passed) == (
        "技师",
        50,
        3,
        2,
        2,
        1,
    )
    assert (facts.classes, facts.hours_scheduled, facts.hours_delivered) == (1, "210", "210")
    assert facts.passed_national + facts.passed_training == 1


def test_the_base_writes_submits_and_the_sealed_pdf_is_kept_as_sent(delivered, world, login):
    program, base, _ = delivered
    client = login(world.users["base"])
    page_url = reverse("statistics:performance_report", kwargs={"code": program.code, "base": base.pk})
    assert client.get(reverse("statistics:performance_list", args=[program.code]))["Location"] == page_url
    saved = client.post(
        page_url,
        {"achievements": "按期完成培训", "problems": "实操工位不足", "remedies": "新增焊接工位 10 个"},
    )
    assert saved.status_code == 302
    report = PerformanceReport.objects.get(program=program, base=base)
    client.post(reverse("statistics:performance_submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == PerformanceReport.Status.SUBMITTED and report.submitted_by == world.users["base"]
    text = _pdf_text(report.file.read())
    for expected in (
        f"{program.name}绩效评估报告",
        base.name,
        "实操工位不足",
        "新增焊接工位 10 个",
        "（公章）",
    ):
        assert expected in text
    assert report.figures["levels"][0]["enrolled"] == 3
    assert AuditEntry.objects.filter(action="performance.submit", object_id=str(report.pk)).exists()

    # A later enrolment does not change what was sent, and the words are frozen.
    make_enrollment(program=program, base=base, serial=9, created_by=world.users["base"])
    page = client.get(page_url)
    assert page.context["facts"].levels[0].enrolled == 3 and page.context["form"] is None
    with pytest.raises(ReportError, match="已报送"):
        report_save(report=report, actor=world.users["base"], achievements="", problems="改", remedies="改")
    downloaded = client.get(reverse("statistics:performance_pdf", args=[report.pk]))
    assert b"".join(downloaded.streaming_content) == report.file.open("rb").read()


def test_the_city_returns_a_report_with_a_reason_and_the_base_sends_it_again(delivered, world, login):
    program, base, _ = delivered
    report = report_save(
        report=PerformanceReport(program=program, base=base),
        actor=world.users["base"],
        achievements="",
        problems="问题",
        remedies="措施",
    )
    PERFORMANCE_WORKFLOW.run("submit", actor=world.users["base"], obj=report)
    city = login(world.users["city"])
    listing = city.get(reverse("statistics:performance_list", args=[program.code]))
    assert [(b.pk, r.status) for b, r in listing.context["rows"]] == [(base.pk, "submitted")]
    city.post(reverse("statistics:performance_return", args=[report.pk]), {"opinion": "资金使用情况不完整"})
    report.refresh_from_db()
    assert report.status == PerformanceReport.Status.RETURNED and report.city_opinion == "资金使用情况不完整"
    report = report_save(
        report=report, actor=world.users["base"], achievements="", problems="问题（修改）", remedies="措施"
    )
    PERFORMANCE_WORKFLOW.run("submit", actor=world.users["base"], obj=report)
    report.refresh_from_db()
    assert report.status == PerformanceReport.Status.SUBMITTED and "问题（修改）" in _pdf_text(
        report.file.read()
    )


def test_a_report_without_problems_and_remedies_is_not_sent(delivered, world):
    program, base, _ = delivered
    report = PerformanceReport.objects.create(program=program, base=base, problems=" ", remedies="")
    with pytest.raises(ReportError, match="请先填写"):
        PERFORMANCE_WORKFLOW.run("submit", actor=world.users["base"], obj=report)
    report.refresh_from_db()
    assert report.status == PerformanceReport.Status.DRAFT and not report.file


def test_another_bases_report_is_not_found(delivered, world, login):
    program, base, _ = delivered
    report = PerformanceReport.objects.create(program=program, base=base, problems="p", remedies="r")
    other = login(world.users["base_same_county"])
    assert other.get(reverse("statistics:performance_pdf", args=[report.pk])).status_code == 404
    url = reverse("statistics:performance_report", kwargs={"code": program.code, "base": base.pk})
    assert other.get(url).status_code == 404
