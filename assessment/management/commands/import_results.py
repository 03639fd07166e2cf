"""`manage.py import_results FILE.xlsx --program CODE --base CODE [--dry-run] [--json]`: the bulk-load twin
of the results grid, through the same judge (assessment.judge) and the same service.

The table is saved whole or not at all, into the base's batch (which must be open: 录入中 or 已退回更正).
Exit 0 when saved (or, with --dry-run, it would be), 1 when a row is rejected (nothing saved; the report
gives each row's reasons), 2 for an unreadable file, an unknown programme or base, or a frozen batch — a
Chinese message on stderr, never a traceback. ``--json`` prints the roster report's shape (SPEC §6).
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, transaction

from assessment.judge import ResultsFileError, ResultsReport
from assessment.services import ResultsError, batch_get_or_create, results_read, results_save
from core.commandline import EXIT_REJECTED, database_message, existing_file, usage_error, write_rows_report
from trainees.management.commands.import_roster import base_profile, find_base, find_program


class Command(BaseCommand):
    help = "导入考核结果表：整表通过才保存；--dry-run 仅校验，--json 输出 JSON。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="考核结果表（.xlsx，表头见平台模板）")
        parser.add_argument("--program", help="培训项目代码，如 dezhou-2021")
        parser.add_argument("--base", help="培训基地代码或全称")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入数据库")
        parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")

    def handle(self, *args, **options) -> None:
        path = existing_file(options["file"])
        program = find_program(options["program"])
        if not options["base"]:
            raise usage_error("请用 --base 指定培训基地（代码或全称）")
        base = base_profile(find_base(options["base"], program))
        try:
            report = results_read(program, base, path)
        except ResultsFileError as exc:
            raise usage_error(f"考核结果表“{path.name}”无法读取：{exc}") from exc
        saved = 0
        if not report.rejected:
            try:
                with transaction.atomic():
                    batch = batch_get_or_create(program=program, base=base)
                    saved = results_save(actor=None, batch=batch, report=report, source=path.name)
                    # The dry run takes exactly the commit's path, then rolls it back.
                    transaction.set_rollback(options["dry_run"])
            except ResultsError as exc:
                raise usage_error(exc.message) from exc
            except DatabaseError as exc:
                raise usage_error(database_message(exc)) from exc
        data = {
            **report.as_dict(),
            "saved": 0 if options["dry_run"] else saved,
            "dry_run": options["dry_run"],
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            self.write_text(report, data)
        if report.rejected:
            sys.exit(EXIT_REJECTED)

    def write_text(self, report: ResultsReport, data: dict) -> None:
        self.stdout.write(f"{report.accepted} 行通过，{report.rejected} 行不通过")
        write_rows_report(
            self.stdout.write,
            report.rows,
            rejected=report.rejected,
            dry_run=data["dry_run"],
            what="考核结果",
            saved=f"已保存 {data['saved']} 名学员的考核结果。",
        )
