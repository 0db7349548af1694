"""The manifest of the public portal (公示): its front page shows the sections other manifests declare."""

from fazhi.core.modules import ModuleConfig


class PortalConfig(ModuleConfig):
    name = "fazhi.portal"
    label = "portal"
    verbose_name = "公示"
    order = 60
