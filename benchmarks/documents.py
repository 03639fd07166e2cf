"""Files built from many rows, each against the floor of the library it uses.

- Roster export (trainees.reports.roster_export, as it is) vs openpyxl ``write_only`` writing the same
  rows fetched with one query: the least any xlsx export of those rows costs.
- Commitment letters (trainees.documents.commitment_letters_pdf) vs a bare reportlab canvas drawing the
  same pages line by line with no layout engine; and the letters' peak memory for N and 4N pages.
"""

import io
import statistics
import time
import tracemalloc

from openpyxl import Workbook
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from core.models import Job
from core.pdf import register_cjk_font
from trainees.documents import CommitmentLetterDoc, commitment_letters_pdf
from trainees.reports import roster_export
from trainees.resources import ROSTER_COLUMNS
from trainees.selectors import roster_enrollments


def _median_seconds(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_export(*, clerk, base, program, repeat: int) -> tuple[float, int, float, float]:
    """(ratio of rates, rows, portal seconds, floor seconds)."""
    job = Job.objects.create(
        kind="roster_export",
        title="基准测试：导出花名册",
        requested_by=clerk,
        organisation=clerk.organisation,
        params={"base": base.pk, "program": program.pk},
    )
    rows = roster_enrollments(base=base, program=program).count()

    def portal():
        roster_export(job, lambda done, total: None)

    def floor():
        values = roster_enrollments(base=base, program=program).values_list(
            "trainee__name", "trainee__sex", "trainee__id_number", "employer", "employer_type",
            "occupation__name", "level", "cert_occupation", "cert_number", "years_in_trade",
            "trainee__phone", "remark",
        )  # fmt: skip
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("学员花名册")
        sheet.append(ROSTER_COLUMNS)
        for i, row in enumerate(values.iterator(chunk_size=2000), start=1):
            sheet.append([i, *row][: len(ROSTER_COLUMNS)])
        workbook.save(io.BytesIO())

    floor_seconds = _median_seconds(repeat, floor)
    portal_seconds = _median_seconds(repeat, portal)
    return floor_seconds / portal_seconds, rows, portal_seconds, floor_seconds


def letters(count: int) -> list[CommitmentLetterDoc]:
    return [
        CommitmentLetterDoc(
            name=f"学员{i:05d}",
            sex="男",
            id_number=f"37130219850101{i % 10000:04d}",
            employer="临沂某机械有限公司",
            occupation="焊工",
            years=10 + i % 20,
            program_name="2023年度临沂市“金蓝领”技师培训项目",
            city_bureau="临沂市人力资源和社会保障局",
            level="二级",
        )
        for i in range(count)
    ]


def bare_canvas_letters(people: list[CommitmentLetterDoc]) -> bytes:
    """The same pages drawn straight on a canvas, every element on every page, no layout engine: the
    intro pre-cut into lines, the table as lines, the wording as strings."""
    font = register_cjk_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    left, width, top = 20 * mm, A4[0] - 40 * mm, A4[1] - 15 * mm
    columns = [left + width * f for f in (0, 0.30, 0.60, 0.80, 1.0)]
    table_top, row = top - 180, 13 * mm
    fixed = [
        (10.5, "本人知晓本职业（工种）“金蓝领”培训项目申报条件，保证本次填报的"),
        (10.5, "信息完整准确、工作履历真实，如有虚假，愿意接受被取消申报资格。"),
        (10.5, "考生签名："),
        (10.5, "联系电话："),
        (10.5, "该学员填报内容真实准确，如有虚假由本人和所在单位承担一切后果。"),
        (10.5, "单位人力资源管理部门（盖章）："),
        (10.5, "经办人签字："),
        (10.5, "联系电话："),
        (10.5, "年      月      日"),
        (10.5, "年      月      日"),
        (10.5, "1.表格内考生、经办人应签全名，单位应盖章，否则不予受理；"),
        (10.5, "2.此证明仅作报名参加“金蓝领”项目培训凭据，不作其他用途。"),
    ]
    for person in people:
        canvas.setFont(font, 9)
        canvas.drawString(left, top - 9, f"{person.city_bureau} {person.program_name}")
        canvas.setFont(font, 20)
        canvas.drawCentredString(A4[0] / 2, top - 50, "工作年限承诺证明")
        canvas.setFont(font, 12)
        intro = (
            f"姓名：{person.name}，身份证号：{person.id_number}，现申请参加{person.occupation}(职业/工种)"
            f"{person.level}“金蓝领”项目培训，累计从事本职业工作共{person.years}年，工作简历如下："
        )
        for i in range(0, len(intro), 36):
            canvas.drawString(left + 24, top - 90 - 26 * (i // 36), intro[i : i + 36])
        for r in range(8):
            y = table_top - r * row if r < 7 else table_top - 6 * row - 280
            canvas.line(left, y, left + width, y)
        for x in columns:
            canvas.line(x, table_top, x, table_top - 6 * row)
        canvas.line(left, table_top - 6 * row, left, table_top - 6 * row - 280)
        canvas.line(columns[2], table_top - 6 * row, columns[2], table_top - 6 * row - 280)
        canvas.line(columns[4], table_top - 6 * row, columns[4], table_top - 6 * row - 280)
        canvas.setFont(font, 11)
        for x, heading in zip(
            columns, ("起止年月", "单位名称", "单位所在县（市、区）", "从事何种岗位工作"), strict=False
        ):
            canvas.drawString(x + 6, table_top - 22, heading)
        for r in range(1, 6):
            canvas.drawString(columns[0] + 6, table_top - r * row - 22, "      年   月至      年   月")
        canvas.drawString(columns[1] + 6, table_top - row - 22, person.employer)
        for i, (size, text) in enumerate(fixed):
            canvas.setFont(font, size)
            canvas.drawString(
                left + 8 + (i // 5) * width / 2 % width, table_top - 6 * row - 20 - 24 * (i % 5), text
            )
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def measure_letters(*, pages: int, repeat: int) -> tuple[float, float, float, float]:
    """(ratio of rates, portal seconds, bare seconds, (peak MiB for N/4 pages, for N pages)); the PDF being
    built is in memory too, so the peaks grow by its size (some KiB a page) and nothing else."""
    people = letters(pages)
    commitment_letters_pdf(people[:5])  # font loading and registration: once per process, not per run
    bare_seconds = _median_seconds(repeat, lambda: bare_canvas_letters(people))
    portal_seconds = _median_seconds(repeat, lambda: commitment_letters_pdf(people))
    peaks = []
    for n in (pages // 4, pages):
        tracemalloc.start()
        commitment_letters_pdf(people[:n])
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return bare_seconds / portal_seconds, portal_seconds, bare_seconds, tuple(p / 2**20 for p in peaks)


def measure(record, args) -> None:
    from accounts.models import Organisation, User
    from programs.models import Program

    from .province import province

    bases = province(args).bases
    # The stored enrolments are in 威海's programme: the province's clerk may export them (read-only role
    # otherwise, but the export's own scope check is what is measured).
    other = Program.objects.get(code="weihai-2019")
    clerk, _ = User.objects.get_or_create(
        username="bench-province", defaults={"organisation": Organisation.objects.get(kind="province")}
    )
    ratio, rows, portal, floor = measure_export(clerk=clerk, base=bases[0], program=other, repeat=1)
    record("roster_export_vs_write_only", ratio, 0.5, "× openpyxl write-only",
           f"{rows} rows: {portal:.2f} s vs {floor:.2f} s")  # fmt: skip
    ratio, portal, bare, peaks = measure_letters(pages=args.letters, repeat=args.repeat)
    record("letters_vs_bare_canvas", ratio, 0.5, "× bare reportlab canvas",
           f"{args.letters} pages: {portal:.2f} s vs {bare:.2f} s; peak {peaks[0]:.1f} MiB for "
           f"{args.letters // 4} pages, {peaks[1]:.1f} MiB for {args.letters}")  # fmt: skip
