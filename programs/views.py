from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, Role, role_required
from core.views_helpers import run_step, step_forms

from .choices import Route
from .forms import (
    DeadlineFormSet,
    EligibilityCheckForm,
    PolicyForm,
    ProgramCopyForm,
    ProgramForm,
    ProgramSearchForm,
)
from .models import PolicyVersion
from .presentation import reasons_json
from .selectors import occupation_names, programs_search, programs_visible_to
from .services import (
    PolicyChangeNeedsConfirmation,
    eligibility_decide,
    policy_update,
    program_copy,
    program_create,
    program_update,
)
from .workflows import PROGRAM_WORKFLOW


@role_required(*ALL_ROLES)
def program_list(request):
    form = ProgramSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    programs = programs_search(request.user, **filters)
    page = Paginator(programs, 30).get_page(request.GET.get("page"))
    return render(request, "programs/program_list.html", {"form": form, "page": page})


@role_required(*ALL_ROLES)
def program_detail(request, code: str):
    program = get_object_or_404(programs_visible_to(request.user), code=code)
    versions = program.policy_versions.select_related("created_by")
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "policy": program.policy,
            "versions": versions,
            "deadlines": program.deadlines.all(),
            "occupations": program.occupations.all(),
            "step_forms": step_forms(
                PROGRAM_WORKFLOW,
                request.user,
                program,
                lambda step: reverse("programs:program_status", args=[code]),
            ),
            "copy_form": ProgramCopyForm(initial={"year": program.year + 1}),
        },
    )


@role_required(Role.CITY)
def program_create_view(request):
    form = ProgramForm(request.POST or None)
    deadlines = DeadlineFormSet(request.POST or None, prefix="deadlines")
    if request.method == "POST" and form.is_valid() and deadlines.is_valid():
        data = {
            name: value
            for name, value in form.cleaned_data.items()
            if name not in ("occupations", "national_occupations")
        }
        with transaction.atomic():
            program = program_create(actor=request.user, city=request.user.organisation, data=data)
            program.occupations.set(form.cleaned_data["occupations"])
            program.national_occupations.set(form.cleaned_data["national_occupations"])
            deadlines.instance = program
            deadlines.save()
        messages.success(request, "培训项目已创建，请设置政策规则。")
        return redirect("programs:policy_update", code=program.code)
    return render(
        request, "programs/program_form.html", {"form": form, "deadlines": deadlines, "creating": True}
    )


@role_required(Role.CITY)
def program_update_view(request, code: str):
    program = get_object_or_404(programs_visible_to(request.user), code=code)
    form = ProgramForm(request.POST or None, instance=program)
    deadlines = DeadlineFormSet(request.POST or None, instance=program, prefix="deadlines")
    if request.method == "POST" and form.is_valid() and deadlines.is_valid():
        data = {
            n: v
            for n, v in form.cleaned_data.items()
            if n not in ("occupations", "national_occupations", "code")
        }
        with transaction.atomic():
            program_update(actor=request.user, program=program, data=data)
            program.occupations.set(form.cleaned_data["occupations"])
            program.national_occupations.set(form.cleaned_data["national_occupations"])
            deadlines.save()
        messages.success(request, "项目信息已保存。")
        return redirect("programs:program_detail", code=program.code)
    return render(
        request, "programs/program_form.html", {"form": form, "deadlines": deadlines, "program": program}
    )


@role_required(Role.CITY)
def policy_update_view(request, code: str):
    program = get_object_or_404(programs_visible_to(request.user), code=code)
    current = program.policy
    # Validate on an unsaved copy: the current version changes only through the service.
    draft = PolicyVersion(program=program, number=current.number, **current.policy_values())
    form = PolicyForm(request.POST or None, instance=draft)
    pending = ""
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in PolicyVersion.POLICY_FIELDS}
        try:
            version = policy_update(
                actor=request.user,
                program=program,
                values=values,
                note=request.POST.get("change_note", "")[:200],
                confirmed=request.POST.get("confirm") == "1",
            )
        except PolicyChangeNeedsConfirmation as change:
            pending = str(change)
        else:
            if version.number != current.number:
                messages.success(
                    request, f"已生成政策第 {version.number} 版；此前的资格审核结论仍按原版本保存。"
                )
            else:
                messages.success(request, "政策规则已保存。")
            return redirect("programs:program_detail", code=program.code)
    return render(
        request,
        "programs/policy_form.html",
        {
            "program": program,
            "form": form,
            "policy": current,
            "pending": pending,
            "rule_fields": PolicyVersion.RULE_FIELDS,
        },
    )


@require_POST
@role_required(Role.CITY)
def program_copy_view(request, code: str):
    program = get_object_or_404(programs_visible_to(request.user), code=code)
    form = ProgramCopyForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "复制失败：" + "；".join(errors))
        return redirect("programs:program_detail", code=program.code)
    new = program_copy(actor=request.user, program=program, **form.cleaned_data)
    messages.success(request, f"已复制为 {new.name}，请核对时间节点与政策。")
    return redirect("programs:program_detail", code=new.code)


@require_POST
@role_required(*PROGRAM_WORKFLOW.roles_of("open"))
def program_status_view(request, code: str):
    """Every step of PROGRAM_WORKFLOW, named by the posted ``step``."""
    program = get_object_or_404(programs_visible_to(request.user), code=code)
    run_step(
        request,
        PROGRAM_WORKFLOW.run,
        request.POST.get("step", ""),
        actor=request.user,
        obj=program,
        success=lambda moved: f"项目状态已变更为“{moved.get_status_display()}”。",
    )
    return redirect("programs:program_detail", code=program.code)


@role_required(*ALL_ROLES)
def eligibility_check(request):
    programs = programs_visible_to(request.user).exclude(policy=None)
    form = EligibilityCheckForm(request.GET or None, programs=programs)
    return render(
        request, "programs/eligibility_check.html", {"form": form, "occupation_names": occupation_names()}
    )


@require_POST
@role_required(*ALL_ROLES)
def eligibility_evaluate(request):
    """The decision for the facts typed so far, as JSON: the checker page calls it on every change."""
    programs = programs_visible_to(request.user).exclude(policy=None)
    form = EligibilityCheckForm(request.POST, programs=programs)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"complete": False, "errors": errors})
    program = form.cleaned_data["program"]
    decision = eligibility_decide(
        program=program,
        facts=form.facts(),
        target_level=form.cleaned_data["target_level"],
        reference_date=form.cleaned_data.get("reference_date"),
    )
    reference = form.cleaned_data.get("reference_date") or program.reference_date
    return JsonResponse(
        {
            "complete": True,
            **decision.as_dict(),
            "reasons": reasons_json(decision.reasons),
            "route_label": _route_label(decision.route),
            "policy_version": program.policy.number,
            "reference_date": reference.isoformat() if reference else "",
        }
    )


def _route_label(route: str) -> str:
    return Route(route).label if route else ""
