import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, Role, role_required
from bases.models import Base
from bases.selectors import bases_visible_to
from core.audit import audit_record
from core.idcard import mask_id_number, mask_name, mask_phone
from core.jobs import job_run_or_start
from core.views import job_response
from programs.choices import Level, Route
from programs.eligibility import Reason
from programs.models import Program
from programs.presentation import reasons_json
from programs.selectors import occupation_names, programs_visible_to

from . import reports, tasks
from .forms import EnrollmentForm, EnrollmentSearchForm, FilingReviewForm, MaterialForm
from .models import Enrollment, Material
from .reports import commitment_letter_pdf
from .selectors import (
    enrollment_materials,
    enrollments_search,
    enrollments_visible_to,
    filings_visible_to,
    materials_visible_to,
    occupations_planned_in,
    roster_enrollments,
    running_programs,
    sees_personal_data,
)
from .services import (
    MATERIAL_EXTENSIONS,
    EnrollmentRefused,
    FilingError,
    ImportConflict,
    enrollment_register,
    material_store,
    places_for,
    roster_file,
    roster_judge,
    roster_review,
)

PAGE_SIZE = 50
# Programmes that take registrations: open for plans, or already training.
RUNNING = (Program.Status.OPEN, Program.Status.TRAINING)
EXPORTERS = (Role.BASE, Role.COUNTY, Role.CITY)
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "pdf": "application/pdf"}


class Shown:
    """The personal data of an enrolment as this user may see it on this page."""

    def __init__(self, enrollment: Enrollment, *, full: bool):
        trainee = enrollment.trainee
        self.full = full
        self.name = trainee.name if full else mask_name(trainee.name)
        self.id_number = trainee.id_number if full else mask_id_number(trainee.id_number)
        self.phone = trainee.phone if full else mask_phone(trainee.phone)


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
        occupations=occupations_planned_in(programs),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(enrollments_search(user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    for enrollment in page:
        # Lists never show full personal data, not even to those who may see it on the detail page.
        enrollment.shown = Shown(enrollment, full=False)
    program, base = filters.get("program"), filters.get("base")
    return render(
        request,
        "trainees/enrollment_list.html",
        {
            "form": form,
            "page": page,
            "program": program,
            "base": base,
            "can_export": user.role in EXPORTERS and program is not None and (is_base or base is not None),
        },
    )


@role_required(*ALL_ROLES)
def enrollment_detail(request, pk: int):
    enrollment = get_object_or_404(
        enrollments_visible_to(request.user).select_related("policy_version", "program__city", "created_by"),
        pk=pk,
    )
    full = sees_personal_data(request.user, enrollment)
    if full:
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
            "missing": [label for kind, label in Material.Kind.choices if kind not in present],
            "filing": filing,
            "can_upload": request.user.role == Role.BASE,
            "can_print": request.user.role in EXPORTERS,
            "upload_form": MaterialForm(),
        },
    )


@role_required(Role.BASE)
def enrollment_create(request):
    base = get_object_or_404(bases_visible_to(request.user))
    form = EnrollmentForm(request.POST or None, programs=running_programs(request.user))
    refusal: list[Reason] = []
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = enrollment_register(
                actor=request.user, program=form.cleaned_data["program"], base=base, row=form.roster_row()
            )
        except EnrollmentRefused as refused:
            refusal = refused.reasons
        except ImportConflict as conflict:
            refusal = [Reason("conflict", str(conflict))]
        else:
            messages.success(request, f"已登记学员 {enrollment.trainee.name}，请上传报名材料。")
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
    report = roster_judge(program=program, base=base, rows=[row])
    result = report.rows[0]
    places = places_for(base=base, program=program)
    key = (row.facts.target_occupation.strip(), row.target_level)
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
                    "occupation": key[0],
                    "level": Level(key[1]).label,
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
        messages.error(request, "材料未上传：" + _form_errors(form))
    else:
        data = form.cleaned_data
        material = material_store(
            actor=request.user,
            enrollment=enrollment,
            kind=data["kind"],
            upload=data["file"],
            file_type=data["file_type"],
        )
        messages.success(request, f"已上传{material.get_kind_display()}。")
    return redirect("trainees:enrollment_detail", pk=enrollment.pk)


@role_required(*EXPORTERS)
def material_download(request, pk: int):
    material = get_object_or_404(materials_visible_to(request.user), pk=pk)
    enrollment = material.enrollment
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
    name = f"{enrollment.trainee.name}_{material.get_kind_display()}.{extension}"
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES.get(material.content_type)
    )


# --- documents and exports ----------------------------------------------------------------------------


@role_required(*EXPORTERS)
def commitment_letter(request, pk: int):
    """德州 附件2 for one trainee, pre-filled, to be signed and stamped (one page, built at once)."""
    enrollment = get_object_or_404(
        enrollments_visible_to(request.user).select_related("program__city"), pk=pk
    )
    pdf = commitment_letter_pdf(enrollment)
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
        filename=f"工作年限承诺证明_{enrollment.trainee.name}.pdf",
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
    context: dict = {"page": page}
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
    try:
        filing = roster_file(actor=request.user, base=base, program=program)
    except FilingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已向县区报备花名册（{filing.enrollment_count} 人），等待确认。")
    return redirect("trainees:filing_list")


@require_POST
@role_required(Role.COUNTY)
def filing_review(request, pk: int):
    filing = get_object_or_404(filings_visible_to(request.user), pk=pk)
    form = FilingReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未处理：" + _form_errors(form))
        return redirect("trainees:filing_list")
    acknowledge = form.cleaned_data["decision"] == "acknowledge"
    try:
        roster_review(
            actor=request.user, filing=filing, acknowledge=acknowledge, note=form.cleaned_data["note"].strip()
        )
    except FilingError as error:
        messages.error(request, str(error))
    else:
        done = "已确认备案" if acknowledge else "已退回基地"
        messages.success(request, f"{filing.base.name}的花名册{done}。")
    return redirect("trainees:filing_list")


# --- helpers ---------------------------------------------------------------------------------------------


def _posted(request, queryset, name: str, field: str):
    """The object of ``queryset`` whose ``field`` was posted as ``name`` (programmes by code, bases by
    their organisation code): None when nothing was chosen, 404 when it is not one the user may see
    (another organisation's object is never found)."""
    raw = request.POST.get(name, "").strip()
    if not raw:
        return None
    return get_object_or_404(queryset, **{field: raw})


def _form_errors(form) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)
