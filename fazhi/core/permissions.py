"""View guards by role (DESIGN.md §5). Scope of single records is enforced in selectors (404)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated or not request.user.has_role(*roles):
                raise PermissionDenied("您的角色无权使用此功能")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def business_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages of business data: bureau staff, clerks and leaders; never the three administrators."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not request.user.sees_business_data:
            raise PermissionDenied("管理员账号不能查看业务数据（三员分立）")
        return view(request, *args, **kwargs)

    return wrapped


def writer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages that change business data: bureau staff and clerks; leaders are read-only."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not request.user.can_write_business:
            raise PermissionDenied("您的角色只能查看，不能修改数据")
        return view(request, *args, **kwargs)

    return wrapped
