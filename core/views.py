"""Pages every role shares: the audit log, background jobs and the organisation's electronic seal."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, Role, role_required

from .audit import audit_record, describe_filters
from .forms import AuditSearchForm, SealForm
from .jobs import job_run_or_start
from .models import Job
from .pdf import seal_svg
from .reports import AUDIT_ROWS_AT_ONCE, audit_log_xlsx
from .selectors import audit_entries_search, jobs_visible_to
from .tasks import export_audit_log

AUDIT_ROLES = (Role.PROVINCE, Role.CITY)


@role_required(*AUDIT_ROLES)
def audit_list(request):
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries_search(request.user, **filters).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"form": form, "page": page})


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
    return render(request, "core/job_detail.html", {"job": job})


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
    audit_record(actor=request.user, action="job.download", obj=job, organisation=job.organisation)
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)


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
        organisation.seal.save(f"{organisation.code}.png", form.cleaned_data["seal"], save=True)
        audit_record(actor=request.user, action="seal.update", obj=organisation, organisation=organisation)
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
