"""The browser roster import (SPEC §6): checking an upload, the two steps (preview, commit) and the files
they give back (the rejected rows with a reasons column).

Both steps go through ``roster_enrol`` — the preview with ``commit=False``, the commit with
``commit=True`` — so the preview judges exactly as the commit will. The steps are written once and called
either in the request (small files) or from a background job (``import_tasks``), with a progress callback.

What a step leaves in ``RosterImport.report``: ``RosterReport.as_dict()`` plus, per row, what the pages
show (name, masked ID, occupation and level as typed) and, for a rejected row, its cells as read, so the
rejected-rows file can be built later without the original workbook and without judging again.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.idcard import mask_id_number
from core.jobs import JobError
from core.models import Job
from core.uploads import detect_type
from programs.choices import Route

from .models import RosterImport
from .roster import (
    ACCEPTED,
    COLUMNS,
    REASONS_COLUMN,
    REJECTED,
    RosterError,
    RosterReport,
    RosterRow,
    read_roster,
    rejected_rows_workbook,
)
from .roster import rejected_rows_name as _rejected_name
from .services import ImportConflict, ImportOutcome, roster_enrol

__all__ = ["REASONS_COLUMN"]  # re-exported for the pages and their tests

# Up to this many data rows a step runs in the request; a bigger file is judged by a background job.
SYNC_ROW_LIMIT = 500
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLS_CONTENT_TYPE = "application/vnd.ms-excel"
# A rejected row's cells are echoed back at most this long beyond its column's limit (a cell of a
# column without one, at most ECHO_LENGTH): the stored report stays bounded whatever was typed.
ECHO_LENGTH = 100
JOB_CHECK = "roster_import_check"
JOB_COMMIT = "roster_import_commit"

Progress = Callable[[int, int], None]
Status = RosterImport.Status


def _no_progress(done: int, total: int) -> None:
    pass


class ImportRefused(Exception):
    """A commit that cannot be made; the message is for the base staff and nothing was saved."""


# --- the upload ------------------------------------------------------------------------------------


def import_start(*, upload, base, program, user) -> tuple[RosterImport, list[RosterRow]]:
    """Read the uploaded roster within the spreadsheet limits and, only if it is one, store it with a
    new import. A refused upload (RosterError) leaves nothing behind: no import row and no file."""
    rows = read_roster(upload)
    upload.seek(0)
    roster_import = RosterImport(
        base=base, program=program, original_name=upload.name[-200:], uploaded_by=user
    )
    # A generated name: the original one is kept in original_name, for the pages only.
    name = f"roster.{detect_type(upload) or 'xlsx'}"
    try:
        roster_import.file.save(name, upload, save=True)
    except Exception:
        if roster_import.file.name:  # the file was stored but the row was not: remove the file too
            roster_import.file.storage.delete(roster_import.file.name)
        raise
    return roster_import, rows


def _read(roster_import: RosterImport) -> list[RosterRow]:
    with roster_import.file.open("rb") as handle:
        return read_roster(handle)


def total_rows(roster_import: RosterImport) -> int:
    return len(roster_import.report.get("rows", []))


# --- the preview -----------------------------------------------------------------------------------


def import_check(
    roster_import: RosterImport,
    *,
    progress: Progress = _no_progress,
    rows: list[RosterRow] | None = None,
) -> RosterImport:
    """Read the stored file (unless ``rows`` were just read from it) and judge every row without saving
    anything (the dry run of the commit). A malformed workbook marks the import failed and raises
    RosterError."""
    progress(0, 3)
    try:
        if rows is None:
            rows = _read(roster_import)
    except RosterError as exc:
        roster_import.status = Status.FAILED
        roster_import.error = storable(str(exc))
        roster_import.save(update_fields=["status", "error"])
        raise
    progress(1, 3)
    outcome = roster_enrol(
        actor=roster_import.uploaded_by,
        program=roster_import.program,
        base=roster_import.base,
        rows=rows,
        commit=False,
    )
    progress(2, 3)
    report = _payload(outcome.report, phase="preview")
    roster_import.report = report
    roster_import.accepted, roster_import.rejected = report["accepted"], report["rejected"]
    roster_import.status = Status.CHECKED
    roster_import.error = ""
    roster_import.save(update_fields=["report", "accepted", "rejected", "status", "error"])
    return roster_import


def storable(value: Any) -> Any:
    """``value`` (text, or lists and dicts of it) as PostgreSQL can store it: a NUL, which an .xls cell
    can hold, is neither text nor JSON to it, so it is shown as U+FFFD."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {key: storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable(item) for item in value]
    return value


def _payload(report: RosterReport, *, phase: str) -> dict[str, Any]:
    return storable(_lines(report, phase=phase))


def _lines(report: RosterReport, *, phase: str) -> dict[str, Any]:
    data = report.as_dict()
    data["phase"] = phase
    data["reference_date"] = report.reference_date.isoformat()
    data["judged_at"] = timezone.now().isoformat()
    for line, result in zip(data["rows"], report.rows, strict=True):
        values = result.source.values
        line["name"] = result.name
        line["masked_id"] = mask_id_number(result.id_number)
        line["occupation"] = _cell_text(values.get("参加培训职业（工种）"))
        line["level"] = _cell_text(values.get("培训等级"))
        line["route_label"] = Route(result.route).label if result.route in Route.values else ""
        if result.status == REJECTED:
            line["values"] = {column.header: _echo(column, values.get(column.header)) for column in COLUMNS}
    return data


def _echo(column, value: Any) -> Any:
    value = _json_cell(value)
    limit = (column.max_length or 0) + ECHO_LENGTH
    return value[:limit] + "…" if isinstance(value, str) and len(value) > limit else value


def _json_cell(value: Any) -> Any:
    """A cell value as JSON can hold it; dates as YYYY-MM-DD, which the roster reader accepts back."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time.min else value.isoformat(" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(_json_cell(value)).strip()
    return text[:ECHO_LENGTH]


# --- the commit ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitOutcome:
    saved: int
    refused_since_preview: int  # rows accepted in the preview but refused when judged again


def import_commit(*, pk: int, actor, progress: Progress = _no_progress) -> CommitOutcome:
    """Judge again the rows the preview accepted and save those still accepted, in one transaction.

    Only the rows the user saw accepted are committed: a row refused in the preview is never saved
    behind the user's back, even if it would pass now. The import row is locked and its status checked,
    so a second click or a second job finds it committed and saves nothing.
    """
    conflict = ""
    with transaction.atomic():
        roster_import = (
            RosterImport.objects.select_for_update(of=("self",))
            .select_related("program__policy", "base__organisation")
            .get(pk=pk)
        )
        if roster_import.status == Status.COMMITTED:
            raise ImportRefused(
                f"该花名册已于 {timezone.localtime(roster_import.committed_at):%Y-%m-%d %H:%M} 导入"
                f"（保存 {roster_import.saved} 人），不能重复导入。"
            )
        if roster_import.status != Status.CHECKED:
            raise ImportRefused(f"该花名册当前为“{roster_import.get_status_display()}”，不能导入。")
        previous = roster_import.report
        wanted = {line["row"] for line in previous.get("rows", []) if line["status"] == ACCEPTED}
        if not wanted:
            raise ImportRefused("没有通过校验的学员，未保存任何数据。请修改不通过的行后重新上传。")
        progress(0, 3)
        try:
            rows = [row for row in _read(roster_import) if row.row in wanted]
        except RosterError as exc:
            raise ImportRefused(f"花名册文件无法读取，未保存任何数据：{exc}") from exc
        progress(1, 3)
        try:
            outcome = roster_enrol(
                actor=actor,
                program=roster_import.program,
                base=roster_import.base,
                rows=rows,
                commit=True,
            )
        except ImportConflict as exc:
            # roster_enrol rolled its own savepoint back; this transaction can still record the error.
            conflict = str(exc)
            roster_import.error = conflict
            roster_import.save(update_fields=["error"])
        else:
            progress(2, 3)
            _record_commit(roster_import, previous, outcome)
    if conflict:
        raise ImportConflict(conflict)
    refused = len(wanted) - outcome.saved
    return CommitOutcome(saved=outcome.saved, refused_since_preview=refused)


def _record_commit(roster_import: RosterImport, previous: dict[str, Any], outcome: ImportOutcome) -> None:
    """The report becomes the commit's: the re-judged rows replace their preview lines, the rows
    refused in the preview keep theirs."""
    judged = _payload(outcome.report, phase="commit")
    again = {line["row"]: line for line in judged["rows"]}
    lines = []
    for line in previous["rows"]:
        if line["row"] in again:
            line = {**again[line["row"]], "rechecked": True}
            line["changed"] = line["status"] != ACCEPTED
        lines.append(line)
    accepted = sum(1 for line in lines if line["status"] == ACCEPTED)
    roster_import.report = {
        **judged,
        "rows": lines,
        "accepted": accepted,
        "rejected": len(lines) - accepted,
        "preview_accepted": len(again),
    }
    roster_import.accepted, roster_import.rejected = accepted, len(lines) - accepted
    roster_import.error = ""
    fields = ["report", "accepted", "rejected", "error"]
    if outcome.saved:
        roster_import.status = Status.COMMITTED
        roster_import.saved = outcome.saved
        roster_import.committed_at = timezone.now()
        fields += ["status", "saved", "committed_at"]
    # With nothing left to save the import stays checked: its report now shows why, and no button.
    roster_import.save(update_fields=fields)


# --- files -----------------------------------------------------------------------------------------


def rejected_rows_xlsx(roster_import: RosterImport) -> bytes:
    """The rejected rows in the template's columns, as they were typed, plus the reasons."""
    return rejected_rows_workbook(roster_import.report.get("rows", []))


def rejected_rows_name(roster_import: RosterImport) -> str:
    return _rejected_name(roster_import.original_name)


# --- job builders (core.jobs.run_job) --------------------------------------------------------------


def _job_import(job: Job) -> RosterImport:
    return RosterImport.objects.select_related("program__policy", "base__organisation", "uploaded_by").get(
        pk=job.params["import"]
    )


def check_job(job: Job, progress: Progress) -> tuple[str, bytes]:
    """Judge a big file in the background; the result file is its rejected rows."""
    roster_import = _job_import(job)
    try:
        import_check(roster_import, progress=progress)
    except RosterError as exc:
        raise JobError(f"花名册无法导入：{exc}") from exc
    return rejected_rows_name(roster_import), rejected_rows_xlsx(roster_import)


def commit_job(job: Job, progress: Progress) -> tuple[str, bytes]:
    """Commit a big file in the background; the result file is the rows refused at commit time."""
    try:
        import_commit(pk=job.params["import"], actor=job.requested_by, progress=progress)
    except (ImportRefused, ImportConflict) as exc:
        raise JobError(str(exc)) from exc
    roster_import = _job_import(job)
    return rejected_rows_name(roster_import), rejected_rows_xlsx(roster_import)
