"""Writes and builds: a statistics sheet for a scope, its submission (a snapshot), class archives."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from bases.models import Base
from core.audit import audit_record
from core.errors import PortalError
from programs.models import Program

from . import sheets
from .models import StatisticsPolicy, Submission
from .selectors import figures, province_figures, receiver_for, statistics_policy

Kind = Organisation.Kind


class StatisticsError(PortalError):
    """A refusal of the statistics area (Chinese message)."""


def scope_of(program: Program, organisation: Organisation) -> dict:
    """The figures' scope for a sheet of ``organisation``: a base its own, a county its bases, a city
    (or the province) the whole programme."""
    if organisation.kind == Kind.BASE:
        base = Base.objects.filter(organisation=organisation).first()
        if base is None:
            raise StatisticsError("该机构不是已登记的培训基地。")
        return {"base": base}
    if organisation.kind == Kind.COUNTY:
        return {"county": organisation}
    return {}


def sheet_build(
    *,
    program: Program,
    organisation: Organisation,
    day: datetime.date | None = None,
    filled_by: str = "",
    phone: str = "",
    signer: str = "",
):
    """(file name, xlsx bytes, figures) of ``organisation``'s statistics table for the programme."""
    policy = statistics_policy(program)
    scope = scope_of(program, organisation)
    result = figures(program, **scope)
    counties = dict(Organisation.objects.filter(pk__in=list(result.by_county)).values_list("pk", "name"))
    signature = sheets.Signature(
        organisation=organisation.display_name,
        day=day or timezone.localdate(),
        filled_by=filled_by,
        phone=phone,
        signer=signer,
    )
    content = sheets.workbook(
        program=program,
        layout_kind=policy.layout,
        result=result,
        signature=signature,
        counties=counties,
        group_scope=policy.group_scope,
    )
    name = f"{program.code}_{organisation.name}_培训情况统计表.xlsx"
    return name, content, result


def province_build(*, year: int, day: datetime.date | None = None) -> tuple[str, bytes]:
    rows = province_figures(year)
    if not rows:
        raise StatisticsError(f"{year}年度没有培训项目。")
    return f"{year}_全省各市对比表.xlsx", sheets.province_workbook(
        year, rows, day=day or timezone.localdate()
    )


@transaction.atomic
def submission_create(
    *, program: Program, user: User, filled_by: str = "", phone: str = "", signer: str = ""
) -> Submission:
    """The sender's sheet as it is now, stored (figures and file) and sent to the city; later changes
    of the data do not touch it."""
    policy = statistics_policy(program)
    organisation = user.organisation
    if organisation is None or organisation.kind != policy.sender:
        raise StatisticsError(f"本项目的统计表由{policy.get_sender_display()}报送。")
    if organisation.city_node != program.city:
        raise StatisticsError("只能报送本市培训项目的统计表。")
    name, content, result = sheet_build(
        program=program, organisation=organisation, filled_by=filled_by, phone=phone, signer=signer
    )
    submission = Submission(
        program=program,
        sender=organisation,
        receiver=receiver_for(program),
        submitted_by=user,
        filled_by=filled_by,
        phone=phone,
        signer=signer,
        figures=result.as_json(),
    )
    submission.file.save(name, ContentFile(content), save=False)
    submission.save()
    audit_record(
        actor=user,
        action="statistics.submit",
        obj=submission,
        organisation=organisation,
        note=(
            f"报送统计表：{program.name}，培训 {result.total()} 人，合格 {result.total(measure='passed')} 人"
        ),
    )
    return submission


def policy_sender_label(policy: StatisticsPolicy) -> str:
    return policy.get_sender_display()


@transaction.atomic
def policy_save(*, policy: StatisticsPolicy, user: User) -> StatisticsPolicy:
    """Save the city's statistics rules; the deadline on the programme's tracker follows the due date."""
    policy.full_clean()
    if policy.due:
        if policy.deadline_id:
            policy.deadline.due = policy.due
            policy.deadline.audience = policy.sender
            policy.deadline.save(update_fields=["due", "audience"])
        else:
            from programs.models import Deadline

            from .selectors import DEADLINE_LABEL

            policy.deadline = Deadline.objects.create(
                program=policy.program, label=DEADLINE_LABEL, due=policy.due, audience=policy.sender
            )
    policy.save()
    audit_record(
        actor=user,
        action="program.update",
        obj=policy.program,
        organisation=policy.program.city,
        note=f"修改统计报送规则：{policy.get_layout_display()}，{policy.get_sender_display()}报送",
    )
    return policy
