"""Pages of scheme filing (开班备案), amendments, spot checks (抽查) and integrity checks. Every object comes
from a scoped selector: another organisation's class, filing, check or file is a 404."""

from __future__ import annotations

import os

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, Role, role_required
from core.uploads import detect_type
from core.views_helpers import form_errors, run_step, step_forms, step_view
from programs.selectors import programs_visible_to

from .filing import (
    FILING_WORKFLOW,
    TRACKED,
    TRACKED_LABELS,
    FilingError,
    amendment_decide,
    filing_of,
    filing_problems,
    reviewer_for,
    scheme_save,
    shown_value,
    teacher_add,
    teacher_remove,
)
from .forms import AmendmentDecisionForm, SchemeForm, SpotCheckForm, TeacherForm
from .integrity import CHECKS, findings_by_class
from .models import Amendment, SchemeFiling, SchemeTeacher, SpotCheckPhoto
from .selectors import classes_visible_to
from .spotchecks import (
    INSPECTORS,
    SpotCheckData,
    classes_without_check,
    cross_inspection,
    cross_inspection_sessions,
    sessions_checkable_by,
    spot_check_record,
    spot_checks_visible_to,
)

BUREAUS = (Role.PROVINCE, Role.CITY, Role.COUNTY)
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "pdf": "application/pdf"}


def _file(field_file, name: str) -> FileResponse:
    if not field_file:
        raise Http404
    handle = field_file.open("rb")
    kind = detect_type(handle) or "pdf"
    return FileResponse(
        handle, filename=name or os.path.basename(field_file.name), content_type=CONTENT_TYPES[kind]
    )


def filings_visible_to(user):
    return SchemeFiling.objects.filter(training_class__in=classes_visible_to(user)).select_related(
        "training_class__program__policy", "training_class__base__organisation", "reviewer"
    )


def _amendment_rows(amendments):
    """Each amendment with its changed fields as (label, before, after)."""
    rows = []
    for amendment in amendments:
        changes = [
            (
                TRACKED_LABELS[name],
                shown_value(name, amendment.before.get(name, "")),
                shown_value(name, amendment.after.get(name, "")),
            )
            for name in TRACKED
            if amendment.before.get(name, "") != amendment.after.get(name, "")
        ]
        rows.append((amendment, changes))
    return rows


# --- the filing ---------------------------------------------------------------------------------------------


@role_required(*ALL_ROLES)
def filing_detail(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    # Reading never writes: the draft row is created when the base first opens its filing.
    if request.user.role == Role.BASE:
        filing = filing_of(training_class)
    else:
        filing = SchemeFiling.objects.filter(training_class=training_class).first() or SchemeFiling(
            training_class=training_class
        )
    saved = filing.pk is not None
    is_reviewer = request.user.organisation_id is not None and request.user.organisation_id == (
        filing.reviewer_id or reviewer_for(training_class).pk
    )
    amendments = filing.amendments.select_related("requested_by", "decided_by", "session") if saved else []
    return render(
        request,
        "attendance/filing_detail.html",
        {
            "training_class": training_class,
            "filing": filing,
            "reviewer": filing.reviewer or reviewer_for(training_class),
            "teachers": filing.teachers.all() if saved else [],
            "sessions": training_class.sessions.order_by("day", "start", "id"),
            "problems": filing_problems(filing) if saved else [],
            "amendments": _amendment_rows(amendments),
            "step_forms": step_forms(
                FILING_WORKFLOW,
                request.user,
                filing,
                lambda step: reverse(f"attendance:filing_{step.name}", args=[filing.pk]),
            )
            if saved
            else [],
            "can_edit": request.user.role == Role.BASE
            and filing.status in (SchemeFiling.Status.DRAFT, SchemeFiling.Status.RETURNED),
            "can_add_teacher": request.user.role == Role.BASE and filing.status != SchemeFiling.Status.FILED,
            "can_decide": is_reviewer and request.user.role in INSPECTORS,
            "teacher_form": TeacherForm(),
            "decision_form": AmendmentDecisionForm(),
        },
    )


filing_step = step_view(
    FILING_WORKFLOW,
    objects=filings_visible_to,
    back=lambda filing: reverse("attendance:filing_detail", args=[filing.training_class_id]),
)


@role_required(Role.BASE)
def scheme_edit(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    filing = filing_of(training_class)
    initial = {"outline": filing.outline, "textbooks": filing.textbooks}
    form = SchemeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scheme_save(
                actor=request.user,
                filing=filing,
                outline=data["outline"],
                textbooks=data["textbooks"],
                outline_file=data["outline_file"],
                textbooks_file=data["textbooks_file"],
            )
        except FilingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "培训方案已保存。")
            return redirect("attendance:filing_detail", pk=training_class.pk)
    return render(
        request,
        "attendance/scheme_form.html",
        {"training_class": training_class, "filing": filing, "form": form},
    )


@require_POST
@role_required(Role.BASE)
def teacher_add_view(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    form = TeacherForm(request.POST)
    if not form.is_valid():
        messages.error(request, "教师未添加：" + form_errors(form))
    else:
        teacher = run_step(
            request, teacher_add, actor=request.user, filing=filing_of(training_class), data=form.cleaned_data
        )
        if teacher:
            messages.success(
                request,
                f"已添加教师 {teacher.name}。"
                if teacher.pk
                else f"新增教师 {teacher.name} 已提交审核部门批准。",
            )
    return redirect("attendance:filing_detail", pk=training_class.pk)


@require_POST
@role_required(Role.BASE)
def teacher_remove_view(request, pk: int):
    teacher = get_object_or_404(
        SchemeTeacher.objects.filter(filing__in=filings_visible_to(request.user)).select_related(
            "filing__training_class__base__organisation"
        ),
        pk=pk,
    )
    run_step(
        request, teacher_remove, actor=request.user, teacher=teacher, success=f"已删除教师 {teacher.name}。"
    )
    return redirect("attendance:filing_detail", pk=teacher.filing.training_class_id)


@role_required(*ALL_ROLES)
def scheme_file(request, pk: int, which: str):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    filing = get_object_or_404(SchemeFiling, training_class=training_class)
    if which not in ("outline", "textbooks"):
        raise Http404
    return _file(getattr(filing, f"{which}_file"), getattr(filing, f"{which}_file_name"))


@role_required(*BUREAUS)
def filing_queue(request):
    """The reviewer's queue: schemes waiting for the user's bureau, changes waiting for approval, and the
    latest recorded changes of acknowledged schemes."""
    filings = filings_visible_to(request.user)
    own = request.user.organisation
    amendments = Amendment.objects.filter(filing__in=filings).select_related(
        "filing__training_class__base", "requested_by"
    )
    return render(
        request,
        "attendance/filing_queue.html",
        {
            "waiting": filings.filter(status=SchemeFiling.Status.FILED, reviewer=own).order_by("filed_at"),
            "pending": amendments.filter(status=Amendment.Status.PENDING, filing__reviewer=own).order_by(
                "requested_at"
            ),
            "recent": amendments.exclude(status=Amendment.Status.PENDING)[:50],
            "acknowledged": filings.filter(status=SchemeFiling.Status.ACKNOWLEDGED).count(),
        },
    )


@require_POST
@role_required(*INSPECTORS)
def amendment_decide_view(request, pk: int):
    amendment = get_object_or_404(
        Amendment.objects.filter(filing__in=filings_visible_to(request.user)).select_related("filing"), pk=pk
    )
    back = redirect("attendance:filing_detail", pk=amendment.filing.training_class_id)
    approve = request.POST.get("decision") == "approve"
    run_step(
        request,
        amendment_decide,
        actor=request.user,
        amendment=amendment,
        approve=approve,
        opinion=request.POST.get("opinion", ""),
        success="已批准变更，课程安排已更新。" if approve else "已不予批准该变更。",
    )
    return back


# --- spot checks ---------------------------------------------------------------------------------------


@role_required(*INSPECTORS)
def spot_check_create(request, pk: int):
    session = get_object_or_404(sessions_checkable_by(request.user), pk=pk)
    training_class = session.training_class
    expected = training_class.members.count()
    initial = {"expected": expected, "checked_at": timezone.localtime().replace(second=0, microsecond=0)}
    form = SpotCheckForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check = run_step(
            request,
            spot_check_record,
            actor=request.user,
            session=session,
            data=SpotCheckData(**{k: data[k] for k in SpotCheckData.__dataclass_fields__}),
            record_scan=data["record_scan"],
            photos=data["photos"],
            success="已登记现场抽查。",
        )
        if check:
            return redirect("attendance:spot_check_detail", pk=check.pk)
    return render(
        request,
        "attendance/spot_check_form.html",
        {"session": session, "training_class": training_class, "form": form},
    )


@role_required(*ALL_ROLES)
def spot_check_detail(request, pk: int):
    check = get_object_or_404(spot_checks_visible_to(request.user), pk=pk)
    return render(
        request,
        "attendance/spot_check_detail.html",
        {"check": check, "session": check.session, "photos": check.photos.all()},
    )


@role_required(*ALL_ROLES)
def spot_check_record_file(request, pk: int):
    check = get_object_or_404(spot_checks_visible_to(request.user), pk=pk)
    return _file(check.record_scan, check.record_name)


@role_required(*ALL_ROLES)
def spot_check_photo(request, pk: int):
    photo = get_object_or_404(
        SpotCheckPhoto.objects.filter(spot_check__in=spot_checks_visible_to(request.user)), pk=pk
    )
    return _file(photo.image, photo.name)


@role_required(*BUREAUS)
def spot_check_list(request):
    """The checks in scope, the classes without one (flagged where the policy asks every class to be
    checked), and the cross inspection's coverage per county."""
    classes = classes_visible_to(request.user)
    unchecked = classes_without_check(classes).order_by("start", "id")
    return render(
        request,
        "attendance/spot_check_list.html",
        {
            "checks": spot_checks_visible_to(request.user).select_related(
                "session__training_class__occupation"
            )[:100],
            "unchecked": unchecked[:200],
            "unchecked_due": unchecked.filter(program__policy__spot_check_every_class=True).count(),
            "unchecked_count": unchecked.count(),
            "coverage": cross_inspection(request.user, programs_visible_to(request.user)),
            "can_check": request.user.role in INSPECTORS,
            "cross_sessions": cross_inspection_sessions(request.user)[:100]
            if request.user.role == Role.COUNTY
            else [],
        },
    )


# --- integrity checks ----------------------------------------------------------------------------------


@role_required(*BUREAUS)
def integrity_list(request):
    groups = findings_by_class(classes_visible_to(request.user))
    return render(
        request,
        "attendance/integrity_list.html",
        {"groups": groups, "checks": CHECKS.values(), "total": sum(len(g.items) for g in groups)},
    )
