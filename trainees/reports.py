"""Files built from enrolments: the roster (花名册, 德州 2021 附件3) and the work-years commitment letters
(工作年限承诺证明, 德州 2021 附件2). Both carry full ID numbers, so building them is audited."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from accounts.models import User
from bases.models import Base
from bases.selectors import bases_visible_to
from core.audit import audit_record
from core.jobs import JobError
from core.models import Job
from core.xlsx import cell, register_style, save
from programs.choices import Level
from programs.models import Program
from programs.selectors import programs_visible_to

from .documents import CommitmentLetterDoc, commitment_letters_pdf
from .models import Enrollment
from .privacy import Shown, shown, with_full_view
from .resources import RosterResource
from .roster import CERTIFICATE_GROUP, COLUMNS
from .roster.columns import Kind
from .selectors import roster_enrollments

# Up to these sizes a file is built in the request and downloaded at once (well under a second on the
# bureau's 2-core server); bigger ones run as a background job with a progress page.
ROSTER_ROWS_AT_ONCE = 300
LETTERS_AT_ONCE = 10

# --- 花名册 (德州 附件3) ------------------------------------------------------------------------------------


def roster_export(job: Job, progress) -> tuple[str, bytes]:
    base, program = _scoped(job)
    content_name, content, full_rows = roster_export_file(
        base=base, program=program, actor=job.requested_by, progress=progress
    )
    # What the download holds, for the audit of each download (core.jobs).
    job.result_summary = {
        "rows": full_rows["total"],
        "full_columns": ["姓名", "身份证号码", "联系电话"] if full_rows["full"] else [],
        "rows_in_full": full_rows["full"],
    }
    return content_name, content


def roster_export_file(
    *, base: Base, program: Program, actor: User | None, progress=None
) -> tuple[str, bytes, dict[str, int]]:
    """The base's 花名册 in the programme (德州 附件3), recorded in the audit log as an export. The
    requester's rule (trainees.privacy) decides full or masked values; ``actor`` None is the command
    line (staff with the database at hand), which exports in full. The caller has checked the scope.
    Returns the file name, the content and how many rows (of how many) hold full values."""
    enrollments = roster_enrollments(base=base, program=program)
    if actor is not None:
        enrollments = with_full_view(enrollments, actor)
    resource = RosterResource(apply_rule=actor is not None)
    dataset = resource.export(enrollments, force_native_type=True)
    rows_in_full = resource.rows_in_full
    if not len(dataset):
        raise JobError(f"{base.name}在“{program.name}”中没有在册学员，没有可导出的花名册。")
    content = roster_xlsx(base=base, program=program, rows=list(dataset), progress=progress)
    audit_record(
        actor=actor,
        action="trainee.export",
        obj=program,
        organisation=base.organisation,
        note=f"导出花名册：{base.name} · {program.name}，共 {len(dataset)} 人",
    )
    counts = {"total": len(dataset), "full": rows_in_full}
    return f"{program.code}_{base.name}_学员花名册.xlsx", content, counts


_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
# Named styles: a streamed sheet refers to one style per kind of cell instead of one per cell.
_TITLE = NamedStyle(name="花名册标题", font=Font(name="宋体", bold=True, size=16), alignment=_CENTER)
_PLAIN = NamedStyle(name="花名册填报单位", font=Font(name="宋体", size=11))
_HEADING = NamedStyle(
    name="花名册表头", font=Font(name="宋体", bold=True, size=11), alignment=_CENTER, border=_BORDER
)
_BODY = NamedStyle(name="花名册正文", font=Font(name="宋体", size=11), alignment=_CENTER, border=_BORDER)
# Codes (身份证号码, 证书编号) are shrunk to fit their column rather than spilling into the next one.
_BODY_CODE = NamedStyle(
    name="花名册编号",
    font=Font(name="宋体", size=11),
    alignment=Alignment(horizontal="center", vertical="center", shrink_to_fit=True),
    border=_BORDER,
)
_EXPORTED = [column for column in COLUMNS if column.export]
_GROUP_FIRST = next(i for i, c in enumerate(_EXPORTED, start=1) if c.export.startswith(CERTIFICATE_GROUP))


def roster_xlsx(*, base: Base, program: Program, rows: list, progress=None) -> bytes:
    """The notice's layout: title, 填报单位 line, then the two-level heading in which 现职业资格证书 spans
    职业（工种） and 证书编号 and every other heading spans both heading rows; data from row 5.

    Streamed (write-only): the cost is linear in the rows, and every value goes in as a safe cell."""
    ncols = len(_EXPORTED)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("学员花名册")
    title, plain, heading, body, code = (
        register_style(wb, s) for s in (_TITLE, _PLAIN, _HEADING, _BODY, _BODY_CODE)
    )
    # A streamed sheet takes its layout before its first row.
    for col, column in enumerate(_EXPORTED, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.row_dimensions[1].height = 36
    ws.row_dimensions[3].height = ws.row_dimensions[4].height = 22
    # Printed and stamped for filing: headings on every page, landscape, fitted to the page width.
    ws.print_title_rows = "3:4"
    ws.freeze_panes = "A5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    last = get_column_letter(ncols)
    ws.append([cell(ws, f"{program.name}学员花名册", style=title)])
    ws.merged_cells.add(f"A1:{last}1")
    stamp_line = [cell(ws, f"填报单位（盖章）：{base.name}", style=plain)] + [None] * 7
    date_cell = cell(ws, "年　　月　　日", style=plain)
    date_cell.alignment = Alignment(horizontal="right", vertical="center")
    ws.append([*stamp_line, date_cell])
    ws.merged_cells.add("A2:H2")
    ws.merged_cells.add(f"I2:{last}2")

    upper, lower = [], []
    for col, column in enumerate(_EXPORTED, start=1):
        if col == _GROUP_FIRST:
            upper.append(CERTIFICATE_GROUP)
            lower.append(column.export.removeprefix(CERTIFICATE_GROUP).strip())
        elif col == _GROUP_FIRST + 1:
            upper.append(None)
            lower.append(column.export)
        else:
            upper.append(column.export)
            lower.append(None)
            letter = get_column_letter(col)
            ws.merged_cells.add(f"{letter}3:{letter}4")
    ws.merged_cells.add(f"{get_column_letter(_GROUP_FIRST)}3:{get_column_letter(_GROUP_FIRST + 1)}3")
    ws.append([cell(ws, value, style=heading) for value in upper])
    ws.append([cell(ws, value, style=heading) for value in lower])

    total = len(rows)
    formats = [(code if c.kind == Kind.CODE else body, c.number_format or None) for c in _EXPORTED]
    for i, values in enumerate(rows, start=1):
        ws.append(
            [
                cell(ws, value, style=style, number_format=number_format)
                for (style, number_format), value in zip(formats, values, strict=True)
            ]
        )
        if progress and i % 200 == 0:
            progress(i, total)
    return save(wb)


# --- 工作年限承诺证明 (德州 附件2) -----------------------------------------------------------------------


def commitment_letter_doc(enrollment: Enrollment, person: Shown) -> CommitmentLetterDoc:
    """The letter of one enrolment, with the person's data as the rule shows it to the requester."""
    trainee, program = enrollment.trainee, enrollment.program
    return CommitmentLetterDoc(
        name=person.name,
        sex=trainee.get_sex_display(),
        id_number=person.id_number,
        employer=enrollment.employer,
        occupation=enrollment.occupation.name,
        years=enrollment.years_in_trade,
        program_name=program.name,
        city_bureau=program.city.display_name,
        level=Level(enrollment.level).grade if enrollment.level in Level.values else "",
    )


def commitment_letter_pdf(enrollment: Enrollment, person: Shown) -> bytes:
    return commitment_letters_pdf([commitment_letter_doc(enrollment, person)])


def commitment_letters(job: Job, progress) -> tuple[str, bytes]:
    """Every active enrolment of the base in the programme, one page each, in roster order."""
    base, program = _scoped(job)
    enrollments = with_full_view(roster_enrollments(base=base, program=program), job.requested_by)
    letters = [commitment_letter_doc(e, shown(e)) for e in enrollments]
    if not letters:
        raise JobError(f"{base.name}在“{program.name}”中没有在册学员。")
    progress(len(letters) // 2, len(letters))
    content = commitment_letters_pdf(letters)
    job.result_summary = {"rows": len(letters), "full_columns": ["姓名", "身份证号码", "工作单位"]}
    audit_record(
        actor=job.requested_by,
        action="trainee.export",
        obj=program,
        organisation=base.organisation,
        note=f"打印工作年限承诺证明：{base.name} · {program.name}，共 {len(letters)} 人",
    )
    return f"{program.code}_{base.name}_工作年限承诺证明.pdf", content


def _scoped(job: Job) -> tuple[Base, Program]:
    """The job's base and programme, looked up again through the requester's scope: the job runs later
    than the request, and the user may have lost access in between."""
    user: User | None = job.requested_by
    base = bases_visible_to(user).filter(pk=job.params.get("base")).first() if user else None
    program = programs_visible_to(user).filter(pk=job.params.get("program")).first() if user else None
    if base is None or program is None:
        raise JobError("培训基地或培训项目不存在，或不在您的管理范围内。")
    return base, program
