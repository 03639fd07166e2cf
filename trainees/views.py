import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, Role, role_required
from bases.models import Base
from bases.selectors import bases_visible_to
from core.audit import audit_record
from core.idcard import is_valid_id_number, normalize_id_number
from core.jobs import job_run_or_start
from core.paging import ScopedPaginator, Sort, sorted_by
from core.uploads import UploadStorageError
from core.views import job_response
from core.views_helpers import form_errors, run_step, step_forms, step_view
from programs.choices import Level, Route
from programs.eligibility import Reason
from programs.models import Program
from programs.presentation import reasons_json
from programs.selectors import occupation_names, programs_visible_to

from . import reports, tasks
from .forms import (
    EnrollmentEditForm,
    EnrollmentForm,
    EnrollmentSearchForm,
    MaterialForm,
    WithdrawForm,
)
from .listing import enrollment_rows, list_values
from .models import Enrollment
from .places import places_for
from .privacy import LookupLimitExceeded, Shown, lookup_admit, sees_personal_data, shown, with_full_view
from .reports import commitment_letter_pdf
from .selectors import (
    enrollment_materials,
    enrollments_search,
    enrollments_visible_to,
    filings_visible_to,
    materials_missing,
    materials_visible_to,
    occupation_choices,
    places_per_base,
    places_per_line,
    roster_enrollments,
    running_programs,
)
from .services import (
    MATERIAL_EXTENSIONS,
    EnrollmentChangeRefused,
    EnrollmentRefused,
    ImportConflict,
    enrollment_editable_problem,
    enrollment_register,
    enrollment_update,
    enrollment_withdraw,
    material_store,
    roster_file,
    roster_judge,
)
from .workflows import FILING_WORKFLOW

PAGE_SIZE = 50
# The list's sortable columns; each ordering is an index of Enrollment (see its Meta).
SORTS = {
    "-created": Sort("登记时间（新→旧）", ("-created_at", "-id")),
    "created": Sort("登记时间（旧→新）", ("created_at", "id")),
    "level": Sort("等级（低→高）", ("level", "-created_at", "-id")),
    "-level": Sort("等级（高→低）", ("-level", "created_at", "id")),
}
# Programmes that take registrations: open for plans, or already training.
EXPORTERS = (Role.BASE, Role.COUNTY, Role.CITY)
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "pdf": "application/pdf"}


# --- places ------------------------------------------------------------------------------------------------


@role_required(*ALL_ROLES)
def places(request, code: str):
    """Places planned, enrolled and left in a programme: per confirmed plan line for a base, per base for
    the bureaus above it."""
    program = get_object_or_404(programs_visible_to(request.user).select_related("policy"), code=code)
    per_line = request.user.role == Role.BASE
    if per_line:
        base = bases_visible_to(request.user).first()
        rows = places_per_line(base=base, program=program) if base else []
    else:
        rows = places_per_base(request.user, program=program)
    totals = {
        "planned": sum(r.planned for r in rows),
        "allowed": sum(r.allowed for r in rows),
        "used": sum(r.used for r in rows),
        "left": sum(r.left for r in rows),
    }
    return render(
        request,
        "trainees/places.html",
        {"program": program, "rows": rows, "totals": totals, "per_line": per_line},
    )


# --- enrolments ----------------------------------------------------------------------------------------


@role_required(*ALL_ROLES)
def enrollment_list(request):
    user = request.user
    programs = programs_visible_to(user)
    is_base = user.role == Role.BASE
    form = EnrollmentSearchForm(
        request.GET or None,
        programs=programs,
        bases=None if is_base else bases_visible_to(user),
        occupations=occupation_choices(user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    try:
        found = enrollments_search(user, **filters)
    except LookupLimitExceeded as limited:
        messages.error(request, str(limited))
        found = with_full_view(Enrollment.objects.none(), user)
    enrollments, sort = sorted_by(found, request.GET.get("sort"), SORTS, "-created")
    page = ScopedPaginator(list_values(enrollments), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = enrollment_rows(page)
    full_rows = sum(row.person.full for row in page)
    if full_rows and not is_base:
        # Another organisation's trainees shown in full (their roster was filed with this bureau).
        audit_record(
            actor=user,
            action="trainee.view_personal",
            note=f"学员列表显示完整个人信息 {full_rows} 人",
        )
    program, base = filters.get("program"), filters.get("base")
    return render(
        request,
        "trainees/enrollment_list.html",
        {
            "form": form,
            "page": page,
            "sort": sort,
            "program": program,
            "base": base,
            "can_export": user.role in EXPORTERS and program is not None and (is_base or base is not None),
            # The list of the user's own base: its full data, its own wording.
            "own_base": is_base,
        },
    )


@role_required(*ALL_ROLES)
def enrollment_detail(request, pk: int):
    enrollment = get_object_or_404(
        enrollments_visible_to(request.user).select_related(
            "policy_version", "program__city", "program__policy", "created_by"
        ),
        pk=pk,
    )
    user = request.user
    full = sees_personal_data(user, enrollment)
    own = user.organisation_id == enrollment.base.organisation_id
    if full and not own:
        audit_record(
            actor=request.user,
            action="trainee.view_personal",
            obj=enrollment,
            organisation=enrollment.base.organisation,
            note="查看学员详情（完整身份证号码、联系电话）",
        )
    materials = list(enrollment_materials(enrollment))
    present = {m.kind for m in materials}
    filing = filings_visible_to(request.user).filter(base=enrollment.base, program=enrollment.program).first()
    return render(
        request,
        "trainees/enrollment_detail.html",
        {
            "enrollment": enrollment,
            "shown": Shown(enrollment, full=full),
            "materials": materials,
            "missing": materials_missing(enrollment, present=present),
            "filing": filing,
            "can_upload": user.role == Role.BASE,
            "can_print": user.role in EXPORTERS,
            "can_download": user.role in EXPORTERS and full,
            "can_change": user.role == Role.BASE and enrollment.status == Enrollment.Status.ACTIVE,
            "edit_problem": enrollment_editable_problem(enrollment) if user.role == Role.BASE else "",
            "differs": enrollment.differs_from_person() if full else [],
            "upload_form": MaterialForm(),
        },
    )


@role_required(Role.BASE)
def enrollment_edit(request, pk: int):
    """Edit an enrolment's facts; they are judged again as at registration (trainees.services)."""
    enrollment = get_object_or_404(
        enrollments_visible_to(request.user).filter(status=Enrollment.Status.ACTIVE), pk=pk
    )
    problem = enrollment_editable_problem(enrollment)
    if problem:
        messages.error(request, problem)
        return redirect("trainees:enrollment_detail", pk=enrollment.pk)
    form = EnrollmentEditForm(request.POST or None, enrollment=enrollment)
    refusal: list[Reason] = []
    if request.method == "POST" and form.is_valid():
        try:
            enrollment_update(actor=request.user, enrollment=enrollment, row=form.roster_row())
        except EnrollmentRefused as refused:
            refusal = refused.reasons
        except EnrollmentChangeRefused as error:
            messages.error(request, str(error))
            return redirect("trainees:enrollment_detail", pk=enrollment.pk)
        else:
            messages.success(request, "学员信息已修改，已按现行政策重新审核报名条件。")
            return redirect("trainees:enrollment_detail", pk=enrollment.pk)
    return render(
        request,
        "trainees/enrollment_form.html",
        {
            "form": form,
            "base": enrollment.base,
            "enrollment": enrollment,
            "refusal": refusal,
            "occupations": _qualified_occupations(enrollment.base),
            "occupation_names": occupation_names(),
        },
    )


@role_required(Role.BASE)
def enrollment_withdraw_view(request, pk: int):
    """退出: a confirmation page with the reason; the POST withdraws."""
    enrollment = get_object_or_404(enrollments_visible_to(request.user), pk=pk)
    if enrollment.status != Enrollment.Status.ACTIVE:
        messages.error(request, "该学员已退出，无需重复办理。")
        return redirect("trainees:enrollment_detail", pk=enrollment.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrollment_withdraw(actor=request.user, enrollment=enrollment, reason=form.cleaned_data["reason"])
        except EnrollmentChangeRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"学员 {enrollment.entered_name} 已退出，其名额已释放。")
        return redirect("trainees:enrollment_detail", pk=enrollment.pk)
    return render(
        request,
        "trainees/enrollment_withdraw.html",
        {"enrollment": enrollment, "shown": Shown(enrollment, full=True), "form": form},
    )


@role_required(Role.BASE)
def enrollment_create(request):
    base = get_object_or_404(bases_visible_to(request.user))
    form = EnrollmentForm(request.POST or None, programs=running_programs(request.user))
    refusal: list[Reason] = []
    if request.method == "POST" and form.is_valid():
        try:
            # A refusal says whether the person is enrolled elsewhere: counted like the live check.
            _admit_check(request.user, form.cleaned_data["id_number"])
            enrollment = enrollment_register(
                actor=request.user, program=form.cleaned_data["program"], base=base, row=form.roster_row()
            )
        except LookupLimitExceeded as limited:
            refusal = [Reason("lookup_limit", str(limited))]
        except EnrollmentRefused as refused:
            refusal = refused.reasons
        except ImportConflict as conflict:
            refusal = [Reason("conflict", str(conflict))]
        else:
            messages.success(request, f"已登记学员 {enrollment.entered_name}，请上传报名材料。")
            return redirect("trainees:enrollment_detail", pk=enrollment.pk)
    return render(
        request,
        "trainees/enrollment_form.html",
        {
            "form": form,
            "base": base,
            "refusal": refusal,
            "occupations": _qualified_occupations(base),
            "occupation_names": occupation_names(),
        },
    )


def _admit_check(user, id_number: str) -> None:
    """Each distinct valid ID number judged against the database counts towards the user's limit, so
    that the check cannot be used to sweep ID numbers for people enrolled elsewhere."""
    number = normalize_id_number(id_number)
    if is_valid_id_number(number):
        lookup_admit(user, kind="check", term=number)


def _qualified_occupations(base: Base) -> list[str]:
    """Names for the 参加培训职业（工种） suggestions: what the base is qualified to train."""
    return sorted({q.occupation.name for q in base.qualifications.select_related("occupation")})


@require_POST
@role_required(Role.BASE)
def enrollment_evaluate(request):
    """What registering these facts would give, as JSON, while the clerk types: the eligibility decision,
    the database's objections (already enrolled, overlapping programme) and the places left. Read-only
    and lock-free: the real registration judges everything again under the base's lock."""
    base = get_object_or_404(bases_visible_to(request.user))
    form = EnrollmentForm(request.POST, programs=running_programs(request.user))
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"complete": False, "errors": errors})
    program = form.cleaned_data["program"]
    row = form.roster_row()
    try:
        _admit_check(request.user, row.id_number)
    except LookupLimitExceeded as limited:
        return JsonResponse({"complete": False, "limited": True, "message": str(limited), "errors": {}})
    report = roster_judge(program=program, base=base, rows=[row])
    result = report.rows[0]
    places = places_for(base=base, program=program)
    key = places.key(row.facts.target_occupation, row.target_level)
    return JsonResponse(
        {
            "complete": True,
            "eligible": result.is_accepted,
            "route": result.route,
            "route_label": Route(result.route).label if result.route else "",
            "reasons": reasons_json(result.reasons),
            "policy_version": report.policy_version,
            "reference_date": report.reference_date.isoformat(),
            "places": (
                {
                    "scope": "base" if places.by_base else "line",
                    "occupation": key[0],
                    "level": Level(key[1]).label if key[1] else "",
                    "what": places.what(key),
                    "planned": places.planned[key],
                    "allowed": places.allowed[key],
                    "used": places.used[key],
                    "left": max(places.left(key), 0),
                }
                if key in places.planned
                else None
            ),
        }
    )


# --- materials -----------------------------------------------------------------------------------------


@require_POST
@role_required(Role.BASE)
def material_upload(request, pk: int):
    enrollment = get_object_or_404(enrollments_visible_to(request.user), pk=pk)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "材料未上传：" + form_errors(form))
    else:
        data = form.cleaned_data
        try:
            material = material_store(
                actor=request.user,
                enrollment=enrollment,
                kind=data["kind"],
                upload=data["file"],
                file_type=data["file_type"],
            )
        except UploadStorageError as error:
            messages.error(request, f"材料未上传：{error}")
        else:
            messages.success(request, f"已上传{material.get_kind_display()}。")
    return redirect("trainees:enrollment_detail", pk=enrollment.pk)


@role_required(*EXPORTERS)
def material_download(request, pk: int):
    material = get_object_or_404(materials_visible_to(request.user), pk=pk)
    enrollment = material.enrollment
    if not sees_personal_data(request.user, enrollment):
        # A scan cannot be masked: it is given only to those who may see the person's data in full.
        messages.error(request, "该基地尚未报备本项目花名册，报名材料仅培训基地可下载。")
        return redirect("trainees:enrollment_detail", pk=enrollment.pk)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("文件已不存在，请重新上传。") from missing
    audit_record(
        actor=request.user,
        action="trainee.view_personal",
        obj=enrollment,
        organisation=enrollment.base.organisation,
        note=f"下载报名材料：{material.get_kind_display()}",
    )
    extension = MATERIAL_EXTENSIONS.get(material.content_type, "bin")
    name = f"{enrollment.entered_name}_{material.get_kind_display()}.{extension}"
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES.get(material.content_type)
    )


# --- documents and exports ----------------------------------------------------------------------------


@role_required(*EXPORTERS)
def commitment_letter(request, pk: int):
    """德州 附件2 for one trainee, pre-filled, to be signed and stamped (one page, built at once)."""
    enrollment = get_object_or_404(
        with_full_view(enrollments_visible_to(request.user).select_related("program__city"), request.user),
        pk=pk,
    )
    letter = shown(enrollment)
    pdf = commitment_letter_pdf(enrollment, letter)
    if letter.full:
        audit_record(
            actor=request.user,
            action="trainee.view_personal",
            obj=enrollment,
            organisation=enrollment.base.organisation,
            note="打印工作年限承诺证明",
        )
    return FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=f"工作年限承诺证明_{letter.name if letter.full else enrollment.pk}.pdf",
        content_type="application/pdf",
    )


@require_POST
@role_required(Role.BASE)
def commitment_letters(request):
    base = get_object_or_404(bases_visible_to(request.user))
    program = _posted(request, programs_visible_to(request.user), "program", "code")
    if program is None:
        messages.error(request, "请先选择培训项目。")
        return redirect("trainees:enrollment_list")
    pages = roster_enrollments(base=base, program=program).count()
    job = job_run_or_start(
        task=tasks.build_commitment_letters,
        builder=reports.commitment_letters,
        small=pages <= reports.LETTERS_AT_ONCE,
        kind="commitment_letters",
        title=f"打印工作年限承诺证明：{base.name} · {program.name}",
        user=request.user,
        organisation=base.organisation,
        params={"program": program.pk, "base": base.pk},
    )
    return job_response(request, job, back="trainees:enrollment_list")


@require_POST
@role_required(*EXPORTERS)
def roster_export(request):
    """The 花名册 of one base in one programme (base staff: their own base; county and city: a base of
    their scope)."""
    program = _posted(request, programs_visible_to(request.user), "program", "code")
    bases = bases_visible_to(request.user)
    base = _posted(request, bases, "base", "organisation__code")
    if base is None and request.user.role == Role.BASE:
        base = get_object_or_404(bases)
    if program is None or base is None:
        messages.error(request, "请先选择培训项目和培训基地。")
        return redirect("trainees:enrollment_list")
    rows = roster_enrollments(base=base, program=program).count()
    job = job_run_or_start(
        task=tasks.build_roster_export,
        builder=reports.roster_export,
        small=rows <= reports.ROSTER_ROWS_AT_ONCE,
        kind="roster_export",
        title=f"导出学员花名册：{base.name} · {program.name}",
        user=request.user,
        organisation=base.organisation,
        params={"program": program.pk, "base": base.pk},
    )
    return job_response(request, job, back="trainees:enrollment_list")


# --- filing with the county -------------------------------------------------------------------------


@role_required(*ALL_ROLES)
def filing_list(request):
    filings = filings_visible_to(request.user)
    page = Paginator(filings, 30).get_page(request.GET.get("page"))
    rows = [
        (
            filing,
            step_forms(
                FILING_WORKFLOW,
                request.user,
                filing,
                lambda step, pk=filing.pk: reverse(f"trainees:filing_{step.name}", args=[pk]),
                suffix=f"-{filing.pk}",
            ),
        )
        for filing in page
    ]
    context: dict = {
        "page": page,
        "rows": rows,
        "can_file": request.user.role in FILING_WORKFLOW.roles_of("refile"),
        "can_export": request.user.role in EXPORTERS,
        "names_base": request.user.role != Role.BASE,
    }
    if request.user.role == Role.BASE:
        base = bases_visible_to(request.user).first()
        context["fileable"] = (
            programs_visible_to(request.user)
            .filter(enrollments__base=base, enrollments__status=Enrollment.Status.ACTIVE)
            .distinct()
            if base
            else Program.objects.none()
        )
    return render(request, "trainees/filing_list.html", context)


@require_POST
@role_required(Role.BASE)
def filing_create(request):
    base = get_object_or_404(bases_visible_to(request.user))
    program = _posted(request, programs_visible_to(request.user), "program", "code")
    if program is None:
        messages.error(request, "请先选择要报备花名册的培训项目。")
        return redirect("trainees:filing_list")
    run_step(
        request,
        roster_file,
        actor=request.user,
        base=base,
        program=program,
        success=lambda filing: f"已向县区报备花名册（{filing.enrollment_count} 人），等待确认。",
    )
    return redirect("trainees:filing_list")


# One POST-only URL per step of FILING_WORKFLOW (trainees/urls.py).
filing_step = step_view(
    FILING_WORKFLOW, objects=filings_visible_to, back=lambda filing: reverse("trainees:filing_list")
)


# --- helpers ---------------------------------------------------------------------------------------------


def _posted(request, queryset, name: str, field: str):
    """The object of ``queryset`` whose ``field`` was posted as ``name`` (programmes by code, bases by
    their organisation code): None when nothing was chosen, 404 when it is not one the user may see
    (another organisation's object is never found)."""
    raw = request.POST.get(name, "").strip()
    if not raw:
        return None
    return get_object_or_404(queryset, **{field: raw})
