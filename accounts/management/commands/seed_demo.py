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
        from accounts.demo import DEMO_PASSWORD, DEMO_USERS

        self.stdout.write(
            self.style.SUCCESS(f"演示数据已就绪：{len(DEMO_USERS)} 个演示账号，密码 {DEMO_PASSWORD}")
        )
