"""How fast is a validated roster import compared with merely reading the workbook and COPYing the rows?

The baseline is the floor any import must pay: openpyxl reading the same file in read-only mode and
PostgreSQL's COPY writing the same number of rows into a table of the same width. The portal's import
adds parsing, the eligibility engine per row, the duplicate/overlap/quota checks and the inserts of
people and enrolments. The aim (issue 5) is at least a quarter of the baseline's rate.

Measured on top of ``existing`` enrolments, so that the unique indexes and lookups have a province's size.
"""

import datetime
import io
import statistics
import tempfile
import time
from pathlib import Path

from django.db import connection, transaction
from openpyxl import Workbook, load_workbook

from accounts.models import Organisation, User
from accounts.services import regions_load
from bases import services as plan_services
from bases.models import Base
from core.idcard import check_digit
from core.workdays import working_day_end
from programs.choices import Level
from programs.models import Occupation, Program
from programs.services import presets_load, program_set_status
from trainees.models import Enrollment
from trainees.roster import ROSTER_HEADER, read_roster
from trainees.services import roster_enrol

PROGRAM = "linyi-2023"


def run(*, rows: int, existing: int, repeat: int) -> float:
    """Prints the table and returns the full import's rate ÷ the raw floor's."""
    print(f"Roster import benchmark: {rows} rows, {existing} enrolments already stored, median of {repeat}")
    program, base, clerk = setup(rows)
    _fill_existing(existing)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.xlsx"
        _write_roster(path, rows)
        raw = _median(repeat, lambda: _raw_read_and_copy(path))
        dry = _median(repeat, lambda: _import(path, program, base, clerk, commit=False))
        full = _median(repeat, lambda: _import(path, program, base, clerk, commit=True))
    rate = {name: rows / seconds for name, seconds in (("raw", raw), ("dry", dry), ("commit", full))}
    print(f"{'step':<38}{'seconds':>9}{'rows/s':>10}{'vs raw':>9}")
    for label, key, seconds in (
        ("openpyxl read + COPY (baseline)", "raw", raw),
        ("import_roster --dry-run (validate)", "dry", dry),
        ("import_roster (validate + save)", "commit", full),
    ):
        print(f"{label:<38}{seconds:>9.2f}{rate[key]:>10.0f}{rate[key] / rate['raw']:>9.2f}")
    verdict = "meets" if rate["commit"] >= rate["raw"] / 4 else "MISSES"
    print(f"Full validated import {verdict} the aim of ≥ 1/4 of the baseline rate.")
    return rate["commit"] / rate["raw"]


def _median(repeat: int, measure) -> float:
    return statistics.median(measure() for _ in range(repeat))


def _import(path: Path, program, base, clerk, *, commit: bool) -> float:
    """Read, validate and (with commit) save; the saved rows are rolled back so every run starts alike."""
    started = time.perf_counter()
    with transaction.atomic():
        outcome = roster_enrol(actor=clerk, program=program, base=base, rows=read_roster(path), commit=commit)
        elapsed = time.perf_counter() - started
        assert outcome.report.rejected == 0, outcome.report.rows[0].reasons
        if commit:
            assert outcome.saved == outcome.report.accepted
        transaction.set_rollback(True)
    return elapsed


def _raw_read_and_copy(path: Path) -> float:
    started = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    values = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    workbook.close()
    with transaction.atomic(), connection.cursor() as cursor:
        columns = ", ".join(f"c{i} text" for i in range(len(ROSTER_HEADER)))
        cursor.execute(f"CREATE TEMP TABLE bench_copy ({columns}) ON COMMIT DROP")
        with cursor.copy("COPY bench_copy FROM STDIN") as copy:
            for row in values:
                copy.write_row(["" if v is None else str(v) for v in row])
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def setup(rows: int):
    """The 临沂 preset open, one base with a confirmed plan big enough for the whole roster."""
    regions_load()
    presets_load()
    program = Program.objects.get(code=PROGRAM)
    city = program.city
    clerk, _ = User.objects.get_or_create(username="bench-city", defaults={"organisation": city})
    county = Organisation.objects.filter(kind=Organisation.Kind.COUNTY, city=city).order_by("code").first()
    reviewer, _ = User.objects.get_or_create(username="bench-county", defaults={"organisation": county})
    if program.status == Program.Status.DRAFT:
        program = program_set_status(actor=clerk, program=program, status=Program.Status.OPEN)
    base = Base.objects.filter(organisation__code="BENCH-BASE").first()
    if base is None:
        welder = Occupation.objects.get(name="焊工")
        base = plan_services.base_register(
            actor=clerk,
            county=county,
            code="BENCH-BASE",
            name="基准测试培训基地",
            profile={"kind": "technical_school"},
            qualifications=[(welder, Level.TECHNICIAN)],
        )
        staff = User.objects.create(username="bench-base", organisation=base.organisation)
        plan = plan_services.plan_create(actor=staff, base=base, program=program)
        plan_services.plan_lines_save(
            actor=staff, plan=plan, lines=[plan_services.LineData(welder, Level.TECHNICIAN, rows * 2)]
        )
        plan = plan_services.plan_submit(actor=staff, plan=plan, opinion="同意")
        plan = plan_services.plan_stamp(actor=reviewer, plan=plan, opinion="同意")
        plan = plan_services.plan_approve(actor=clerk, plan=plan, opinion="同意")
        day = datetime.date(2023, 5, 4)
        end = working_day_end(day, program.policy.notice_min_working_days)  # the shortest notice allowed
        notice = plan_services.notice_publish(
            actor=clerk, program=program, plans=[plan], title="基准测试公示", starts_on=day, ends_on=end
        )
        plan_services.notice_close(actor=clerk, publication=notice, today=end + datetime.timedelta(days=1))
    return program, base, clerk


def _fill_existing(count: int) -> None:
    """Enrol ``count`` other people in another programme with COPY (no overlap with 临沂 2023)."""
    have = Enrollment.objects.count()
    if have >= count:
        return
    other = Program.objects.get(code="weihai-2019")
    base = Base.objects.get(organisation__code="BENCH-BASE")
    welder = Occupation.objects.get(name="焊工")
    missing = count - have
    with transaction.atomic(), connection.cursor() as cursor:
        columns = "id_number, name, sex, birth_date, phone, created_at, updated_at"
        with cursor.copy(f"COPY trainees_trainee ({columns}) FROM STDIN") as copy:
            for i in range(missing):
                birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=i % 9000)
                sequence = 500 + i // 9000
                sex = "M" if sequence % 2 else "F"
                copy.write_row([_id(birth, sequence, "370101"), f"存量{i}", sex, birth, "", "now", "now"])
        cursor.execute(
            """
            INSERT INTO trainees_enrollment (
                trainee_id, program_id, base_id, occupation_id, level, status, employer, employer_type,
                cert_occupation, cert_number, title, honour, parallel_training, employer_recommended, remark,
                route, policy_version_id, reference_date, source, name, phone, withdrawal_reason,
                created_at, updated_at)
            SELECT t.id, %s, %s, %s, 2, 'active', '', '', '', '', '', '', false, false, '', 'years', %s,
                   '2019-10-21', 'import', t.name, t.phone, '',
                   now(), now()
            FROM trainees_trainee t
            WHERE NOT EXISTS (SELECT 1 FROM trainees_enrollment e WHERE e.trainee_id = t.id)
            """,
            [other.pk, base.pk, welder.pk, other.policy_id],
        )
    print(f"  stored {missing} existing enrolments with COPY")


def _write_roster(path: Path, rows: int) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(ROSTER_HEADER)
    for i in range(rows):
        birth = datetime.date(1975, 1, 1) + datetime.timedelta(days=i % 3000)
        sheet.append(
            [
                i + 1,
                f"学员{i:05d}",
                "男",
                _id(birth, 101 + 2 * (i // 3000), "371302"),
                "临沂某机械有限公司",
                "企业",
                "是",
                "高中/中专/技校",
                "焊工",
                "高级工",
                f"Z{i:08d}",
                "2018-06-01",
                16,
                "无",
                None,
                None,
                "否",
                "焊工",
                "技师",
                "13800000000",
                None,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())


def _id(birth: datetime.date, sequence: int, region: str) -> str:
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def measure(record, args) -> None:
    from .province import province

    province(args)
    ratio = run(rows=args.rows, existing=args.existing, repeat=args.repeat)
    record("import_full_vs_raw", ratio, 0.5, "× openpyxl read + COPY", f"{args.rows} rows")
