"""The province workbook (各市对比表, stats.services.province_build, as it is) vs the least it can cost:
one raw GROUP BY of the same figures (per city and level: trained, passed) and openpyxl write-only.

Time is the ratio of the floor's seconds to the portal's (aim ≥ 1/3: within 3 × raw); memory is the
ratio of the floor's tracemalloc peak to the portal's (aim ≥ 0.5: at most 2 × write-only).
"""

import io
import statistics
import time
import tracemalloc

from django.db import connection
from openpyxl import Workbook

from stats.services import province_build


def _run(work, repeat: int) -> tuple[float, float]:
    """(median seconds, peak MiB of one run)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    work()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20


def _floor(year: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.name, e.level, count(*),
                   count(*) FILTER (WHERE r.outcome = 'pass' AND b.status = 'approved')
            FROM trainees_enrollment e
            JOIN programs_program p ON p.id = e.program_id
            JOIN accounts_organisation c ON c.id = p.city_id
            LEFT JOIN assessment_result r ON r.enrollment_id = e.id
            LEFT JOIN assessment_resultbatch b ON b.id = r.batch_id
            WHERE p.year = %s AND e.status = 'active'
            GROUP BY c.name, e.level ORDER BY c.name
            """,
            [year],
        )
        rows = cursor.fetchall()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("各市对比")
    sheet.append(["市", "等级", "培训人数", "合格人数"])
    for row in rows:
        sheet.append(list(row))
    workbook.save(io.BytesIO())


def measure_province_workbook(*, year: int, repeat: int) -> tuple[float, float, float, float, float, float]:
    """(time ratio, memory ratio, portal s, floor s, portal MiB, floor MiB)."""
    floor_s, floor_mib = _run(lambda: _floor(year), repeat)
    portal_s, portal_mib = _run(lambda: province_build(year=year), repeat)
    return floor_s / portal_s, floor_mib / portal_mib, portal_s, floor_s, portal_mib, floor_mib


def measure(record, args) -> None:
    from programs.models import Program

    from .province import province

    province(args)
    year = Program.objects.get(code="weihai-2019").year
    figures = measure_province_workbook(year=year, repeat=args.repeat)
    ratio, memory, portal, floor, portal_mib, floor_mib = figures
    record("statistics_vs_raw", ratio, round(1 / 3, 3), "× raw GROUP BY + write-only",
           f"{portal:.3f} s vs {floor:.3f} s")  # fmt: skip
    record("statistics_memory", memory, 0.5, "× write-only peak",
           f"{portal_mib:.2f} MiB vs {floor_mib:.2f} MiB")  # fmt: skip
