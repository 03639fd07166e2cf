from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "结业考核与技能鉴定"

    def ready(self) -> None:
        from . import workflows  # noqa: F401  (declares the audit actions of results)
