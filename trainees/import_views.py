"""The browser roster import (SPEC §6) for base staff: template, upload, preview, commit, rejected rows.

Every import is reached through ``roster_imports_visible_to``: base staff see their own base's imports
only, so another base's import is a 404. The steps themselves live in ``import_reports``; a file above
``SYNC_ROW_LIMIT`` rows is judged and committed by a background job whose progress the preview shows.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import Role, role_required
from bases.selectors import bases_visible_to
from core.audit import audit_record
from core.jobs import job_start
from core.uploads import UploadStorageError

from . import import_tasks
from .forms import RosterUploadForm
from .import_reports import (
    JOB_CHECK,
    JOB_COMMIT,
    SYNC_ROW_LIMIT,
    XLSX_CONTENT_TYPE,
    ImportRefused,
    import_check,
    import_commit,
    import_start,
    rejected_rows_name,
    rejected_rows_xlsx,
    total_rows,
)
from .models import RosterImport
from .roster import ACCEPTED, REJECTED, RosterError, roster_template_xlsx
from .selectors import roster_imports_visible_to, running_programs
from .services import ImportConflict

Status = RosterImport.Status
PREVIEW_PAGE_SIZE = 200


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def _start_job(roster_import: RosterImport, *, user: User, task, kind: str, title: str) -> None:
    """Queue the step as a job of the base (its county and city see it too, as they see the base)."""
    with transaction.atomic():  # the task is queued on commit, after the import points at its job
        job = job_start(
            task=task,
            kind=kind,
            title=f"{title}：{roster_import.original_name}",
            user=user,
            organisation=roster_import.base.organisation,
            params={"import": roster_import.pk},
        )
        RosterImport.objects.filter(pk=roster_import.pk).update(job=job)


# --- pages ---------------------------------------------------------------------------------------------


@role_required(Role.BASE)
def roster_import_list(request):
    imports = roster_imports_visible_to(request.user).defer("report")  # a report can hold thousands of rows
    page = Paginator(imports, 30).get_page(request.GET.get("page"))
    return render(request, "trainees/import_list.html", {"page": page})


@role_required(Role.BASE)
def roster_template(request):
    return _xlsx_response(roster_template_xlsx(), "学员花名册模板.xlsx")


@role_required(Role.BASE)
def roster_upload(request):
    base = get_object_or_404(bases_visible_to(request.user))
    programs = running_programs(request.user)
    form = RosterUploadForm(
        request.POST or None,
        request.FILES or None,
        programs=programs,
        initial={"program": request.GET.get("program")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            roster_import, rows = import_start(
                upload=form.cleaned_data["file"],
                base=base,
                program=form.cleaned_data["program"],
                user=request.user,
            )
        except RosterError as error:
            form.add_error("file", f"花名册无法导入：{error}")
        except UploadStorageError as error:
            form.add_error("file", str(error))
        else:
            if len(rows) > SYNC_ROW_LIMIT:
                _start_job(
                    roster_import,
                    user=request.user,
                    task=import_tasks.check_roster_import,
                    kind=JOB_CHECK,
                    title="校验花名册",
                )
                messages.info(
                    request, f"花名册超过 {SYNC_ROW_LIMIT} 行，正在后台校验，完成后本页显示校验结果。"
                )
            else:
                import_check(roster_import, rows=rows)
            return redirect("roster_import:preview", pk=roster_import.pk)
    return render(
        request,
        "trainees/import_upload.html",
        {
            "form": form,
            "base": base,
            "has_programs": programs.exists(),
            "max_rows": SYNC_ROW_LIMIT,
            "roster_max_rows": settings.ROSTER_MAX_ROWS,
        },
    )


@role_required(Role.BASE)
def roster_import_preview(request, pk: int):
    roster_import = get_object_or_404(roster_imports_visible_to(request.user), pk=pk)
    report = roster_import.report or {}
    rows = report.get("rows", [])
    show = request.GET.get("show", "")
    if show in (ACCEPTED, REJECTED):
        rows = [line for line in rows if line["status"] == show]
    job = roster_import.job
    error = roster_import.error
    if (
        not error
        and job is not None
        and job.status == job.Status.FAILED
        and roster_import.status != Status.COMMITTED
    ):
        error = job.error
    return render(
        request,
        "trainees/import_preview.html",
        {
            "imp": roster_import,
            "report": report,
            "page": Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page")),
            "show": show,
            "accepted": ACCEPTED,
            "total": total_rows(roster_import),
            "job": job,
            "error": error,
            "job_running": job is not None and not job.is_finished,
            "can_commit": roster_import.status == Status.CHECKED
            and roster_import.accepted > 0
            and not (job is not None and not job.is_finished),
            "trainee_list_url": reverse("trainees:enrollment_list"),
        },
    )


@require_POST
@role_required(Role.BASE)
def roster_import_commit(request, pk: int):
    roster_import = get_object_or_404(roster_imports_visible_to(request.user), pk=pk)
    if total_rows(roster_import) > SYNC_ROW_LIMIT:
        return _commit_in_background(request, roster_import)
    try:
        outcome = import_commit(pk=roster_import.pk, actor=request.user)
    except (ImportRefused, ImportConflict) as error:
        messages.error(request, str(error))
        return redirect("roster_import:preview", pk=roster_import.pk)
    if outcome.saved:
        messages.success(request, f"导入完成：已保存 {outcome.saved} 名学员。")
    if outcome.refused_since_preview:
        what = "其余" if outcome.saved else "原通过校验的"
        messages.warning(
            request,
            f"确认导入时重新校验，{what} {outcome.refused_since_preview} 行已不符合条件"
            "（如已被登记、名额已满），未保存，原因见下表。",
        )
    return redirect("roster_import:preview", pk=roster_import.pk)


def _commit_in_background(request, roster_import: RosterImport):
    with transaction.atomic():
        locked = (
            RosterImport.objects.select_for_update(of=("self",))
            .select_related("job")
            .get(pk=roster_import.pk)
        )
        running = locked.job is not None and locked.job.kind == JOB_COMMIT and not locked.job.is_finished
        if locked.status == Status.COMMITTED or running:
            messages.error(request, "该花名册已导入或正在导入，不能重复导入。")
            return redirect("roster_import:preview", pk=locked.pk)
        if locked.status != Status.CHECKED or locked.accepted == 0:
            messages.error(request, "没有可导入的学员，未保存任何数据。")
            return redirect("roster_import:preview", pk=locked.pk)
        _start_job(
            locked,
            user=request.user,
            task=import_tasks.commit_roster_import,
            kind=JOB_COMMIT,
            title="导入花名册",
        )
    messages.info(request, "正在后台导入，完成后本页显示导入结果。")
    return redirect("roster_import:preview", pk=roster_import.pk)


@role_required(Role.BASE)
def roster_import_rejected(request, pk: int):
    roster_import = get_object_or_404(roster_imports_visible_to(request.user), pk=pk)
    # The file echoes full ID numbers back to the base that typed them; it is recorded like an export.
    audit_record(
        actor=request.user,
        action="trainee.export",
        obj=roster_import,
        organisation=roster_import.base.organisation,
        note=f"下载花名册导入不通过行（{roster_import.rejected} 行）",
    )
    return _xlsx_response(rejected_rows_xlsx(roster_import), rejected_rows_name(roster_import))
