"""Writes of results: the batch of one base in one programme, and saving judged rows into it.

Who enters and submits is the policy's assessing organisation (``PolicyVersion.assessor``): the base
itself (临沂; 德州 with the employer) or the city's appraisal body (威海, 潍坊), modelled as the city
bureau's users since no separate organisation kind exists. Only a batch in 录入中 or 已退回更正 takes
changes; an approved batch is frozen and is corrected only through a recorded re-opening by the city.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from attendance.hours import trainee_hours
from attendance.models import ClassMember, TrainingClass
from core.audit import audit_record
from core.errors import PortalError
from core.idcard import normalize_id_number
from programs.models import PolicyVersion

from .judge import Candidate, ResultsReport, results_judge
from .models import Result, ResultBatch

EDITABLE = (ResultBatch.Status.DRAFT, ResultBatch.Status.REOPENED)


class ResultsError(PortalError):
    """Results that cannot be saved or a batch step that cannot be taken; the message is Chinese."""


def assessor_of(program, base):
    """The organisation that assesses this base's trainees under the programme's policy."""
    policy = program.policy
    if policy is not None and policy.assessor == PolicyVersion.Assessor.CITY:
        return program.city
    return base.organisation


def batch_get_or_create(*, program, base) -> ResultBatch:
    batch, _ = ResultBatch.objects.get_or_create(
        program=program, base=base, defaults={"assessor": assessor_of(program, base)}
    )
    return batch


def may_enter(user, batch: ResultBatch) -> bool:
    """Whether ``user`` may type or import results into the batch now."""
    return user.organisation_id == batch.assessor_id and batch.status in EDITABLE


def candidates_for(program, base, *, training_class: TrainingClass | None = None) -> dict[str, Candidate]:
    """ID number → the trainees of the base's classes in the programme (or one class), with their hours."""
    classes = (
        [training_class]
        if training_class is not None
        else list(TrainingClass.objects.filter(program=program, base=base).select_related("program__policy"))
    )
    members = list(
        ClassMember.objects.filter(training_class__in=classes, enrollment__status="active").select_related(
            "enrollment__trainee"
        )
    )
    hours = trainee_hours([m.enrollment_id for m in members], classes=classes)
    return {
        normalize_id_number(m.enrollment.trainee.id_number): Candidate(
            enrollment_id=m.enrollment_id,
            id_number=m.enrollment.trainee.id_number,
            name=m.enrollment.trainee.name,
            hours=hours[m.enrollment_id],
        )
        for m in members
    }


def results_read(program, base, source) -> ResultsReport:
    """A results workbook (path or file) read with the one safe reader and judged."""
    from core.spreadsheets import SpreadsheetError, read_first_sheet

    from .judge import WIDTH, ResultsFileError

    try:
        lines = read_first_sheet(source, width=WIDTH)
    except SpreadsheetError as exc:
        raise ResultsFileError(str(exc)) from exc
    return results_judge(candidates_for(program, base), lines)


@transaction.atomic
def results_save(*, actor, batch: ResultBatch, report: ResultsReport, source: str = "") -> int:
    """Save every row of the report into the batch, or nothing: refused while any row is rejected, when
    the batch is not open for changes, or when ``actor`` is not the assessing organisation."""
    batch = ResultBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in EDITABLE:
        raise ResultsError(
            f"该批次考核结果当前状态为“{batch.get_status_display()}”，已冻结，不能修改；如需更正请由市人社局退回。"
        )
    if actor is not None and actor.organisation_id != batch.assessor_id:
        raise ResultsError(f"本项目的考核结果由“{batch.assessor.name}”录入。")
    if report.rejected:
        raise ResultsError(f"有 {report.rejected} 行不通过，未保存任何考核结果。")
    existing = {
        r.enrollment_id: r
        for r in Result.objects.filter(enrollment_id__in=[r.enrollment_id for r in report.rows])
    }
    foreign = [e for e, r in existing.items() if r.batch_id != batch.pk]
    if foreign:
        raise ResultsError("部分学员的考核结果属于其他批次，未保存。")
    saved = 0
    for row in report.rows:
        result = existing.get(row.enrollment_id) or Result(batch=batch, enrollment_id=row.enrollment_id)
        for name, value in row.values.items():
            setattr(
                result,
                name,
                value if value is not None or name in ("score", "level_obtained", "certificate_date") else "",
            )
        result.recorded_by = actor
        result.save()
        saved += 1
    audit_record(
        actor=actor,
        action="results.record",
        obj=batch,
        organisation=batch.base.organisation,
        note=f"{saved} 名学员" + (f"（{source}）" if source else ""),
    )
    batch.save(update_fields=["updated_at"])
    return saved


def submitted_effects(batch: ResultBatch, *, actor, **_) -> None:
    batch.submitted_at = timezone.now()
    batch.submitted_by = actor


def approved_effects(batch: ResultBatch, *, actor, **_) -> None:
    batch.approved_at = timezone.now()
    batch.approved_by = actor
