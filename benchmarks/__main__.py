"""`python -m benchmarks`: every benchmark at province scale (run by `make bench` on a throwaway
PostgreSQL, scripts/test.sh --bench). Writes benchmarks/results.json and prints a table of each measure
against its aim.

Measures (each a ratio to a baseline measured in the same run; higher is better):
  import_full_vs_raw           validated roster import vs openpyxl read + COPY of the same rows
  trainee_list_vs_bare         the city's enrolment list (100,000 in scope) vs a bare 50-row page
  trainee_search_vs_bare       the same list searched by name
  home_vs_bare                 the city's home page
  audit_list_vs_bare           the city's audit log (100,000 entries)
  roster_export_vs_write_only  the roster export of one base vs openpyxl write-only of the same rows
  letters_vs_bare_canvas       commitment letters vs a bare canvas drawing the same pages
  province_sheet_vs_raw        the province statistics workbook vs a raw GROUP BY + openpyxl write-only
  province_sheet_memory        the same, tracemalloc peak of the floor / of the portal
"""

import argparse
import json
import os
from pathlib import Path

import django

RESULTS = Path(__file__).resolve().parent / "results.json"


def main() -> None:
    parser = argparse.ArgumentParser(description="Province-scale benchmarks (PostgreSQL)")
    parser.add_argument("--rows", type=int, default=5000, help="rows in the imported roster (default 5000)")
    parser.add_argument("--existing", type=int, default=100_000, help="enrolments stored (default 100,000)")
    parser.add_argument("--audit", type=int, default=100_000, help="audit entries stored (default 100,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs or rounds of each measure (median)")
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds of load per page round")
    parser.add_argument("--letters", type=int, default=1000, help="commitment letter pages (default 1000)")
    parser.add_argument("--profile", action="store_true", help="profile the pages in-process and stop")
    parser.add_argument("--only-statistics", action="store_true", help="only the statistics workbook measure")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from . import documents, pages, roster_import
    from .province import province_fill

    results: dict[str, dict] = {}

    def record(name: str, value: float, aim: float, unit: str, detail: str) -> None:
        results[name] = {"value": round(value, 3), "aim": aim, "unit": unit, "detail": detail}

    _, base, clerk = roster_import.setup(args.rows)
    bases = province_fill(anchor=base, enrolments=args.existing, audit_entries=args.audit)
    if args.only_statistics:
        _statistics(record, args.repeat)
        _report(results, write=False)
        return
    ratio = roster_import.run(rows=args.rows, existing=args.existing, repeat=args.repeat)
    record("import_full_vs_raw", ratio, 0.5, "× openpyxl read + COPY", f"{args.rows} rows")

    from accounts.models import Organisation, User
    from programs.models import Program

    if args.profile:
        paths = os.environ.get(
            "BENCH_PROFILE_PATHS", "/trainees/,/trainees/?q=存量1234,/,/audit/,/bench/bare/"
        )
        pages.profile(clerk, paths.split(","))
        return
    city_cookie = pages.session_cookie(clerk)
    print(f"Pages over HTTP: gunicorn, {pages.WORKERS} workers, {pages.CONCURRENCY} in flight, "
          f"{args.repeat} rounds of {args.seconds:.0f} s, interleaved with the bare page")  # fmt: skip
    measured = pages.measure_pages(
        {
            "trainee_list_vs_bare": ("/trainees/", city_cookie, "共 ".encode()),
            "trainee_search_vs_bare": (
                "/trainees/" + pages.query(q="存量1234"),
                city_cookie,
                "存量1234".encode(),
            ),
            "home_vs_bare": ("/", city_cookie, "在册学员".encode()),
            "audit_list_vs_bare": ("/audit/", city_cookie, "操作日志".encode()),
        },
        rounds=args.repeat,
        seconds=args.seconds,
    )
    for name, (ratio, page_rate, bare_rate) in measured.items():
        record(name, ratio, 0.5, "× bare 50-row page", f"{page_rate:.0f} req/s vs {bare_rate:.0f} req/s")

    # The stored enrolments are in 威海's programme: the province's clerk may export them (read-only role
    # otherwise, but the export's own scope check is what is measured).
    other = Program.objects.get(code="weihai-2019")
    province, _ = User.objects.get_or_create(
        username="bench-province", defaults={"organisation": Organisation.objects.get(kind="province")}
    )
    ratio, rows, portal, floor = documents.measure_export(
        clerk=province, base=bases[0], program=other, repeat=1
    )
    record("roster_export_vs_write_only", ratio, 0.5, "× openpyxl write-only",
           f"{rows} rows: {portal:.2f} s vs {floor:.2f} s")  # fmt: skip
    ratio, portal, bare, peaks = documents.measure_letters(pages=args.letters, repeat=args.repeat)
    record("letters_vs_bare_canvas", ratio, 0.5, "× bare reportlab canvas",
           f"{args.letters} pages: {portal:.2f} s vs {bare:.2f} s; peak {peaks[0]:.1f} MiB for "
           f"{args.letters // 4} pages, {peaks[1]:.1f} MiB for {args.letters}")  # fmt: skip
    _statistics(record, args.repeat)
    _report(results, write=True)


def _statistics(record, repeat: int) -> None:
    from programs.models import Program

    from .statistics_sheet import measure_province_workbook

    year = Program.objects.get(code="weihai-2019").year
    ratio, memory, portal, floor, portal_mib, floor_mib = measure_province_workbook(year=year, repeat=repeat)
    record("province_sheet_vs_raw", ratio, round(1 / 3, 3), "× raw GROUP BY + write-only",
           f"{portal:.3f} s vs {floor:.3f} s")  # fmt: skip
    record("province_sheet_memory", memory, 0.5, "× write-only peak",
           f"{portal_mib:.2f} MiB vs {floor_mib:.2f} MiB")  # fmt: skip


def _report(results: dict, *, write: bool) -> None:
    if write:
        RESULTS.write_text(
            json.dumps(
                {k: {f: v[f] for f in ("value", "aim", "unit")} for k, v in results.items()},
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    print()
    print(f"{'measure':<30}{'value':>8}{'aim':>7}  {'verdict':<8}{'baseline':<26}detail")
    for name, r in results.items():
        verdict = "meets" if r["value"] >= r["aim"] else "misses"
        print(f"{name:<30}{r['value']:>8.3f}{r['aim']:>7.2f}  {verdict:<8}{r['unit']:<26}{r['detail']}")
    print(f"Written to {RESULTS}" if write else "(results.json not written: only one measure ran)")


main()
