from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the demo organisations, users and data (idempotent). Refused where demo data is not allowed."

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("此环境不允许创建演示数据（ALLOW_DEMO_DATA 未开启）。")
        with transaction.atomic():
            for dotted in settings.DEMO_SEEDERS:
                import_string(dotted)()
        from accounts.demo import DEMO_PASSWORD

        self.stdout.write(
            self.style.SUCCESS(f"演示数据已就绪，演示账号密码均为 {DEMO_PASSWORD}（账号见 README）")
        )
