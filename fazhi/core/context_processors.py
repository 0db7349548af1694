from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .registry import registry


def platform(request: HttpRequest) -> dict[str, Any]:
    """The navigation entries the current user's roles may use."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    roles = user.role_codes
    return {"nav_items": [n for n in registry.nav if roles & n.roles]}
