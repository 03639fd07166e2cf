"""Statistics pages: thin views over stats.selectors / stats.services."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, Role, role_required
from attendance.selectors import classes_visible_to
from core.audit import audit_record
from core.jobs import job_run_or_start
from core.views import job_response
from programs.selectors import programs_visible_to

from . import archive as archive_service
from . import reports, tasks
from .dashboard import program_dashboard
from .forms import ProvinceForm, StatisticsPolicyForm, SubmissionForm
from .layouts import heading, layout_for
from .selectors import expected_senders, figures, statistics_policy, submissions_visible_to
from .services import StatisticsError, policy_save, scope_of
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
