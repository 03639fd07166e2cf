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

import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.errors import PortalError
from core.idcard import mask_id_number
from core.jobs import JobError
from core.models import Job
from programs.choices import Route

from .models import RosterImport
from .roster import ACCEPTED, REJECTED, ROSTER_HEADER, RosterError, RosterReport, RosterRow, read_roster
from .services import ImportConflict, ImportOutcome, roster_enrol

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Up to this many data rows a step runs in the request; a bigger file is judged by a background job.
SYNC_ROW_LIMIT = 500
XLSX_SIGNATURE = b"PK\x03\x04"  # an .xlsx is a zip archive
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REASONS_COLUMN = "不通过原因"
JOB_CHECK = "roster_import_check"
JOB_COMMIT = "roster_import_commit"

Progress = Callable[[int, int], None]
Status = RosterImport.Status


def _no_progress(done: int, total: int) -> None:
    pass


class ImportRefused(PortalError):
    """A commit that cannot be made; the message is for the base staff and nothing was saved."""


# --- the upload ------------------------------------------------------------------------------------


def upload_problem(upload) -> str | None:
    """Why the uploaded file cannot be a roster (size, type read from the content), or None."""
    if upload.size == 0:
        return "上传的文件是空的。"
    if upload.size > MAX_UPLOAD_BYTES:
        return (
            f"文件过大（{upload.size / 1024 / 1024:.1f} MB），"
            f"花名册最大允许 {MAX_UPLOAD_BYTES // 1024 // 1024} MB；人数较多的请分成几个文件上传。"
        )
    head = upload.read(len(XLSX_SIGNATURE))
    upload.seek(0)
    if head != XLSX_SIGNATURE:
        # Mostly an old .xls, a .csv or a WPS file renamed: say what to do, not what it is.
        return "文件不是 Excel 工作簿（.xlsx）。请下载花名册模板填写，并以 .xlsx 格式保存后上传。"
    return None


def count_data_rows(roster_import: RosterImport, *, limit: int = SYNC_ROW_LIMIT) -> int:
    """The data rows of the stored file as ``read_roster`` counts them, but stopping at ``limit + 1``:
    enough to choose between the request and a job without reading a big file in the request.
    A file openpyxl cannot open counts 0, so that ``read_roster`` reports it in the request."""
    width = len(ROSTER_HEADER)
    with roster_import.file.open("rb") as handle:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception:
            return 0
        try:
            if not workbook.worksheets:
                return 0
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()
            count = 0
            for line in sheet.iter_rows(min_row=2, max_col=width, values_only=True):
                if any(not _is_blank(value) for value in line[1:width]):
                    count += 1
                    if count > limit:
                        break
            return count
        finally:
            workbook.close()


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read(roster_import: RosterImport) -> list[RosterRow]:
    with roster_import.file.open("rb") as handle:
        return read_roster(handle)


def total_rows(roster_import: RosterImport) -> int:
    return len(roster_import.report.get("rows", []))


# --- the preview -----------------------------------------------------------------------------------


def import_check(roster_import: RosterImport, *, progress: Progress = _no_progress) -> RosterImport:
    """Read the stored file and judge every row without saving anything (the dry run of the commit).
    A malformed workbook marks the import failed and raises RosterError."""
    progress(0, 3)
    try:
        rows = _read(roster_import)
    except RosterError as exc:
        roster_import.status = Status.FAILED
        roster_import.error = str(exc)
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


def _payload(report: RosterReport, *, phase: str) -> dict[str, Any]:
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
            line["values"] = {name: _json_cell(values.get(name)) for name in ROSTER_HEADER}
    return data


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
    return "" if value is None else str(_json_cell(value)).strip()


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

_TEXT_COLUMNS = ("身份证号码", "证书编号", "联系电话")


def rejected_rows_xlsx(roster_import: RosterImport) -> bytes:
    """The rejected rows in the template's columns, as they were typed, plus the reasons: the base
    corrects them and uploads the file again (the reader ignores columns after the 21st)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "不通过行"
    sheet.append([*ROSTER_HEADER, REASONS_COLUMN])
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.cell(row=1, column=len(ROSTER_HEADER) + 1).fill = PatternFill("solid", fgColor="FCE4D6")
    sheet.freeze_panes = "A2"
    text_columns = {ROSTER_HEADER.index(name) + 1 for name in _TEXT_COLUMNS}
    for line in roster_import.report.get("rows", []):
        if line["status"] != REJECTED:
            continue
        values = line.get("values") or {"姓名": line.get("name", "")}
        cells = [values.get(name) for name in ROSTER_HEADER]
        reasons = "；".join(reason["message"] for reason in line["reasons"])
        sheet.append([*cells, reasons])
        row = sheet.max_row
        for column in text_columns:
            cell = sheet.cell(row=row, column=column)
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cell.value = _cell_text(cell.value)
            cell.number_format = "@"  # keep all 18 digits of an ID when the base edits the cell
        sheet.cell(row=row, column=len(ROSTER_HEADER) + 1).alignment = Alignment(wrap_text=True)
    for index, name in enumerate(ROSTER_HEADER, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 21 if name in _TEXT_COLUMNS else 12
    sheet.column_dimensions[get_column_letter(len(ROSTER_HEADER) + 1)].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rejected_rows_name(roster_import: RosterImport) -> str:
    return f"{PurePath(roster_import.original_name).stem or '花名册'}-不通过行.xlsx"


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
