from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "培训合格证书"

    def ready(self) -> None:
        from . import services, tasks  # noqa: F401  (declare the audit actions and the job kinds)
