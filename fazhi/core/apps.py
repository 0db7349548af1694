from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        # Each app's hooks.py registers its navigation, workbench items, deadline rules,
        # demo loader, import/export kinds and figure providers (see registry.py).
        autodiscover_modules("hooks")
        from . import checks  # noqa: F401  (registers the deploy checks)
