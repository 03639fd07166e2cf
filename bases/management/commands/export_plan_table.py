from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bases.reports import plan_table_file
from programs.models import Program


class Command(BaseCommand):
    help = "Write a programme's plan table (its approved plans) as xlsx, in the layout the programme uses."

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True, help="programme code, e.g. dezhou-2021")
        parser.add_argument("--out", required=True, help="the xlsx file to write")

    def handle(self, *args, program: str, out: str, **options):
        found = Program.objects.filter(code=program).first()
        if found is None:
            raise CommandError(f"项目代码“{program}”不存在。", returncode=2)
        _, content = plan_table_file(found)
        try:
            Path(out).write_bytes(content)
        except OSError as exc:
            raise CommandError(f"无法写入文件 {out}：{exc.strerror}", returncode=2) from exc
        self.stdout.write(self.style.SUCCESS(f"已导出 {found.name} 的培训计划表：{out}"))
