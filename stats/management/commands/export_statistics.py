"""python manage.py export_statistics --program CODE [--base CODE | --county CODE] --out FILE.xlsx"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from core.audit import audit_record
from programs.models import Program
from stats.services import StatisticsError, sheet_build

Kind = Organisation.Kind


class Command(BaseCommand):
    help = "导出培训情况统计表（按项目的统计表样式；基地、县区或全市）"

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True, help="项目代码，如 dezhou-2021")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--base", help="基地机构代码或名称")
        group.add_argument("--county", help="县区机构代码或名称")
        parser.add_argument("--out", required=True, help="输出的 xlsx 文件")

    def handle(self, *args, **options):
        program = Program.objects.filter(code=options["program"]).select_related("city").first()
        if program is None:
            raise CommandError(f"找不到培训项目“{options['program']}”。")
        organisation = program.city
        for kind, key in ((Kind.BASE, "base"), (Kind.COUNTY, "county")):
            if options[key]:
                organisation = self._organisation(kind, options[key], program)
        try:
            _name, content, result = sheet_build(program=program, organisation=organisation)
        except StatisticsError as exc:
            raise CommandError(str(exc)) from exc
        Path(options["out"]).write_bytes(content)
        audit_record(
            actor=None,
            action="statistics.export",
            obj=program,
            organisation=organisation,
            note=f"命令行导出统计表：{organisation.name} · {program.name}",
        )
        self.stdout.write(
            f"已导出 {organisation.name} 的统计表（培训 {result.total()} 人）：{options['out']}"
        )

    def _organisation(self, kind: str, term: str, program: Program) -> Organisation:
        found = Organisation.objects.filter(kind=kind, city=program.city).filter(code=term).first()
        found = found or Organisation.objects.filter(kind=kind, city=program.city, name=term).first()
        if found is None:
            raise CommandError(f"在{program.city.name}找不到“{term}”。")
        return found
