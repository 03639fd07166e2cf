from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "机构与用户"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .login_security import stamp_session

        user_logged_in.connect(stamp_session, dispatch_uid="accounts.stamp_session")
