from urllib.parse import quote

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, Role, role_required
from core.jobs import job_start
from core.selectors import audit_entries_visible_to
from core.views_helpers import form_errors, run_step, step_forms, step_view
from core.workdays import working_day_end
from programs.models import Occupation, Program
from programs.selectors import programs_visible_to

from . import services, tasks
from .forms import (
    BaseForm,
    BaseSearchForm,
    ObjectionResolveForm,
    PlanCreateForm,
    PlanSearchForm,
    PublicationForm,
    SanctionForm,
    plan_line_formset,
)
from .models import Base, PlanApplication, Publication
from .reports import notice_intro, public_notice_file
from .selectors import (
    bases_search,
    bases_visible_to,
    objections_visible_to,
    plan_lines,
    plans_search,
    plans_visible_to,
    public_notices,
    publication_plans,
    publications_visible_to,
)
from .workflows import PLAN_WORKFLOW

Status = PlanApplication.Status
REVIEWERS = (Role.PROVINCE, Role.CITY, Role.COUNTY)

# --- bases -------------------------------------------------------------------------------------------


@role_required(*REVIEWERS)
def base_list(request):
    form = BaseSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(bases_search(request.user, **filters), 30).get_page(request.GET.get("page"))
    return render(request, "bases/base_list.html", {"form": form, "page": page})


@role_required(*ALL_ROLES)
def base_detail(request, pk: int):
    base = get_object_or_404(bases_visible_to(request.user), pk=pk)
    return render(
        request,
        "bases/base_detail.html",
        {
            "base": base,
            "qualifications": base.qualifications.select_related("occupation"),
            "sanctions": base.sanctions.all(),
            "plans": plans_visible_to(request.user).filter(base=base),
            "statuses": Base.Status.choices,
            "sanction_form": SanctionForm(),
            "refusal": base.application_refusal(timezone.localdate()),
        },
    )


@role_required(Role.CITY)
def base_create(request):
    form = BaseForm(request.POST or None, city=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            base = services.base_register(
                actor=request.user,
                county=form.cleaned_data["county"],
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                profile=form.profile(),
                qualifications=form.qualifications(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"已登记培训基地“{base.name}”。")
            return redirect("bases:base_detail", pk=base.pk)
    return render(request, "bases/base_form.html", {"form": form})


@role_required(Role.CITY)
def base_update(request, pk: int):
    base = get_object_or_404(bases_visible_to(request.user), pk=pk)
    form = BaseForm(request.POST or None, instance=base, city=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.base_update(
                actor=request.user,
                base=base,
                name=form.cleaned_data["name"],
                profile=form.profile(),
                qualifications=form.qualifications(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "基地信息已保存。")
            return redirect("bases:base_detail", pk=base.pk)
    return render(request, "bases/base_form.html", {"form": form, "base": base})


@require_POST
@role_required(Role.CITY)
def base_status(request, pk: int):
    base = get_object_or_404(bases_visible_to(request.user), pk=pk)
    run_step(
        request,
        services.base_set_status,
        actor=request.user,
        base=base,
        status=request.POST.get("status", ""),
        note=request.POST.get("note", ""),
        success="资质状态已更新。",
    )
    return redirect("bases:base_detail", pk=base.pk)


@require_POST
@role_required(Role.CITY)
def sanction_create(request, pk: int):
    base = get_object_or_404(bases_visible_to(request.user), pk=pk)
    form = SanctionForm(request.POST)
    if form.is_valid():
        run_step(
            request,
            services.sanction_record,
            actor=request.user,
            base=base,
            data=form.cleaned_data,
            success="处理记录已保存。",
            failure="处理记录未保存：",
        )
    else:
        messages.error(request, "处理记录未保存：" + form_errors(form))
    return redirect("bases:base_detail", pk=base.pk)


# --- plans ---------------------------------------------------------------------------------------------


@role_required(*ALL_ROLES)
def plan_list(request):
    programs = programs_visible_to(request.user)
    form = PlanSearchForm(request.GET or None, programs=programs, by_base_name=request.user.role != Role.BASE)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(plans_search(request.user, **filters), 30).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    if request.user.role == Role.BASE:
        context["create_form"] = PlanCreateForm(programs=programs.filter(status=Program.Status.OPEN))
    return render(request, "bases/plan_list.html", context)


@require_POST
@role_required(Role.BASE)
def plan_create(request):
    base = get_object_or_404(bases_visible_to(request.user))
    form = PlanCreateForm(request.POST, programs=programs_visible_to(request.user))
    if not form.is_valid():
        messages.error(request, "请选择要申报的培训项目。")
        return redirect("bases:plan_list")
    plan = run_step(
        request, services.plan_create, actor=request.user, base=base, program=form.cleaned_data["program"]
    )
    if plan is None:
        return redirect("bases:plan_list")
    return redirect("bases:plan_edit", pk=plan.pk)


@role_required(*ALL_ROLES)
def plan_detail(request, pk: int):
    plan = get_object_or_404(plans_visible_to(request.user), pk=pk)
    lines = list(plan_lines(plan))
    history = audit_entries_visible_to(request.user).filter(
        content_type=ContentType.objects.get_for_model(PlanApplication), object_id=str(plan.pk)
    )
    return render(
        request,
        "bases/plan_detail.html",
        {
            "plan": plan,
            "lines": lines,
            "total": sum(line.planned_count for line in lines),
            "history": history.order_by("created_at", "id"),
            "objections": plan.objections.all(),
            "resolve_form": ObjectionResolveForm(),
            "can_resolve": PLAN_WORKFLOW.can_take(
                PLAN_WORKFLOW.step("objection_dismiss"), role=request.user.role, obj=plan
            ),
            # The base edits its lines exactly while it may stamp and submit them.
            "can_edit_lines": PLAN_WORKFLOW.can_take(
                PLAN_WORKFLOW.step("submit"), role=request.user.role, obj=plan
            ),
            "step_forms": step_forms(
                PLAN_WORKFLOW,
                request.user,
                plan,
                lambda step: reverse(f"bases:plan_{step.name}", args=[plan.pk]),
            ),
            "today": timezone.localdate(),
            "notice": plan.status_notice(),
        },
    )


@role_required(Role.BASE)
def plan_edit(request, pk: int):
    plan = get_object_or_404(plans_visible_to(request.user), pk=pk)
    if not plan.is_editable:
        messages.error(request, f"计划已盖章（{plan.get_status_display()}），修改须由审核部门退回。")
        return redirect("bases:plan_detail", pk=plan.pk)
    occupations = Occupation.objects.filter(pk__in=plan.base.qualifications.values("occupation")).order_by(
        "name"
    )
    initial = [
        {
            "occupation": line.occupation_id,
            "level": line.level,
            "planned_count": line.planned_count,
            "start": line.start,
            "end": line.end,
            "remark": line.remark,
        }
        for line in plan_lines(plan)
    ]
    by_base = plan.program.policy.places_by_base
    formset = plan_line_formset(
        request.POST or None, initial=initial, occupations=occupations, by_base=by_base
    )
    if request.method == "POST" and formset.is_valid():
        lines = [
            services.LineData(**{k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
            for form in formset
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if run_step(
            request,
            services.plan_lines_save,
            actor=request.user,
            plan=plan,
            lines=lines,
            success="计划明细已保存。",
        ):
            return redirect("bases:plan_detail", pk=plan.pk)
    return render(request, "bases/plan_edit.html", {"plan": plan, "formset": formset, "by_base": by_base})


# One POST-only URL per step of PLAN_WORKFLOW (bases/urls.py): role, scope, runner, message, back.
plan_step = step_view(
    PLAN_WORKFLOW,
    objects=plans_visible_to,
    back=lambda plan: reverse("bases:plan_detail", args=[plan.pk]),
)


@require_POST
@role_required(*ALL_ROLES)
def plan_pdf(request, pk: int):
    plan = get_object_or_404(plans_visible_to(request.user), pk=pk)
    job = job_start(
        task=tasks.build_plan_pdf,
        kind="plan_pdf",
        title=f"生成培训计划申报表：{plan.base.name}",
        user=request.user,
        organisation=plan.base.organisation,
        params={"plan": plan.pk},
    )
    return redirect("core:job_detail", pk=job.pk)


@require_POST
@role_required(Role.CITY)
def objection_resolve(request, pk: int):
    objection = get_object_or_404(objections_visible_to(request.user), pk=pk)
    form = ObjectionResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未处理：" + form_errors(form))
    else:
        run_step(
            request,
            services.objection_resolve,
            actor=request.user,
            objection=objection,
            **form.cleaned_data,
            success=lambda plan: f"异议已处理，计划现为“{plan.get_status_display()}”。",
        )
    return redirect("bases:plan_detail", pk=objection.plan_id)


# --- notices and tables ---------------------------------------------------------------------------------


@role_required(Role.CITY)
def publication_create(request, code: str):
    program = get_object_or_404(programs_visible_to(request.user), code=code)
    approved = plans_visible_to(request.user).filter(program=program, status=Status.CITY_APPROVED)
    today = timezone.localdate()
    minimum = program.policy.notice_min_working_days
    form = PublicationForm(
        request.POST or None,
        plans=approved,
        initial={
            "title": Publication.default_title(program),
            "starts_on": today,
            "ends_on": working_day_end(today, minimum),
            "plans": approved,
            **services.notice_contact_defaults(program),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        published = run_step(
            request,
            services.notice_publish,
            actor=request.user,
            program=program,
            plans=list(data["plans"]),
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            objection_phone=data["objection_phone"],
            objection_address=data["objection_address"],
            success="已发布公示。",
        )
        if published:
            return redirect("bases:publication_list")
    return render(
        request, "bases/publication_form.html", {"form": form, "program": program, "minimum_days": minimum}
    )


@role_required(Role.PROVINCE, Role.CITY)
def publication_list(request):
    publications = publications_visible_to(request.user)
    page = Paginator(publications, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": timezone.localdate(),
        # Closing a notice takes the workflow's "confirm" step for its plans.
        "can_close": request.user.role in PLAN_WORKFLOW.roles_of("confirm"),
    }
    return render(request, "bases/publication_list.html", context)


@require_POST
@role_required(Role.CITY)
def publication_close(request, pk: int):
    publication = get_object_or_404(publications_visible_to(request.user), pk=pk)
    run_step(
        request,
        services.notice_close,
        actor=request.user,
        publication=publication,
        success=lambda confirmed: f"公示期满，{confirmed} 个计划已确定为项目实施单位。",
    )
    return redirect("bases:publication_list")


@require_POST
@role_required(Role.PROVINCE, Role.CITY)
def plan_table_export(request, code: str):
    program = get_object_or_404(programs_visible_to(request.user), code=code)
    job = job_start(
        task=tasks.build_plan_table,
        kind="plan_table",
        title=f"导出培训计划表：{program.name}",
        user=request.user,
        organisation=program.city,
        params={"program": program.pk},
    )
    return redirect("core:job_detail", pk=job.pk)


# --- public pages (no login) -------------------------------------------------------------------------


def public_notice_list(request):
    page = Paginator(public_notices(), 20).get_page(request.GET.get("page"))
    return render(request, "public/notice_list.html", {"page": page, "today": timezone.localdate()})


def public_notice_detail(request, pk: int):
    publication = get_object_or_404(public_notices(), pk=pk)
    plans = publication_plans(publication).annotate(total=Sum("lines__planned_count"))
    return render(
        request,
        "public/notice_detail.html",
        {
            "publication": publication,
            "plans": plans,
            "total": sum(p.total or 0 for p in plans),
            "intro": notice_intro(publication),
        },
    )


def public_notice_pdf(request, pk: int):
    """The printable notice (a few pages at most, so built at once rather than as a job)."""
    publication = get_object_or_404(public_notices(), pk=pk)
    filename, content = public_notice_file(publication)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
