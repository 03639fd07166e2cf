from django.apps import AppConfig


class TraineesConfig(AppConfig):
    name = "trainees"
    verbose_name = "学员"

    def ready(self) -> None:
        # Celery's autodiscovery imports tasks.py only; the roster import's tasks live beside it.
        from . import import_tasks  # noqa: F401
