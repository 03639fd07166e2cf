from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    """Statistics tables, their submission, dashboards and class archives (SPEC §10).

    The Python package is ``stats``, not ``statistics``: a top-level ``statistics`` package would shadow
    the standard library module that Django's SQLite backend imports. The app label stays ``statistics``."""

    name = "stats"
    label = "statistics"
    verbose_name = "统计报表"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.audit import ACTIONS

        # The app's audited actions, added to the portal's one vocabulary.
        ACTIONS.update(
            {
                "statistics.export": "导出培训情况统计表",
                "statistics.submit": "报送培训情况统计表",
                "archive.create": "生成班次归档",
                "archive.delete": "删除班次归档",
                "performance.save": "保存绩效评估报告",
                "performance.submit": "报送绩效评估报告",
                "performance.return": "退回绩效评估报告",
            }
        )
        from . import tasks  # noqa: F401  (declares the job kinds)
