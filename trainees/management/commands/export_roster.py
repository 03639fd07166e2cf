"""`manage.py export_roster --program CODE --base CODE_OR_NAME --out FILE.xlsx`: the base's 花名册 in the
programme (德州 附件3), the same file the portal's export job builds, recorded in the audit log.

The base is found as ``import_roster`` finds it (its code or its full name, in the programme's city).
Every problem is a Chinese message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from core.commandline import usage_error
from core.errors import PortalError
from trainees.management.commands.import_roster import base_profile, find_base, find_program
from trainees.reports import roster_export_file


class Command(BaseCommand):
    help = "导出培训基地在某项目中的学员花名册（德州 附件3 格式，xlsx，含完整身份证号码，记入操作日志）。"

    def add_arguments(self, parser: CommandParser) -> None:
        # Checked in handle() rather than by argparse, so that the message is in Chinese like the rest.
        parser.add_argument("--program", help="培训项目代码，如 dezhou-2021")
        parser.add_argument("--base", help="培训基地代码或全称")
        parser.add_argument("--out", help="要写入的 xlsx 文件")

    def handle(self, *args, **options) -> None:
        if not options["out"]:
            raise usage_error("请用 --out 指定要写入的文件，如 --out 花名册.xlsx")
        if not options["base"]:
            raise usage_error("请用 --base 指定培训基地（代码或全称）")
        program = find_program(options["program"])
        base = base_profile(find_base(options["base"], program))
        out = Path(options["out"])
        try:
            _, content, _ = roster_export_file(base=base, program=program, actor=None)
        except PortalError as exc:
            raise usage_error(str(exc)) from exc
        try:
            out.write_bytes(content)
        except OSError as exc:
            raise usage_error(f"无法写入文件 {out}：{exc.strerror}") from exc
        self.stdout.write(f"已导出 {base.name} 在“{program.name}”的学员花名册：{out}")
