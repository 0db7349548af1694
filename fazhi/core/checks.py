"""``check --deploy`` notes on running several app servers (docs/deploy.md § 多台应用服务器)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Info, Tags, register


@register(Tags.caches, deploy=True)
def process_local_cache(app_configs: Any = None, **kwargs: Any) -> list[Info]:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if not backend.endswith("LocMemCache"):
        return []
    return [
        Info(
            "缓存在进程内存中（LocMemCache）：只部署一台应用服务器时无妨；多台时接口限流按每台分别计数。",
            hint="多台应用服务器请设置 REDIS_URL，或设置 FAZHI_CACHE=database 并运行 manage.py createcachetable",
            id="fazhi.I001",
        )
    ]
