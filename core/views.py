"""Pages every role shares: the audit log, background jobs and the organisation's electronic seal."""

from celery import current_app
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, Role, role_required

from .audit import audit_record, describe_filters
from .errors import PortalError
from .forms import AuditSearchForm, SealForm
from .jobs import job_kind, job_retry, job_run_or_start
from .models import Job
from .paging import ScopedPaginator, Sort, sorted_by
from .pdf import seal_svg
from .reports import AUDIT_ROWS_AT_ONCE, audit_log_xlsx
from .selectors import audit_entries_search, jobs_visible_to
from .tasks import export_audit_log
from .uploads import store_in_field

AUDIT_ROLES = (Role.PROVINCE, Role.CITY)
# The log's sortable columns; each ordering is an index of AuditEntry (see its Meta).
AUDIT_SORTS = {
    "-created": Sort("时间（新→旧）", ("-created_at", "-id")),
    "created": Sort("时间（旧→新）", ("created_at", "id")),
}


@role_required(*AUDIT_ROLES)
def audit_list(request):
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries, sort = sorted_by(
        # The rows show the recorded actor name: no join with the users (nor the content types).
        audit_entries_search(request.user, **filters).select_related(None),
        request.GET.get("sort"),
        AUDIT_SORTS,
        "-created",
    )
    page = ScopedPaginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"form": form, "page": page, "sort": sort})


@require_POST
@role_required(*AUDIT_ROLES)
def audit_export(request):
    form = AuditSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "筛选条件有误：" + "；".join(form.errors.get("__all__", ["请检查输入"])))
        return redirect("core:audit_list")
    params = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in form.cleaned_data.items() if v}
    rows = audit_entries_search(request.user, **form.cleaned_data).count()
    job = job_run_or_start(
        task=export_audit_log,
        builder=audit_log_xlsx,
        small=rows <= AUDIT_ROWS_AT_ONCE,
        kind="audit_export",
        title="导出操作日志",
        user=request.user,
        organisation=request.user.organisation,
        params=params,
    )
    audit_record(actor=request.user, action="audit.export", obj=job, note=describe_filters(params))
    return job_response(request, job, back="core:audit_list")


@role_required(*ALL_ROLES)
def job_list(request):
    jobs = jobs_visible_to(request.user).filter(requested_by=request.user)
    page = Paginator(jobs, 30).get_page(request.GET.get("page"))
    return render(request, "core/job_list.html", {"page": page})


@role_required(*ALL_ROLES)
def job_detail(request, pk: int):
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    can_retry = job.requested_by_id == request.user.pk and job_kind(job.kind).retryable
    return render(request, "core/job_detail.html", {"job": job, "can_retry": can_retry})


@require_POST
@role_required(*ALL_ROLES)
def job_retry_view(request, pk: int):
    """Start a failed job again (only its requester: the job's parameters were checked for them)."""
    job = get_object_or_404(jobs_visible_to(request.user).filter(requested_by=request.user), pk=pk)
    task = current_app.tasks.get(job.task_name)
    try:
        if task is None:
            raise PortalError("此任务无法重试，请回到原页面重新提交。")
        again = job_retry(job=job, task=task, user=request.user)
    except PortalError as exc:
        messages.error(request, str(exc))
        return redirect("core:job_detail", pk=job.pk)
    return redirect("core:job_detail", pk=again.pk)


@role_required(*ALL_ROLES)
def job_status(request, pk: int):
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "finished": job.is_finished,
            "error": job.error,
            "download_url": reverse("core:job_download", args=[job.pk]) if job.result else "",
            "result_name": job.result_name,
        }
    )


@role_required(*ALL_ROLES)
def job_download(request, pk: int):
    job = get_object_or_404(jobs_visible_to(request.user).exclude(result=""), pk=pk)
    return _download(request, job)


def _download(request, job: Job):
    audit_record(
        actor=request.user, action="job.download", obj=job, organisation=job.organisation, note=_contents(job)
    )
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)


def _contents(job) -> str:
    """What the downloaded file held, for the audit log: kind, rows, the columns shown in full."""
    summary = job.result_summary or {}
    parts = [f"{job.result_name}（任务类型 {job.kind}）"]
    if "rows" in summary:
        parts.append(f"共 {summary['rows']} 行")
    if summary.get("full_columns"):
        parts.append("完整显示：" + "、".join(summary["full_columns"]))
    return "，".join(parts)


def job_response(request, job: Job, *, back: str):
    """The answer to a request that started ``job`` (see core.jobs.job_run_or_start): the file itself
    when it was built at once, its Chinese error back on the page it came from (``back``, a URL name),
    or the job page with the progress bar while a worker builds it."""
    if job.status == Job.Status.SUCCEEDED and job.result:
        return _download(request, job)
    if job.status == Job.Status.FAILED:
        messages.error(request, job.error)
        return redirect(back)
    return redirect("core:job_detail", pk=job.pk)


SEAL_ROLES = (Role.CITY, Role.COUNTY, Role.BASE)


@role_required(*SEAL_ROLES)
def seal_update(request):
    """Each bureau and base keeps its own electronic seal: an uploaded image, or a drawn one."""
    organisation = request.user.organisation
    form = SealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            store_in_field(organisation.seal, f"{organisation.code}.png", form.cleaned_data["seal"])
        except PortalError as error:
            form.add_error("seal", str(error))
        else:
            audit_record(
                actor=request.user, action="seal.update", obj=organisation, organisation=organisation
            )
            messages.success(request, "电子公章已更新。")
            return redirect("core:seal")
    return render(request, "core/seal.html", {"form": form, "organisation": organisation})


@role_required(*SEAL_ROLES)
def seal_image(request):
    """The user's own organisation's seal as shown on its documents."""
    organisation = request.user.organisation
    if organisation.seal:
        return FileResponse(organisation.seal.open("rb"))
    return HttpResponse(seal_svg(organisation.display_name), content_type="image/svg+xml")
