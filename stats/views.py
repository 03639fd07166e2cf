"""Statistics pages: thin views over stats.selectors / stats.services."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, Role, role_required
from core.jobs import job_run_or_start
from core.views import job_response
from programs.selectors import programs_visible_to

from . import reports, tasks
from .dashboard import program_dashboard
from .forms import ProvinceForm, SubmissionForm
from .layouts import heading, layout_for
from .selectors import expected_senders, figures, statistics_policy, submissions_visible_to
from .services import StatisticsError, scope_of
from .services import submission_create as submission_create_service
from .sheets import project_rows, sheet_rows

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
