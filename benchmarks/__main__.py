"""`python -m benchmarks`: the benchmarks at province scale (run by `make bench` on a throwaway
PostgreSQL, scripts/test.sh --bench). Merges this run's measures into benchmarks/results.json (a partial
run updates its own measures and keeps the others) and prints a table of each measure against its aim.

A group is one module of this package with ``measure(record, args)``: it measures and calls
``record(name, value, aim, unit, detail, better="higher")`` per measure. Groups (``--only a,b``):

  import       import_full_vs_raw           validated roster import vs openpyxl read + COPY of the same rows
  pages        trainee_list_vs_bare         the city's enrolment list (100,000 in scope) vs a bare 50-row page
               trainee_search_vs_bare       the same list searched by name
               home_vs_bare                 the city's home page
               audit_list_vs_bare           the city's audit log (100,000 entries)
  documents    roster_export_vs_write_only  a base's roster export vs openpyxl write-only of the same rows
               letters_vs_bare_canvas       commitment letters vs a bare canvas drawing the same pages
  statistics   statistics_vs_raw            the province statistics workbook vs raw GROUP BY + write-only
               statistics_memory            the same, tracemalloc peak of the floor / of the portal
  attendance   attendance_ingest_vs_copy    5,000,000 marks through the grid import vs COPY of the same rows
               hours_class_ms, hours_programme_s, hours_programme_growth (lower is better)
  certificates certificates_vs_bare_canvas  (module added by the certificates branch; skipped if absent)
"""

import argparse
import datetime
import importlib
import importlib.util
import inspect
import json
import os
import time
from pathlib import Path

import django

RESULTS = Path(__file__).resolve().parent / "results.json"
# Group → module of this package. Order = the order a full run measures them in.
GROUPS = {
    "import": "roster_import",
    "pages": "pages",
    "documents": "documents",
    "statistics": "statistics_sheet",
    "attendance": "attendance",
    "certificates": "certificates",
}
# Names of earlier runs, merged away so results.json holds one entry per measure.
RENAMED = {"province_sheet_vs_raw": "statistics_vs_raw", "province_sheet_memory": "statistics_memory"}


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Province-scale benchmarks (PostgreSQL)")
    groups = ", ".join(GROUPS)
    parser.add_argument("--only", default="", help=f"comma-separated groups: {groups} (default all)")
    parser.add_argument("--rows", type=int, default=5000, help="rows in the imported roster (default 5000)")
    parser.add_argument("--existing", type=int, default=100_000, help="enrolments stored (default 100,000)")
    parser.add_argument("--audit", type=int, default=100_000, help="audit entries stored (default 100,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs or rounds of each measure (median)")
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds of load per page round")
    parser.add_argument("--letters", type=int, default=1000, help="commitment letter pages (default 1000)")
    parser.add_argument("--certificates", type=int, default=1000, help="certificate pages (default 1000)")
    parser.add_argument(
        "--attendance", type=int, default=100_000, help="enrolments with attendance (default 100,000)"
    )
    parser.add_argument("--sessions", type=int, default=50, help="sessions per class (default 50)")
    parser.add_argument("--profile", action="store_true", help="profile the pages in-process and stop")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave results.json alone")
    parser.add_argument("--markdown", action="store_true", help="results.json as a Markdown table")
    args = parser.parse_args(argv)
    args.groups = [g.strip() for g in args.only.split(",") if g.strip()] or list(GROUPS)
    unknown = [g for g in args.groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}; groups: {', '.join(GROUPS)}")
    return args


def main() -> None:
    args = parse()
    if args.markdown:
        print(markdown(json.loads(RESULTS.read_text())))
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    if args.profile:
        from . import pages
        from .province import province

        world = province(args)
        default = "/trainees/,/trainees/?q=存量1234,/,/audit/,/bench/bare/"
        paths = os.environ.get("BENCH_PROFILE_PATHS", default)
        pages.profile(world.clerk, paths.split(","))
        return

    results: dict[str, dict] = {}
    skipped: list[str] = []

    def record(name: str, value: float, aim: float, unit: str, detail: str, better: str = "higher") -> None:
        results[name] = {"value": round(value, 3), "aim": aim, "unit": unit, "detail": detail}
        if better != "higher":
            results[name]["better"] = better
        print(f"  {name} = {value:.3f} {unit} (aim {aim}): {detail}")

    for group in args.groups:
        name = GROUPS[group]
        if importlib.util.find_spec(f"{__package__}.{name}") is None:
            skipped.append(f"{group}: benchmarks/{name}.py is absent, skipped")
            print(f"[{group}] skipped: benchmarks/{name}.py is absent")
            continue
        module = importlib.import_module(f"{__package__}.{name}")
        print(f"[{group}] ({name}.py)")
        started = time.monotonic()
        _call(module.measure, record, args)
        print(f"[{group}] done in {time.monotonic() - started:.0f} s")
    report(results, skipped=skipped, write=not args.no_write)


def _call(measure, record, args) -> None:
    """``measure(record, args)``; a module written as ``measure(record, count)`` gets its group's count."""
    parameters = list(inspect.signature(measure).parameters)
    if len(parameters) >= 2 and parameters[1] == "count":
        measure(record, args.certificates)
    else:
        measure(record, args)


def verdict(entry: dict) -> str:
    if entry.get("better") == "lower":
        return "meets" if entry["value"] <= entry["aim"] else "misses"
    return "meets" if entry["value"] >= entry["aim"] else "misses"


def markdown(results: dict) -> str:
    """The README's table of the latest figures."""
    lines = ["| measure | value | aim | verdict | measured | detail |", "|---|---:|---:|---|---|---|"]
    for name, entry in results.items():
        aim = ("≤ " if entry.get("better") == "lower" else "≥ ") + f"{entry['aim']:g}"
        lines.append(
            f"| `{name}` | {entry['value']:g} {entry['unit']} | {aim} | {verdict(entry)} | "
            f"{entry.get('measured', 'earlier')} | {entry.get('detail', '')} |"
        )
    return "\n".join(lines)


def report(results: dict, *, skipped: list[str], write: bool) -> dict:
    """Merge ``results`` into results.json (unless not ``write``) and print the whole table: this run's
    measures and, marked as such, those kept from earlier runs."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    merged = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    merged = {RENAMED.get(k, k): v for k, v in merged.items()}
    for entry in results.values():
        entry["measured"] = stamp
    merged.update(results)
    if write:
        RESULTS.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
    print()
    print(f"{'measure':<30}{'value':>9}{'aim':>8}  {'verdict':<8}{'baseline':<30}detail")
    for name, entry in merged.items():
        aim = ("≤ " if entry.get("better") == "lower" else "") + f"{entry['aim']:g}"
        when = "" if name in results else f"  [earlier run {entry.get('measured', '')}".rstrip() + "]"
        print(
            f"{name:<30}{entry['value']:>9.3f}{aim:>8}  {verdict(entry):<8}{entry['unit']:<30}"
            f"{entry.get('detail', '')}{when}"
        )
    for note in skipped:
        print(f"note: {note}")
    print(f"Merged into {RESULTS}" if write else "(--no-write: results.json left alone)")
    return merged


if __name__ == "__main__":
    main()
