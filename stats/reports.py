"""Job builders: the statistics sheets, rebuilt from the job's parameters in the worker."""

from accounts.models import Organisation
from core.audit import audit_record
from core.jobs import JobError
from core.models import Job
from programs.models import Program

from .services import StatisticsError, province_build, sheet_build


def statistics_sheet(job: Job, progress) -> tuple[str, bytes]:
    program = Program.objects.filter(pk=job.params.get("program")).first()
    organisation = Organisation.objects.filter(pk=job.params.get("organisation")).first()
    if program is None or organisation is None:
        raise JobError("培训项目或填报单位已不存在。")
    progress(1, 3)
    try:
        name, content, result = sheet_build(program=program, organisation=organisation)
    except StatisticsError as exc:
        raise JobError(str(exc)) from exc
    progress(2, 3)
    job.result_summary = {"rows": len(result.cells), "full_columns": []}
    audit_record(
        actor=job.requested_by,
        action="statistics.export",
        obj=program,
        organisation=organisation,
        note=f"导出统计表：{organisation.name} · {program.name}",
    )
    return name, content


def province_sheet(job: Job, progress) -> tuple[str, bytes]:
    year = int(job.params.get("year") or 0)
    progress(1, 2)
    try:
        name, content = province_build(year=year)
    except StatisticsError as exc:
        raise JobError(str(exc)) from exc
    audit_record(
        actor=job.requested_by, action="statistics.export", organisation=job.organisation, note=f"导出{name}"
    )
    return name, content
