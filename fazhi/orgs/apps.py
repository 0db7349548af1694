from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "fazhi.orgs"
    label = "orgs"
    verbose_name = "机构与人员"

    def ready(self) -> None:
        from . import signals  # noqa: F401
