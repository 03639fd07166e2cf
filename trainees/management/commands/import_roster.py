"""`manage.py import_roster FILE.xlsx --program CODE [--base CODE_OR_NAME] [--as-of YYYY-MM-DD] [--dry-run]
[--json]`: the bulk-load twin of the browser roster import (SPEC §6), through the same trainees.roster path.

Every problem the user can fix (unknown programme or base, bad date, missing or malformed file) ends with
a Chinese message on stderr and exit code 2, never a traceback. Rows that fail eligibility are not an
error: they are listed in the report and the exit code stays 0.
"""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, transaction

from accounts.models import Organisation
from bases.models import Base
from core.commandline import existing_file, iso_date_option, usage_error
from core.idcard import mask_id_number
from programs.choices import Route
from programs.models import Program
from trainees.roster import RosterError, RosterReport, read_roster
from trainees.services import ImportConflict, roster_enrol


class Command(BaseCommand):
    help = "校验学员花名册（xlsx/xls）：逐行给出资格审核结果；--dry-run 仅校验不保存，--json 输出 JSON。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="花名册文件（.xlsx 或 .xls，使用平台下载的花名册模板）")
        # Checked in handle() rather than by argparse, so that the message is in Chinese like the rest.
        parser.add_argument("--program", help="培训项目代码，如 linyi-2023")
        parser.add_argument("--base", help="培训基地代码或全称")
        parser.add_argument("--as-of", dest="as_of", help="资格审核基准日 YYYY-MM-DD（默认取项目设置）")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入数据库")
        parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")

    def handle(self, *args, **options) -> None:
        as_of = parse_as_of(options["as_of"])
        path = existing_file(options["file"])
        program = find_program(options["program"])
        base = find_base(options["base"], program) if options["base"] else None
        try:
            rows = read_roster(path)
        except RosterError as exc:
            raise usage_error(f"花名册“{path.name}”无法导入：{exc}") from exc

        dry_run = options["dry_run"]
        if not dry_run and base is None:
            raise usage_error("保存花名册须用 --base 指定培训基地（代码或全称）；仅校验请加 --dry-run")
        profile = base_profile(base) if base else None
        try:
            # A dry run goes through the very same path as the commit, inside a transaction that is always
            # rolled back, so it can never leave a write behind.
            with transaction.atomic():
                outcome = roster_enrol(
                    actor=None, program=program, base=profile, rows=rows, as_of=as_of, commit=not dry_run
                )
                if dry_run:
                    transaction.set_rollback(True)
        except ImportConflict as exc:  # includes ImportNotSaved: the database refused, nothing saved
            raise usage_error(str(exc)) from exc
        except DatabaseError as exc:
            raise usage_error(
                "读取数据库时出错，未保存任何数据。请稍后重试；如仍不成功，请联系管理员。"
            ) from exc
        report = outcome.report

        self.dry_run = dry_run
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self.write_table(report, program)

    def write_table(self, report: RosterReport, program: Program) -> None:
        for result in report.rows:
            id_number = mask_id_number(result.id_number) or "（无身份证号码）"
            who = f"第 {result.row} 行  {result.name or '（无姓名）'}  {id_number}"
            if result.is_accepted:
                self.stdout.write(f"{who}  通过（{route_label(result.route)}）")
                continue
            self.stdout.write(f"{who}  不通过")
            for reason in result.reasons:
                self.stdout.write(f"    - [{reason.code}] {reason.message}")
        self.stdout.write(
            f"合计 {len(report.rows)} 行：{'通过' if self.dry_run else '已保存'} {report.accepted} 行，"
            f"不通过 {report.rejected} 行"
            f"（项目 {program.code}，政策第 {report.policy_version} 版，"
            f"基准日 {report.reference_date:%Y-%m-%d}）"
        )


def route_label(route: str) -> str:
    # A programme without routes (project-based) accepts without any: say so rather than print "".
    return str(Route(route).label) if route else "无报名途径要求"


def parse_as_of(value: str | None) -> date | None:
    return iso_date_option(value, "--as-of")


def find_program(code: str | None) -> Program:
    if not code:
        raise usage_error("请用 --program 指定培训项目代码，如 --program linyi-2023")
    program = Program.objects.select_related("policy", "city").filter(code=code).first()
    if program is None:
        raise usage_error(f"找不到项目代码为“{code}”的培训项目")
    if program.policy is None:
        raise usage_error(f"项目“{program.name}”尚未设置政策，无法审核报名资格")
    return program


def find_base(value: str, program: Program) -> Organisation:
    bases = Organisation.objects.filter(kind=Organisation.Kind.BASE)
    base = bases.filter(code=value).first()
    if base is None:
        named = list(bases.filter(name=value)[:2])
        if len(named) > 1:
            raise usage_error(f"有多个名为“{value}”的培训基地，请改用基地代码")
        if not named:
            raise usage_error(f"找不到代码或名称为“{value}”的培训基地")
        base = named[0]
    # A base trains for its own city's programmes only; importing elsewhere is a mistake, not a choice.
    if base.city_id != program.city_id:
        raise usage_error(f"培训基地“{base.name}”不属于项目“{program.name}”所在的{program.city.name}")
    return base


def base_profile(organisation: Organisation) -> Base:
    profile = Base.objects.filter(organisation=organisation).first()
    if profile is None:
        raise usage_error(f"“{organisation.name}”尚未登记为培训基地")
    return profile
