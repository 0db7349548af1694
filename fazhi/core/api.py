"""API conventions shared by every module: pagination and permissions."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

#: The largest id a BIGINT column holds: a larger one in a request is a 400, never a database error.
MAX_ID = 2**63 - 1


def entered_date(value: Any) -> Any:
    """Serializer validator: the shared plausible-date rule of ``core.dates`` (no 0002-01-01, no future)."""
    from .dates import entered_date_error

    msg = entered_date_error(value, "日期")
    if msg:
        raise serializers.ValidationError(msg)
    return value


def version_field() -> serializers.IntegerField:
    """The ``version`` every API update/action must send back (9.3): missing → 400, stale → 409."""
    from .services import MISSING_VERSION_MESSAGE

    return serializers.IntegerField(
        min_value=1,
        max_value=2_147_483_647,
        help_text="读取记录时得到的 version（乐观锁）：缺少时 400，已被他人修改时 409",
        error_messages={
            "required": MISSING_VERSION_MESSAGE,
            "null": MISSING_VERSION_MESSAGE,
            "invalid": "版本号无效，应为读取记录时得到的整数 version",
            "min_value": "版本号无效，应为读取记录时得到的整数 version",
            "max_value": "版本号无效，应为读取记录时得到的整数 version",
        },
    )


class KeysetCursorPagination(CursorPagination):
    """Cursor (keyset) pagination: no COUNT, stable at any depth; ``page_size`` up to 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"
    invalid_cursor_message = "分页游标无效，请去掉 cursor 参数从第一页重新开始"

    def decode_cursor(self, request: Any) -> Any:
        """A malformed or tampered cursor is a 400 in Chinese, never a 500 from the database.

        DRF only checks the base64; its ``position`` then reaches ``id < …`` unchecked, so a
        non-integer position (or one beyond BIGINT) must be refused here.
        """
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": [self.invalid_cursor_message]}) from None
        if cursor is not None and cursor.position is not None:
            try:
                position = int(cursor.position)
            except (TypeError, ValueError):
                raise ValidationError({"cursor": [self.invalid_cursor_message]}) from None
            if not -(2**63) < position < 2**63:
                raise ValidationError({"cursor": [self.invalid_cursor_message]})
        return cursor


class PasswordIsCurrent(permissions.BasePermission):
    """A user who must change the password (first login, expired) may not use the API until then."""

    message = "请先登录网页修改密码（首次登录或密码已过期）后再使用接口"

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return True
        return not user.password_change_required()


class BusinessUsers(permissions.IsAuthenticated):
    """Every business API (复议, 应诉, 争议, 报告, 指标): administrators get 403, never an empty list.

    三员分立: 系统/安全/审计管理员 see no business data; one class so every module answers alike.
    """

    message = "管理员账号不能查看业务数据（三员分立）"

    def has_permission(self, request: Any, view: Any) -> bool:
        return super().has_permission(request, view) and bool(request.user.sees_business_data)


BUSINESS_API_PERMISSIONS = [BusinessUsers, PasswordIsCurrent]


class ReadOnlyForLeaders(permissions.BasePermission):
    """领导 read only; writes need a role that may enter data."""

    message = "您的角色只能查看，不能修改数据"

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated and request.user.can_write_business)
