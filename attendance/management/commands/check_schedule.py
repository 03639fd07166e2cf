"""`manage.py check_schedule FILE.xlsx --program CODE [--start YYYY-MM-DD --end YYYY-MM-DD] [--json]`:
judge a 课程安排表 against the programme's hour rules with the same checker as the browser (SPEC §7).

Exit 0 with no breach, 1 with breaches, 2 when the file cannot be read or the programme is unknown — a
Chinese message on stderr, never a traceback.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandParser

from attendance.schedule import HourRules, ScheduleError, schedule_check, schedule_read
from core.commandline import existing_file, iso_date_option, usage_error
from programs.models import Program

EXIT_BREACHES = 1


class Command(BaseCommand):
    help = "按培训项目的课时规定检查课程安排表（xlsx）：有问题退出码 1，文件无法读取退出码 2。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="课程安排表（.xlsx / .xls，使用平台下载的模板）")
        parser.add_argument("--program", help="培训项目代码，如 linyi-2023")
        parser.add_argument("--start", help="培训开始日期 YYYY-MM-DD")
        parser.add_argument("--end", help="培训结束日期 YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")

    def handle(self, *args, **options) -> None:
        start, end = iso_date_option(options["start"], "--start"), iso_date_option(options["end"], "--end")
        if start and end and start > end:
            raise usage_error("--start 不能晚于 --end")
        path = existing_file(options["file"])
        program = _program(options["program"])
        try:
            sessions, invalid = schedule_read(path)
        except ScheduleError as exc:
            raise usage_error(f"课程安排表“{path.name}”无法读取：{exc}") from exc
        check = schedule_check(
            sessions,
            HourRules.from_policy(program.policy),
            invalid=invalid,
            period_start=start,
            period_end=end,
        )
        if options["json"]:
            self.stdout.write(json.dumps(check.as_dict(), ensure_ascii=False))
        else:
            self.write_text(check, program)
        if not check.ok:
            sys.exit(EXIT_BREACHES)

    def write_text(self, check, program: Program) -> None:
        hours = check.as_dict()["hours"]
        self.stdout.write(
            f"项目 {program.code}：总课时 {hours['total']}（思政 {hours['思政']}，理论 {hours['理论']}，"
            f"实操 {hours['实操']}；其中线上 {hours['online']}）"
        )
        if check.ok:
            self.stdout.write("符合课时规定。")
            return
        for breach in check.breaches:
            rows = f"（第 {'、'.join(map(str, breach.rows))} 行）" if breach.rows else ""
            self.stdout.write(f"  - [{breach.code}] {breach.message}{rows}")
        self.stdout.write(f"共 {len(check.breaches)} 处不符合规定。")


def _program(code: str | None) -> Program:
    if not code:
        raise usage_error("请用 --program 指定培训项目代码，如 --program linyi-2023")
    program = Program.objects.select_related("policy").filter(code=code).first()
    if program is None:
        raise usage_error(f"找不到项目代码为“{code}”的培训项目")
    if program.policy is None:
        raise usage_error(f"项目“{program.name}”尚未设置政策")
    return program
