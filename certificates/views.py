"""Pages of certificates: the list in scope, one certificate (revoke, PDF), issuing what is due (with a
confirmation), the list of those who passed (德州: published by the city first, page and PDF), and the
public verification page. Every object comes through a scoped selector; refusals are Chinese messages."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, Role, role_required
from core.idcard import mask_id_number, mask_name
from core.jobs import job_run_or_start
from core.paging import ScopedPaginator
from core.views_helpers import run_step
from programs.selectors import programs_visible_to

from . import tasks
from .documents import certificates_job
from .forms import CertificateSearchForm, RevokeForm, VerifyForm
from .models import Certificate, PassersList
from .reports import passers_list_pdf
from .selectors import certificates_search, certificates_visible_to, passers_lists_of, public_lookup
from .services import (
    VerifyLimitExceeded,
    certificate_revoke,
    due_enrollments,
    issue_due,
    issuer_kind,
    list_first,
    may_issue,
    may_revoke,
    passers_list_publish,
    unlisted_passers,
    verify_admit,
)

PAGE_SIZE = 30
PDF_JOB_MAX = 5000  # certificates in one job; more: narrow the filters
SMALL_JOB = 10  # built at once, in the request


def _filters(request):
    form = CertificateSearchForm(request.GET or None, programs=programs_visible_to(request.user))
    return form, (form.cleaned_data if form.is_valid() else {})


@role_required(*ALL_ROLES)
def certificate_list(request):
    form, filters = _filters(request)
    certificates = certificates_search(request.user, **filters)
    page = ScopedPaginator(certificates, PAGE_SIZE).get_page(request.GET.get("page"))
    for c in page:
        c.shown_name = c.name if c.full_view else mask_name(c.name)
        c.shown_id = c.id_number if c.full_view else mask_id_number(c.id_number)
    return render(
        request,
        "certificates/certificate_list.html",
        {"form": form, "page": page, "query": request.GET.urlencode()},
    )


@role_required(*ALL_ROLES)
def certificate_detail(request, pk: int):
    certificate = get_object_or_404(certificates_search(request.user), pk=pk)
    full = certificate.full_view
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "shown_name": certificate.name if full else mask_name(certificate.name),
            "shown_id": certificate.id_number if full else mask_id_number(certificate.id_number),
            "may_revoke": may_revoke(request.user, certificate)
            and certificate.status == Certificate.Status.VALID,
            "revoke_form": RevokeForm(),
        },
    )


@require_POST
@role_required(Role.CITY, Role.BASE)
def certificate_revoke_view(request, pk: int):
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写撤销原因。")
    else:
        run_step(
            request,
            certificate_revoke,
            actor=request.user,
            certificate=certificate,
            reason=form.cleaned_data["reason"],
            success=f"证书 {certificate.number} 已撤销。",
        )
    return redirect("certificates:certificate_detail", pk=certificate.pk)


def _pdf_job(request, ids: list[int], *, name: str, file_format: str, organisation):
    job = job_run_or_start(
        task=tasks.build_certificates,
        builder=certificates_job,
        small=len(ids) <= SMALL_JOB,
        kind="certificates_pdf",
        title=f"生成培训合格证书：{name}（{len(ids)} 份）",
        user=request.user,
        organisation=organisation,
        params={"ids": ids, "format": file_format, "name": name},
    )
    return redirect("core:job_detail", pk=job.pk)


@require_POST
@role_required(*ALL_ROLES)
def certificate_pdf(request, pk: int):
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=pk)
    return _pdf_job(
        request,
        [certificate.pk],
        name=f"{certificate.number}-{certificate.name}",
        file_format="pdf",
        organisation=certificate.base.organisation,
    )


@require_POST
@role_required(*ALL_ROLES)
def certificates_pdf_job(request):
    """The certificates of the list's current filters as one background job (merged PDF or zip)."""
    form = CertificateSearchForm(request.POST, programs=programs_visible_to(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    ids = list(certificates_search(request.user, **filters).values_list("pk", flat=True)[: PDF_JOB_MAX + 1])
    if not ids:
        messages.error(request, "没有符合条件的证书。")
        return redirect("certificates:certificate_list")
    if len(ids) > PDF_JOB_MAX:
        messages.error(request, f"一次最多生成 {PDF_JOB_MAX} 份证书，请按项目或状态缩小范围。")
        return redirect("certificates:certificate_list")
    file_format = "zip" if request.POST.get("format") == "zip" else "pdf"
    program = filters.get("program")
    return _pdf_job(
        request,
        ids,
        name=f"{program.name if program else '培训'}合格证书",
        file_format=file_format,
        organisation=request.user.organisation,
    )


@role_required(Role.CITY, Role.BASE)
def certificate_issue(request, code: str):
    """What is due, with a confirmation; POST issues it (the base its own trainees, or the city)."""
    program = get_object_or_404(programs_visible_to(request.user), code=code)
    base = None
    if request.user.role == Role.BASE:
        from bases.models import Base

        base = Base.objects.filter(organisation=request.user.organisation).first()
    # Base staff issue for their own base only (a base organisation without its profile issues nothing).
    allowed = may_issue(request.user, program, base) and not (request.user.role == Role.BASE and base is None)
    if request.method == "POST":
        if not allowed:
            messages.error(request, "本项目的培训合格证书不由本机构颁发。")
            return redirect("certificates:certificate_issue", code=code)
        report = run_step(request, issue_due, program, base, request.user)
        if report:
            if report.issued:
                first, last = report.issued[0].number, report.issued[-1].number
                messages.success(request, f"已颁发 {len(report.issued)} 份培训合格证书（{first}—{last}）。")
            else:
                messages.info(request, "没有待颁发的证书。")
            return redirect(f"{_list_url()}?program={program.pk}")
        return redirect("certificates:certificate_issue", code=code)
    due = []
    if allowed:
        due = list(
            due_enrollments(program, base)
            .select_related("trainee", "occupation", "base__organisation")
            .order_by("base__organisation__code", "occupation__name", "trainee__id_number")[:500]
        )
    return render(
        request,
        "certificates/certificate_issue.html",
        {
            "program": program,
            "allowed": allowed,
            "issuer": issuer_kind(program),
            "list_first": list_first(program),
            "due": [
                {
                    "name": mask_name(e.entered_name),
                    "base": e.base.name,
                    "occupation": e.occupation.name,
                    "level": e.get_level_display(),
                }
                for e in due
            ],
        },
    )


def _list_url() -> str:
    from django.urls import reverse

    return reverse("certificates:certificate_list")


@role_required(*ALL_ROLES)
def passers_list(request, code: str):
    program = get_object_or_404(programs_visible_to(request.user), code=code)
    lists = list(passers_lists_of(program).prefetch_related("entries"))
    pending = 0
    may_publish = request.user.organisation_id == program.city_id
    if may_publish:
        pending = unlisted_passers(program).count()
    return render(
        request,
        "certificates/passers_list.html",
        {
            "program": program,
            "lists": [(p, _list_rows(p)) for p in lists],
            "pending": pending,
            "may_publish": may_publish,
            "list_first": list_first(program),
        },
    )


def _list_rows(passers: PassersList) -> list[dict]:
    entries = passers.entries.select_related(
        "enrollment__trainee", "enrollment__occupation", "enrollment__base__organisation"
    ).order_by("enrollment__base__organisation__code", "enrollment__occupation__name", "id")
    return [
        {
            "name": e.enrollment.entered_name,
            "id_number": mask_id_number(e.enrollment.trainee.id_number),
            "base": e.enrollment.base.name,
            "occupation": e.enrollment.occupation.name,
            "level": e.enrollment.get_level_display(),
        }
        for e in entries
    ]


@require_POST
@role_required(Role.CITY)
def passers_publish(request, code: str):
    program = get_object_or_404(programs_visible_to(request.user), code=code)
    run_step(
        request,
        passers_list_publish,
        actor=request.user,
        program=program,
        success=lambda p: f"已公布“{p.title}”，共 {p.entries.count()} 人。",
    )
    return redirect("certificates:passers_list", code=code)


@role_required(*ALL_ROLES)
def passers_pdf(request, pk: int):
    passers = get_object_or_404(
        PassersList.objects.filter(program__in=programs_visible_to(request.user)).select_related(
            "program__city"
        ),
        pk=pk,
    )
    content = passers_list_pdf(passers, _list_rows(passers))
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"{passers.title}.pdf",
        content_type="application/pdf",
    )


# --- public -------------------------------------------------------------------------------------------------


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def verify(request):
    """The public verification page: number and name both required → 有效 / 已撤销 / 未找到."""
    form = VerifyForm(request.GET or None)
    context = {"form": form, "searched": False}
    if request.GET and form.is_valid():
        try:
            verify_admit(_client_address(request))
        except VerifyLimitExceeded as exc:
            context["limited"] = exc.message
            return render(request, "certificates/verify.html", context, status=429)
        certificate = public_lookup(form.cleaned_data["no"], form.cleaned_data["name"])
        context["searched"] = True
        context["certificate"] = certificate
        if certificate is not None:
            context["masked_name"] = mask_name(certificate.name)
    elif request.GET:
        context["error"] = "请同时填写证书编号和姓名。"
    return render(request, "certificates/verify.html", context)
