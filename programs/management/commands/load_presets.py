from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from accounts.services import regions_load
from programs.services import presets_load


class Command(BaseCommand):
    help = "Load the occupation catalogue and the five preset programmes of the notices (idempotent)."

    def handle(self, *args, **options):
        if not Organisation.objects.filter(kind=Organisation.Kind.CITY).exists():
            regions_load()  # the presets belong to cities: make sure the tree is there
        try:
            programs = presets_load()
        except Organisation.DoesNotExist as exc:
            raise CommandError("预设项目所属的市不存在，请先加载行政区划。") from exc
        for program in programs:
            self.stdout.write(f"{program.code}\t{program.name}")
        self.stdout.write(self.style.SUCCESS(f"已加载 {len(programs)} 个预设项目。"))
