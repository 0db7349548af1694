from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "fazhi.security"
    label = "security"
    verbose_name = "安全管理"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (login failure log, burst alert, session register)
