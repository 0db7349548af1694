"""The domain modules whose pages and API are mounted: read from the installed manifests (kept apart
to avoid an import cycle). Each module's ``urls`` is mounted at ``/<url_prefix>/`` with its label as
namespace, its ``api_urls`` under ``/api/v1/``."""

from __future__ import annotations

from fazhi.core.modules import ModuleConfig, installed


def domain_modules() -> list[ModuleConfig]:
    return installed()


DOMAIN_APPS = [m.label for m in installed()]
