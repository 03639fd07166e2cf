"""Statistics pages: thin views over stats.selectors / stats.services."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, Role, role_required
from attendance.selectors import classes_visible_to
from bases.models import PlanApplication
from bases.selectors import bases_visible_to
from core.audit import audit_record
from core.jobs import job_run_or_start
from core.views import job_response
from core.views_helpers import run_step, step_forms, step_view
from programs.selectors import programs_visible_to

from . import archive as archive_service
from . import reports, tasks
from .dashboard import program_dashboard
from .forms import PerformanceReportForm, ProvinceForm, StatisticsPolicyForm, SubmissionForm
from .layouts import heading, layout_for
from .models import PerformanceReport
from .performance import ReportFacts, report_facts, report_for, report_pdf, report_save
from .selectors import expected_senders, figures, statistics_policy, submissions_visible_to
from .services import StatisticsError, policy_save, scope_of
from .services import submission_create as submission_create_service
from .sheets import project_rows, sheet_rows
from .workflows import PERFORMANCE_WORKFLOW

SENDER_ROLES = (Role.BASE, Role.COUNTY)


def _program(request, code: str):
    return get_object_or_404(programs_visible_to(request.user), code=code)


def _sheet_org(user, program):
    """Whose sheet a user sees: their own organisation's, the programme's city for the province."""
    return program.city if user.role == Role.PROVINCE else user.organisation


@role_required(*ALL_ROLES)
def statistics_index(request):
    programs = programs_visible_to(request.user).order_by("-year", "code")
    return render(request, "statistics/index.html", {"programs": programs, "province_form": ProvinceForm()})


@role_required(*ALL_ROLES)
def program_statistics(request, code: str):
    program = _program(request, code)
    policy = statistics_policy(program)
    layout = layout_for(policy.layout)
    organisation = _sheet_org(request.user, program)
    try:
        result = figures(program, **scope_of(program, organisation))
    except StatisticsError as exc:
        raise Http404(str(exc)) from exc
    if layout.by_county:
        from accounts.models import Organisation

        names = dict(Organisation.objects.filter(pk__in=list(result.by_county)).values_list("pk", "name"))
        body = project_rows(program, result, names, policy.group_scope)
    else:
        body = sheet_rows(layout, result)
    sent = submissions_visible_to(request.user).filter(program=program)
    receiving = request.user.role in (Role.CITY, Role.PROVINCE)
    tracker = []
    if receiving:
        latest = {}
        for submission in sent.order_by("submitted_at"):
            latest[submission.sender_id] = submission
        tracker = [
            {"sender": org, "submission": latest.get(org.pk)} for org in expected_senders(program, policy)
        ]
    context = {
        "program": program,
        "policy": policy,
        "layout": layout,
        "head": heading(layout),
        "body": body,
        "organisation": organisation,
        "submissions": sent[:50],
        "tracker": tracker,
        "missing": sum(1 for t in tracker if t["submission"] is None),
        "can_submit": request.user.role == policy.sender,
        "form": SubmissionForm(),
    }
    return render(request, "statistics/program.html", context)


@require_POST
@role_required(*ALL_ROLES)
def sheet_export(request, code: str):
    program = _program(request, code)
    organisation = _sheet_org(request.user, program)
    job = job_run_or_start(
        task=tasks.build_statistics_sheet,
        builder=reports.statistics_sheet,
        small=False,
        kind="statistics_sheet",
        title=f"导出培训情况统计表：{organisation.name} · {program.name}",
        user=request.user,
        organisation=organisation,
        params={"program": program.pk, "organisation": organisation.pk},
    )
    return job_response(request, job, back="statistics:index")


@require_POST
@role_required(Role.PROVINCE)
def province_export(request):
    form = ProvinceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写正确的年度。")
        return redirect("statistics:index")
    year = form.cleaned_data["year"]
    job = job_run_or_start(
        task=tasks.build_province_sheet,
        builder=reports.province_sheet,
        small=False,
        kind="statistics_province",
        title=f"导出{year}年度全省各市对比表",
        user=request.user,
        organisation=request.user.organisation,
        params={"year": year},
    )
    return job_response(request, job, back="statistics:index")


@require_POST
@role_required(*SENDER_ROLES)
def submission_create(request, code: str):
    program = _program(request, code)
    form = SubmissionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写填报人和联系电话。")
        return redirect("statistics:program", code=code)
    try:
        submission_create_service(program=program, user=request.user, **form.cleaned_data)
    except StatisticsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "统计表已报送市人社局。")
    return redirect("statistics:program", code=code)


@role_required(*ALL_ROLES)
def submission_download(request, pk: int):
    submission = get_object_or_404(submissions_visible_to(request.user), pk=pk)
    sent = f"{submission.submitted_at:%Y%m%d}"
    name = f"{submission.program.code}_{submission.sender.name}_统计表（{sent}报送）.xlsx"
    return FileResponse(submission.file.open("rb"), as_attachment=True, filename=name)


@role_required(*ALL_ROLES)
def dashboard(request, code: str):
    program = _program(request, code)
    return render(
        request,
        "statistics/dashboard.html",
        {"program": program, "data": program_dashboard(program, request.user)},
    )


# --- class archives (归档) ------------------------------------------------------------------------------


def _archives_of(user):
    from .models import ClassArchive

    return ClassArchive.objects.filter(training_class__in=classes_visible_to(user)).select_related(
        "training_class__base__organisation", "created_by"
    )


@role_required(*ALL_ROLES)
def archive_list(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    return render(
        request,
        "statistics/archive_list.html",
        {
            "training_class": training_class,
            "archives": _archives_of(request.user).filter(training_class=training_class),
            "can_manage": request.user.role == Role.BASE,
        },
    )


@require_POST
@role_required(Role.BASE)
def archive_create(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    record = archive_service.archive_create(training_class=training_class, user=request.user)
    messages.success(
        request, f"已生成归档（{len(record.contents)} 个文件），保存至 {record.keep_until:%Y-%m-%d}。"
    )
    return redirect("statistics:archive_list", pk=pk)


@role_required(Role.BASE)
def archive_download(request, pk: int):
    # Full ID numbers inside: only the base that holds the class downloads it, and it is audited.
    record = get_object_or_404(_archives_of(request.user), pk=pk)
    audit_record(
        actor=request.user,
        action="job.download",
        obj=record,
        organisation=record.training_class.base.organisation,
        note=f"下载班次归档：{record.training_class.name}",
    )
    name = f"{record.training_class.name}_归档_{record.created_at:%Y%m%d}.zip"
    return FileResponse(record.file.open("rb"), as_attachment=True, filename=name)


@require_POST
@role_required(Role.BASE)
def archive_delete(request, pk: int):
    record = get_object_or_404(_archives_of(request.user), pk=pk)
    class_pk = record.training_class_id
    try:
        archive_service.archive_delete(archive=record, user=request.user)
    except StatisticsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "归档已删除。")
    return redirect("statistics:archive_list", pk=class_pk)


@role_required(Role.CITY)
def policy_update(request, code: str):
    program = _program(request, code)
    policy = statistics_policy(program)
    form = StatisticsPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        policy = policy_save(policy=form.save(commit=False), user=request.user)
        messages.success(request, "统计报送规则已保存。")
        return redirect("statistics:program", code=code)
    return render(request, "statistics/policy_form.html", {"program": program, "form": form})


# --------------------------------------------------------------------------------------------------
# 绩效评估报告: the base writes and submits, the city collects (or returns)
# --------------------------------------------------------------------------------------------------


def _program_bases(user, program):
    """The bases in the user's scope that owe the programme a report: those with a confirmed plan (and
    any that has written one)."""
    confirmed = PlanApplication.objects.filter(program=program, status=PlanApplication.Status.CONFIRMED)
    written = PerformanceReport.objects.filter(program=program)
    return (
        bases_visible_to(user)
        .filter(Q(pk__in=confirmed.values("base_id")) | Q(pk__in=written.values("base_id")))
        .order_by("organisation__code")
    )


def _reports_of(user):
    return PerformanceReport.objects.filter(
        base__in=bases_visible_to(user), program__in=programs_visible_to(user)
    ).select_related("program__city", "base__organisation")


@role_required(*ALL_ROLES)
def performance_list(request, code: str):
    program = _program(request, code)
    if request.user.role == Role.BASE:
        base = get_object_or_404(_program_bases(request.user, program))
        return redirect("statistics:performance_report", code=program.code, base=base.pk)
    bases = list(_program_bases(request.user, program))
    reports = {r.base_id: r for r in _reports_of(request.user).filter(program=program)}
    rows = [(base, reports.get(base.pk)) for base in bases]
    missing = sum(
        1 for _, report in rows if report is None or report.status != PerformanceReport.Status.SUBMITTED
    )
    return render(
        request, "statistics/performance_list.html", {"program": program, "rows": rows, "missing": missing}
    )


@role_required(*ALL_ROLES)
def performance_report(request, code: str, base: int):
    program = _program(request, code)
    base = get_object_or_404(_program_bases(request.user, program), pk=base)
    report = report_for(program, base)
    editable = request.user.role == Role.BASE and report.status != PerformanceReport.Status.SUBMITTED
    form = PerformanceReportForm(request.POST or None, instance=report) if editable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("您不能修改该报告。")
        if form.is_valid():
            saved = run_step(
                request,
                report_save,
                report=report,
                actor=request.user,
                success="报告已保存。",
                **{name: form.cleaned_data[name].strip() for name in PerformanceReportForm.Meta.fields},
            )
            if saved:
                return redirect("statistics:performance_report", code=program.code, base=base.pk)
    sent = report.status == PerformanceReport.Status.SUBMITTED
    facts = ReportFacts.from_json(report.figures) if sent else report_facts(program, base)
    return render(
        request,
        "statistics/performance_report.html",
        {
            "program": program,
            "base": base,
            "report": report,
            "facts": facts,
            "form": form,
            "sent": sent,
            "step_forms": step_forms(
                PERFORMANCE_WORKFLOW,
                request.user,
                report,
                lambda step: reverse(f"statistics:performance_{step.name}", args=[report.pk]),
            )
            if report.pk
            else [],
        },
    )


@role_required(*ALL_ROLES)
def performance_pdf(request, pk: int):
    """The report as sent (sealed); before it is sent, a draft from today's figures without the seal."""
    report = get_object_or_404(_reports_of(request.user), pk=pk)
    name = f"{report.program.name}_{report.base.name}_绩效评估报告.pdf"
    if report.status == PerformanceReport.Status.SUBMITTED and report.file:
        return FileResponse(report.file.open("rb"), as_attachment=True, filename=name)
    content = report_pdf(report, report_facts(report.program, report.base), stamped_on=None, seal_image=None)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=f"（草稿）{name}")


performance_step = step_view(
    PERFORMANCE_WORKFLOW,
    objects=_reports_of,
    back=lambda report: reverse(
        "statistics:performance_report", kwargs={"code": report.program.code, "base": report.base_id}
    ),
)
