"""`manage.py import_attendance FILE.xlsx --class ID [--dry-run] [--json]`: the bulk-load twin of the
browser's attendance grid import, through the same judge (attendance.grid) and the same service.

A filled grid is saved whole or not at all. Exit 0 when it was saved (or, with --dry-run, would be),
1 when some row is rejected (nothing saved; the report says why, row by row), 2 when the file cannot be
read or the class is unknown — a Chinese message on stderr, never a traceback.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from attendance.grid import GridError, GridReport, grid_read
from attendance.models import TrainingClass
from attendance.services import DeliveryError, attendance_import
from core.commandline import EXIT_REJECTED, existing_file, usage_error, write_rows_report


class Command(BaseCommand):
    help = "导入班次考勤表（由平台导出的考勤表填写）：整表通过才保存；--dry-run 仅校验，--json 输出 JSON。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="考勤表（.xlsx，由班次页“导出考勤表”得到）")
        parser.add_argument("--class", dest="class_id", help="班次编号（班次页地址中的数字）")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入数据库")
        parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")

    def handle(self, *args, **options) -> None:
        path = existing_file(options["file"])
        training_class = _class(options["class_id"])
        try:
            report = grid_read(training_class, path)
        except GridError as exc:
            raise usage_error(f"考勤表“{path.name}”无法读取：{exc}") from exc
        saved = 0
        if not report.rejected:
            try:
                with transaction.atomic():
                    saved = attendance_import(
                        actor=None, training_class=training_class, marks=report, source=path.name
                    )
                    # The dry run takes exactly the commit's path, then rolls it back.
                    transaction.set_rollback(options["dry_run"])
            except DeliveryError as exc:
                raise usage_error(exc.message) from exc
        data = {
            **report.as_dict(),
            "saved": 0 if options["dry_run"] else saved,
            "dry_run": options["dry_run"],
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            self.write_text(report, training_class, data)
        if report.rejected:
            sys.exit(EXIT_REJECTED)

    def write_text(self, report: GridReport, training_class: TrainingClass, data: dict) -> None:
        self.stdout.write(
            f"班次 {training_class.pk}（{training_class.name}）：{report.accepted} 行通过，"
            f"{report.rejected} 行不通过，{data['marks']} 条考勤"
        )
        write_rows_report(
            self.stdout.write,
            report.rows,
            rejected=report.rejected,
            dry_run=data["dry_run"],
            what="考勤",
            saved=f"已保存 {data['saved']} 条考勤。",
        )


def _class(value: str | None) -> TrainingClass:
    if not value:
        raise usage_error("请用 --class 指定班次编号")
    if not value.isdigit():
        raise usage_error(f"班次编号应为数字，实为“{value}”")
    training_class = (
        TrainingClass.objects.select_related("program__policy", "base__organisation")
        .filter(pk=int(value))
        .first()
    )
    if training_class is None:
        raise usage_error(f"没有编号为 {value} 的班次")
    return training_class
