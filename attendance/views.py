"""Pages of training delivery. Every object comes from a scoped selector (another organisation's class,
session or trainee is a 404); bases manage their own classes, bureaus read them."""

from __future__ import annotations

import io
import os

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, Role, role_required
from bases.models import PlanApplication, PlanLine
from bases.selectors import bases_visible_to
from core.audit import audit_record
from core.errors import PortalError
from core.paging import ScopedPaginator
from core.uploads import detect_type, held_upload, hold_upload
from programs.selectors import programs_visible_to

from .choices import Category, Mode
from .documents import schedule_template_xlsx, schedule_xlsx
from .forms import AssignForm, ClassForm, ClassSearchForm, SessionForm, SignInForm, WeekCopyForm, WorkbookForm
from .grid import GridError, attendance_grid_xlsx, grid_read
from .hours import hours_for_class
from .models import Attendance
from .schedule import ScheduleError, schedule_read
from .selectors import (
    class_members,
    class_sessions,
    classes_search,
    classes_visible_to,
    members_visible_to,
    session_marks,
    sessions_visible_to,
)
from .services import (
    ClassData,
    DeliveryError,
    as_schedule_sessions,
    attendance_import,
    attendance_record,
    attendance_refusal,
    class_capacity,
    class_save,
    eligible_enrollments,
    member_remove,
    members_assign,
    schedule_replace,
    schedule_verdict,
    session_delete,
    session_save,
    sign_in_store,
    week_copy,
)

PAGE_SIZE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "pdf": "application/pdf"}


def _xlsx(content: bytes, name: str) -> FileResponse:
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name, content_type=XLSX)


# --- classes ---------------------------------------------------------------------------------------------


@role_required(*ALL_ROLES)
def class_list(request):
    user = request.user
    is_base = user.role == Role.BASE
    form = ClassSearchForm(
        request.GET or None,
        programs=programs_visible_to(user),
        bases=None if is_base else bases_visible_to(user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    classes = classes_search(user, **filters)
    page = ScopedPaginator(classes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "attendance/class_list.html", {"form": form, "page": page, "can_manage": is_base})


def _plan_lines(user):
    """The lines of the base's confirmed plans: what a class can train."""
    return (
        PlanLine.objects.filter(
            plan__base__in=bases_visible_to(user), plan__status=PlanApplication.Status.CONFIRMED
        )
        .select_related("plan__program", "occupation")
        .order_by("plan__program__name", "occupation__name", "level")
    )


@role_required(Role.BASE)
def class_create(request):
    base = get_object_or_404(bases_visible_to(request.user))
    form = ClassForm(request.POST or None, lines=_plan_lines(request.user))
    if request.method == "POST" and form.is_valid():
        line = form.cleaned_data["line"]
        try:
            training_class = class_save(
                actor=request.user, base=base, program=line.plan.program, data=_class_data(form, line)
            )
        except DeliveryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已创建班次“{training_class.name}”，请编入学员、填写课程安排。")
            return redirect("attendance:class_detail", pk=training_class.pk)
    return render(request, "attendance/class_form.html", {"form": form, "training_class": None})


@role_required(Role.BASE)
def class_update(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    initial = {f: getattr(training_class, f) for f in ("name", "head_teacher", "place", "start", "end")}
    form = ClassForm(request.POST or None, initial=initial, fixed_line=True)
    if request.method == "POST" and form.is_valid():
        data = _class_data(form, None, occupation=training_class.occupation, level=training_class.level)
        try:
            class_save(
                actor=request.user,
                base=training_class.base,
                program=training_class.program,
                data=data,
                training_class=training_class,
            )
        except DeliveryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "班次信息已保存。")
            return redirect("attendance:class_detail", pk=training_class.pk)
    return render(request, "attendance/class_form.html", {"form": form, "training_class": training_class})


def _class_data(form, line, *, occupation=None, level=None) -> ClassData:
    data = form.cleaned_data
    if line is not None:
        # A line of the whole base names no trade: the class's own choice says it.
        occupation = line.occupation or data["occupation"]
        level = line.level or data["level"]
    return ClassData(
        occupation=occupation,
        level=level,
        name=data["name"].strip(),
        head_teacher=data["head_teacher"].strip(),
        place=data["place"].strip(),
        start=data["start"],
        end=data["end"],
    )


@role_required(*ALL_ROLES)
def class_detail(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    sessions = list(class_sessions(training_class))
    members = list(class_members(training_class))
    hours = hours_for_class(training_class)
    for member in members:
        member.hours = hours[member.enrollment_id]
    verdict = schedule_verdict(training_class, as_schedule_sessions(sessions))
    return render(
        request,
        "attendance/class_detail.html",
        {
            "training_class": training_class,
            "sessions": sessions,
            "members": members,
            "verdict": verdict,
            "verdict_hours": verdict.as_dict()["hours"],
            "capacity": class_capacity(training_class),
            "completed": sum(1 for m in members if m.hours.complete),
            "can_manage": request.user.role == Role.BASE,
            "week_form": WeekCopyForm(),
        },
    )


@role_required(Role.BASE)
def class_assign(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    eligible = eligible_enrollments(training_class)
    form = AssignForm(request.POST or None, eligible=eligible)
    if request.method == "POST" and form.is_valid():
        try:
            added = members_assign(
                actor=request.user,
                training_class=training_class,
                enrollments=list(form.cleaned_data["enrollments"]),
            )
        except DeliveryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已编入 {len(added)} 名学员。")
            return redirect("attendance:class_detail", pk=training_class.pk)
    return render(
        request,
        "attendance/class_assign.html",
        {
            "training_class": training_class,
            "form": form,
            "capacity": class_capacity(training_class),
            "current": training_class.members.count(),
        },
    )


@require_POST
@role_required(Role.BASE)
def member_remove_view(request, pk: int):
    member = get_object_or_404(members_visible_to(request.user), pk=pk)
    try:
        member_remove(actor=request.user, member=member)
    except DeliveryError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已将 {member.enrollment.trainee.name} 移出班次。")
    return redirect("attendance:class_detail", pk=member.training_class_id)


# --- the schedule ---------------------------------------------------------------------------------------


@role_required(Role.BASE)
def session_create(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    return _session_form(request, training_class, None)


@role_required(Role.BASE)
def session_update(request, pk: int):
    session = get_object_or_404(sessions_visible_to(request.user), pk=pk)
    return _session_form(request, session.training_class, session)


def _saved_message(session) -> str:
    amendment = getattr(session, "amendment", None)
    if amendment is None:
        return "课程安排已保存。"
    if amendment.status == amendment.Status.PENDING:
        return f"开班备案后的变更须经审核部门批准，已提交变更申请：{amendment.summary}"
    return f"课程安排已保存，并作为备案变更记录：{amendment.summary}"


def _session_form(request, training_class, session):
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            saved = session_save(
                actor=request.user, training_class=training_class, data=form.cleaned_data, session=session
            )
        except DeliveryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _saved_message(saved))
            if "add_another" in request.POST:
                return redirect("attendance:session_create", pk=training_class.pk)
            return redirect("attendance:class_detail", pk=training_class.pk)
    return render(
        request,
        "attendance/session_form.html",
        {"form": form, "training_class": training_class, "session": session},
    )


@require_POST
@role_required(Role.BASE)
def session_delete_view(request, pk: int):
    session = get_object_or_404(sessions_visible_to(request.user), pk=pk)
    try:
        session_delete(actor=request.user, session=session)
    except DeliveryError as exc:
        messages.error(request, exc.message)
    else:
        held = getattr(session, "amendment", None)
        messages.success(request, _saved_message(session) if held else f"已删除 {session}。")
    return redirect("attendance:class_detail", pk=session.training_class_id)


@require_POST
@role_required(Role.BASE)
def week_copy_view(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    form = WeekCopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写要复制的周和目标周。")
    else:
        try:
            created = week_copy(actor=request.user, training_class=training_class, **form.cleaned_data)
        except DeliveryError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已复制 {len(created)} 次课。")
    return redirect("attendance:class_detail", pk=training_class.pk)


@role_required(*ALL_ROLES)
def schedule_template(request):
    return _xlsx(schedule_template_xlsx(), "课程安排表模板.xlsx")


@role_required(*ALL_ROLES)
def schedule_export(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    return _xlsx(schedule_xlsx(training_class), f"{training_class.name}课程安排表.xlsx")


@role_required(Role.BASE)
def schedule_upload(request, pk: int):
    """Upload → preview: the checker's verdict of the file against the class, nothing saved yet."""
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    context = {"training_class": training_class, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sessions, invalid = schedule_read(upload)
            upload.seek(0)
        except ScheduleError as exc:
            form.add_error("file", f"课程安排表无法读取：{exc}")
        else:
            context.update(
                token=hold_upload(upload, kind="schedule", owner=training_class, user=request.user),
                sessions=[(s, Category(s.category).label, Mode(s.mode).label) for s in sessions],
                invalid=invalid,
                verdict=schedule_verdict(training_class, sessions, invalid),
                has_attendance=Attendance.objects.filter(session__training_class=training_class).exists(),
            )
    return render(request, "attendance/schedule_upload.html", context)


@require_POST
@role_required(Role.BASE)
def schedule_commit(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    try:
        stored = held_upload(
            request.POST.get("token", ""), kind="schedule", owner=training_class, user=request.user
        )
        try:
            with default_storage.open(stored["file"], "rb") as handle:
                sessions, invalid = schedule_read(handle)
        except ScheduleError as exc:
            raise DeliveryError(f"课程安排表无法读取：{exc}") from None
        created = schedule_replace(
            actor=request.user,
            training_class=training_class,
            sessions=sessions,
            invalid=invalid,
            source=stored["name"],
        )
    except PortalError as exc:  # the service's refusal, or the held upload expired
        messages.error(request, exc.message)
        return redirect("attendance:schedule_upload", pk=training_class.pk)
    default_storage.delete(stored["file"])
    messages.success(request, f"已导入课程安排 {len(created)} 次课。")
    return redirect("attendance:class_detail", pk=training_class.pk)


# --- attendance -----------------------------------------------------------------------------------------


@role_required(*ALL_ROLES)
def session_detail(request, pk: int):
    session = get_object_or_404(sessions_visible_to(request.user), pk=pk)
    members = list(class_members(session.training_class))
    marks = session_marks(session)
    for member in members:
        member.mark = marks.get(member.enrollment_id, "")
    counts = {value: sum(1 for m in members if m.mark == value) for value in Attendance.Status.values}
    return render(
        request,
        "attendance/session_detail.html",
        {
            "session": session,
            "training_class": session.training_class,
            "members": members,
            "statuses": Attendance.Status.choices,
            "expected": len(members),
            "counts": counts,
            "recorded": len(marks),
            "refusal": attendance_refusal(session),
            "can_manage": request.user.role == Role.BASE,
            "sign_in_form": SignInForm(),
        },
    )


@require_POST
@role_required(Role.BASE)
def session_attendance(request, pk: int):
    session = get_object_or_404(sessions_visible_to(request.user), pk=pk)
    member_ids = list(session.training_class.members.values_list("enrollment_id", flat=True))
    marks = {eid: request.POST[f"mark-{eid}"] for eid in member_ids if request.POST.get(f"mark-{eid}")}
    if not marks:
        messages.error(request, "没有选择任何学员的考勤，未保存。")
        return redirect("attendance:session_detail", pk=session.pk)
    try:
        saved = attendance_record(actor=request.user, session=session, marks=marks)
    except DeliveryError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已保存 {saved} 名学员的考勤。")
    return redirect("attendance:session_detail", pk=session.pk)


@require_POST
@role_required(Role.BASE)
def sign_in_upload(request, pk: int):
    session = get_object_or_404(sessions_visible_to(request.user), pk=pk)
    form = SignInForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "签到表未上传：请选择文件。")
    else:
        try:
            sign_in_store(actor=request.user, session=session, upload=form.cleaned_data["scan"])
        except DeliveryError as exc:
            messages.error(request, "签到表未上传：" + exc.message)
        else:
            messages.success(request, "已上传签到表扫描件。")
    return redirect("attendance:session_detail", pk=session.pk)


@role_required(*ALL_ROLES)
def sign_in_download(request, pk: int):
    session = get_object_or_404(sessions_visible_to(request.user), pk=pk)
    if not session.sign_in_scan:
        raise Http404
    handle = session.sign_in_scan.open("rb")
    kind = detect_type(handle) or "pdf"
    return FileResponse(
        handle,
        filename=session.sign_in_name or os.path.basename(session.sign_in_scan.name),
        content_type=CONTENT_TYPES[kind],
    )


@role_required(*ALL_ROLES)
def attendance_export(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    # The base fills the grid in and imports it back, which needs full ID numbers; bureaus read it masked.
    full_ids = request.user.role == Role.BASE
    content = attendance_grid_xlsx(training_class, full_ids=full_ids)
    if full_ids:
        audit_record(
            actor=request.user,
            action="attendance.export",
            obj=training_class,
            organisation=training_class.base.organisation,
        )
    return _xlsx(content, f"{training_class.name}考勤表.xlsx")


@role_required(Role.BASE)
def attendance_upload(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    context = {"training_class": training_class, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = grid_read(training_class, upload)
        except GridError as exc:
            form.add_error("file", f"考勤表无法读取：{exc}")
        else:
            upload.seek(0)
            context.update(
                report=report,
                token=hold_upload(upload, kind="attendance", owner=training_class, user=request.user),
            )
    return render(request, "attendance/attendance_upload.html", context)


@require_POST
@role_required(Role.BASE)
def attendance_commit(request, pk: int):
    training_class = get_object_or_404(classes_visible_to(request.user), pk=pk)
    try:
        stored = held_upload(
            request.POST.get("token", ""), kind="attendance", owner=training_class, user=request.user
        )
        try:
            with default_storage.open(stored["file"], "rb") as handle:
                report = grid_read(training_class, handle)
        except GridError as exc:
            raise DeliveryError(f"考勤表无法读取：{exc}") from None
        saved = attendance_import(
            actor=request.user, training_class=training_class, marks=report, source=stored["name"]
        )
    except PortalError as exc:  # the service's refusal, or the held upload expired
        messages.error(request, exc.message)
        return redirect("attendance:attendance_upload", pk=training_class.pk)
    default_storage.delete(stored["file"])
    messages.success(request, f"已导入考勤 {saved} 条。")
    return redirect("attendance:class_detail", pk=training_class.pk)
