"""Pages of results: the batches in scope, a batch, the results grid of a class, the template and the
import. Every object comes through a scoped selector (another organisation's batch or class is a 404);
who may type is the batch's assessing organisation while the batch is open."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, role_required
from attendance.forms import WorkbookForm
from attendance.selectors import classes_visible_to
from core.errors import PortalError
from core.paging import ScopedPaginator
from core.uploads import held_upload, hold_upload
from core.views_helpers import step_forms, step_view
from programs.selectors import programs_visible_to

from .forms import BatchSearchForm
from .judge import HEADER, HELP, ResultsFileError, ResultsReport, results_judge
from .models import Result, ResultBatch
from .selectors import batches_search, batches_visible_to
from .services import (
    ResultsError,
    assessor_of,
    batch_get_or_create,
    candidates_for,
    may_enter,
    results_read,
    results_save,
)
from .template import results_template_xlsx
from .workflows import RESULTS_WORKFLOW

PAGE_SIZE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIELDS = ("score", "outcome", "appraisal", "level", "cert_number", "cert_date")


@role_required(*ALL_ROLES)
def batch_list(request):
    form = BatchSearchForm(request.GET or None, programs=programs_visible_to(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    batches = batches_search(request.user, **filters)
    page = ScopedPaginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessment/batch_list.html", {"form": form, "page": page})


@role_required(*ALL_ROLES)
def batch_detail(request, pk: int):
    batch = get_object_or_404(batches_visible_to(request.user), pk=pk)
    results = (
        Result.objects.filter(batch=batch)
        .select_related("enrollment__trainee", "enrollment__occupation")
        .order_by("enrollment__occupation__name", "enrollment__trainee__name", "id")
    )
    classes = classes_visible_to(request.user).filter(program=batch.program, base=batch.base)
    return render(
        request,
        "assessment/batch_detail.html",
        {
            "batch": batch,
            "results": results,
            "classes": classes,
            "may_enter": may_enter(request.user, batch),
            "step_forms": step_forms(
                RESULTS_WORKFLOW,
                request.user,
                batch,
                lambda step: reverse(f"assessment:batch_{step.name}", args=[batch.pk]),
            ),
        },
    )


batch_step = step_view(
    RESULTS_WORKFLOW,
    objects=batches_visible_to,
    back=lambda batch: reverse("assessment:batch_detail", args=[batch.pk]),
)


@role_required(*ALL_ROLES)
def class_results(request, pk: int):
    """The results grid of one class: every trainee with their completion, typed results, saved whole."""
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    program, base = training_class.program, training_class.base
    # A batch is created by the first save, not by looking at the page.
    batch = ResultBatch.objects.filter(program=program, base=base).first() or ResultBatch(
        program=program, base=base, assessor=assessor_of(program, base)
    )
    candidates = candidates_for(training_class.program, training_class.base, training_class=training_class)
    editable = may_enter(request.user, batch)
    saved = {
        r.enrollment_id: r
        for r in Result.objects.filter(enrollment_id__in=[c.enrollment_id for c in candidates.values()])
    }
    report: ResultsReport | None = None
    typed: dict[int, dict[str, str]] = {}
    if request.method == "POST":
        if not editable:
            messages.error(request, "该批次考核结果当前不能修改（已提交或已冻结，或不由本机构录入）。")
            return redirect("assessment:class_results", pk=pk)
        lines = [list(HEADER)]
        for number, candidate in enumerate(candidates.values(), start=1):
            values = {f: request.POST.get(f"{f}-{candidate.enrollment_id}", "").strip()[:60] for f in FIELDS}
            typed[candidate.enrollment_id] = values
            if not any(values.values()):
                continue
            lines.append([number, candidate.name, candidate.id_number, *(values[f] for f in FIELDS)])
        if len(lines) == 1:
            messages.error(request, "没有填写任何考核结果。")
            return redirect("assessment:class_results", pk=pk)
        report = results_judge(candidates, lines)
        if not report.rejected:
            batch = batch_get_or_create(program=program, base=base)
            try:
                count = results_save(
                    actor=request.user, batch=batch, report=report, source=training_class.name
                )
            except ResultsError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"已保存 {count} 名学员的考核结果。")
                return redirect("assessment:class_results", pk=pk)
    reasons = {r.enrollment_id: r.reasons for r in (report.rows if report else []) if r.enrollment_id}
    rows = []
    for candidate in candidates.values():
        result = saved.get(candidate.enrollment_id)
        rows.append(
            {
                "candidate": candidate,
                "values": typed.get(candidate.enrollment_id) or _shown(result),
                "reasons": reasons.get(candidate.enrollment_id, []),
            }
        )
    rows.sort(key=lambda r: r["candidate"].name)
    return render(
        request,
        "assessment/class_results.html",
        {
            "training_class": training_class,
            "batch": batch,
            "rows": rows,
            "editable": editable,
            "report": report,
            "outcomes": Result.Outcome.choices,
            "appraisals": Result.Appraisal.choices,
            "help": dict(zip(HEADER, HELP, strict=True)),
        },
    )


def _shown(result: Result | None) -> dict[str, str]:
    if result is None:
        return dict.fromkeys(FIELDS, "")
    return {
        "score": "" if result.score is None else str(result.score),
        "outcome": result.get_outcome_display(),
        "appraisal": result.get_appraisal_display() if result.appraisal else "",
        "level": result.get_level_obtained_display() if result.level_obtained else "",
        "cert_number": result.certificate_number,
        "cert_date": result.certificate_date.isoformat() if result.certificate_date else "",
    }


@role_required(*ALL_ROLES)
def results_template(request):
    return FileResponse(
        io.BytesIO(results_template_xlsx()),
        as_attachment=True,
        filename="考核结果表模板.xlsx",
        content_type=XLSX,
    )


# --- import: upload → preview → commit ---------------------------------------------------------------------


@role_required(*ALL_ROLES)
def batch_import(request, pk: int):
    """Upload → preview: every row judged with its reasons, nothing saved yet."""
    batch = get_object_or_404(batches_visible_to(request.user), pk=pk)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    context = {"batch": batch, "form": form, "may_enter": may_enter(request.user, batch)}
    if request.method == "POST" and form.is_valid():
        if not context["may_enter"]:
            form.add_error(None, "该批次考核结果当前不能修改（已提交或已冻结，或不由本机构录入）。")
        else:
            upload = form.cleaned_data["file"]
            try:
                report = results_read(batch.program, batch.base, upload)
            except ResultsFileError as exc:
                form.add_error("file", f"考核结果表无法读取：{exc}")
            else:
                upload.seek(0)
                token = hold_upload(upload, kind="results", owner=batch, user=request.user)
                context.update(report=report, token=token)
    return render(request, "assessment/batch_import.html", context)


@require_POST
@role_required(*ALL_ROLES)
def batch_import_commit(request, pk: int):
    batch = get_object_or_404(batches_visible_to(request.user), pk=pk)
    try:
        data = held_upload(request.POST.get("token", ""), kind="results", owner=batch, user=request.user)
        with default_storage.open(data["file"], "rb") as handle:
            report = results_read(batch.program, batch.base, handle)
        saved = results_save(actor=request.user, batch=batch, report=report, source=data["name"])
    except (ResultsFileError, FileNotFoundError) as exc:
        messages.error(request, f"考核结果表无法读取：{exc}")
        return redirect("assessment:batch_import", pk=batch.pk)
    except PortalError as exc:  # the service's refusal, or the held upload expired
        messages.error(request, exc.message)
        return redirect("assessment:batch_import", pk=batch.pk)
    default_storage.delete(data["file"])
    messages.success(request, f"已导入 {saved} 名学员的考核结果。")
    return redirect("assessment:batch_detail", pk=batch.pk)
