"""API conventions shared by every module: pagination and permissions."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.pagination import CursorPagination


class KeysetCursorPagination(CursorPagination):
    """Cursor (keyset) pagination: no COUNT, stable at any depth; ``page_size`` up to 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"
    invalid_cursor_message = "分页游标无效"


class PasswordIsCurrent(permissions.BasePermission):
    """A user who must change the password (first login, expired) may not use the API until then."""

    message = "请先登录网页修改密码（首次登录或密码已过期）后再使用接口"

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return True
        return not user.password_change_required()


class ReadOnlyForLeaders(permissions.BasePermission):
    """领导 read only; writes need a role that may enter data."""

    message = "您的角色只能查看，不能修改数据"

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated and request.user.can_write_business)
