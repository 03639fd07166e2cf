"""Files built from enrolments: the roster (花名册, 德州 2021 附件3) and the work-years commitment letters
(工作年限承诺证明, 德州 2021 附件2). Both carry full ID numbers, so building them is audited."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from accounts.models import User
from bases.documents import CommitmentLetterDoc, commitment_letters_pdf
from bases.models import Base
from bases.selectors import bases_visible_to
from core.audit import audit_record
from core.jobs import JobError
from core.models import Job
from programs.models import Program
from programs.selectors import programs_visible_to

from .models import Enrollment
from .resources import CERTIFICATE_GROUP, ROSTER_COLUMNS, RosterResource
from .selectors import roster_enrollments

# Up to these sizes a file is built in the request and downloaded at once (well under a second on the
# bureau's 2-core server); bigger ones run as a background job with a progress page.
ROSTER_ROWS_AT_ONCE = 300
LETTERS_AT_ONCE = 10

# The national grade of each level, as the letter's "____级" blank and the 德州 tables write it.
LEVEL_GRADES = {1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}

# --- 花名册 (德州 附件3) ------------------------------------------------------------------------------------


def roster_export(job: Job, progress) -> tuple[str, bytes]:
    base, program = _scoped(job)
    enrollments = roster_enrollments(base=base, program=program)
    dataset = RosterResource().export(enrollments, force_native_type=True)
    if not len(dataset):
        raise JobError(f"{base.name}在“{program.name}”中没有在册学员，没有可导出的花名册。")
    content = roster_xlsx(base=base, program=program, rows=list(dataset), progress=progress)
    audit_record(
        actor=job.requested_by,
        action="trainee.export",
        obj=program,
        organisation=base.organisation,
        note=f"导出花名册：{base.name} · {program.name}，共 {len(dataset)} 人",
    )
    return f"{program.code}_{base.name}_学员花名册.xlsx", content


_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center")
_TITLE = Font(name="宋体", bold=True, size=16)
_BOLD = Font(name="宋体", bold=True, size=11)
_NORMAL = Font(name="宋体", size=11)
# 证书编号 (column G) holds numbers of up to ~22 characters (S000037000000123456-01): wide enough for
# them, and shrunk to fit rather than spilling into 工作年限 when an office suite prints the sheet.
# (The roster columns have no per-column declaration yet; widths stay here until they do.)
_WIDTHS = [6, 10, 6, 21, 26, 16, 24, 9, 18, 10, 15, 16]
_SHRINK = Alignment(horizontal="center", vertical="center", shrink_to_fit=True)
_ID_COLUMN = ROSTER_COLUMNS.index("身份证号码") + 1
_GROUP_FIRST = ROSTER_COLUMNS.index(f"{CERTIFICATE_GROUP} 职业（工种）") + 1  # the two grouped columns


def roster_xlsx(*, base: Base, program: Program, rows: list, progress=None) -> bytes:
    """The notice's layout: title, 填报单位 line, then the two-level heading in which 现职业资格证书 spans
    职业（工种） and 证书编号 and every other heading spans both heading rows; data from row 5."""
    ncols = len(ROSTER_COLUMNS)
    wb = Workbook()
    ws = wb.active
    ws.title = "学员花名册"
    ws.append([f"{program.name}学员花名册"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws["A1"].font, ws["A1"].alignment = _TITLE, _CENTER
    ws.row_dimensions[1].height = 36

    ws.cell(2, 1, f"填报单位（盖章）：{base.name}").font = _NORMAL
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=8)
    ws.cell(2, 9, "年　　月　　日").font = _NORMAL
    ws.merge_cells(start_row=2, start_column=9, end_row=2, end_column=ncols)
    ws.cell(2, 1).alignment = _LEFT
    ws.cell(2, 9).alignment = Alignment(horizontal="right", vertical="center")

    for col, heading in enumerate(ROSTER_COLUMNS, start=1):
        if col == _GROUP_FIRST:
            ws.cell(3, col, CERTIFICATE_GROUP)
            ws.cell(4, col, "职业（工种）")
        elif col == _GROUP_FIRST + 1:
            ws.cell(4, col, heading)
        else:
            ws.cell(3, col, heading)
            ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    ws.merge_cells(start_row=3, start_column=_GROUP_FIRST, end_row=3, end_column=_GROUP_FIRST + 1)
    for row in (3, 4):
        ws.row_dimensions[row].height = 22
        for col in range(1, ncols + 1):
            cell = ws.cell(row, col)
            cell.font, cell.alignment, cell.border = _BOLD, _CENTER, _BORDER

    total = len(rows)
    for i, values in enumerate(rows, start=1):
        ws.append(list(values))
        line = ws.max_row
        for col in range(1, ncols + 1):
            cell = ws.cell(line, col)
            cell.font, cell.alignment, cell.border = _NORMAL, _CENTER, _BORDER
        # Text, so that a spreadsheet never turns 18 digits into a rounded number.
        ws.cell(line, _ID_COLUMN).number_format = "@"
        ws.cell(line, _GROUP_FIRST + 1).alignment = _SHRINK
        if progress and i % 200 == 0:
            progress(i, total)

    for col, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    # Printed and stamped for filing: headings on every page, landscape, fitted to the page width.
    ws.print_title_rows = "3:4"
    ws.freeze_panes = "A5"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- 工作年限承诺证明 (德州 附件2) -----------------------------------------------------------------------


def commitment_letter_doc(enrollment: Enrollment) -> CommitmentLetterDoc:
    trainee, program = enrollment.trainee, enrollment.program
    return CommitmentLetterDoc(
        name=trainee.name,
        sex=trainee.get_sex_display(),
        id_number=trainee.id_number,
        employer=enrollment.employer,
        occupation=enrollment.occupation.name,
        years=enrollment.years_in_trade,
        program_name=program.name,
        city_bureau=program.city.display_name,
        level=LEVEL_GRADES.get(enrollment.level, ""),
    )


def commitment_letter_pdf(enrollment: Enrollment) -> bytes:
    return commitment_letters_pdf([commitment_letter_doc(enrollment)])


def commitment_letters(job: Job, progress) -> tuple[str, bytes]:
    """Every active enrolment of the base in the programme, one page each, in roster order."""
    base, program = _scoped(job)
    letters = [commitment_letter_doc(e) for e in roster_enrollments(base=base, program=program)]
    if not letters:
        raise JobError(f"{base.name}在“{program.name}”中没有在册学员。")
    progress(len(letters) // 2, len(letters))
    content = commitment_letters_pdf(letters)
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
