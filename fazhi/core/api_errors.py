"""JSON errors in Chinese for every API endpoint (REST_FRAMEWORK["EXCEPTION_HANDLER"])."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .services import ConflictError


def _messages(error: DjangoValidationError) -> Any:
    if hasattr(error, "error_dict"):
        return {k: [m for e in v for m in e.messages] for k, v in error.error_dict.items()}
    return {"detail": "；".join(error.messages)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Django ValidationError → 400, ConflictError/IntegrityError → 409, Http404 → 404, all in Chinese JSON."""
    if isinstance(exc, ConflictError):
        # Stale version or a transition another user already made: 409, naming the newer change.
        return Response({"detail": "；".join(exc.messages), "code": "conflict"}, status=409)
    if isinstance(exc, IntegrityError):
        # Two simultaneous writes of the same unique value (e.g. a court case number): the loser's
        # transaction was rolled back, so nothing changed; say so instead of a 500.
        return Response(
            {
                "detail": "该记录与他人同时提交的记录重复（例如案号已被登记），本次未保存，请刷新后核对",
                "code": "conflict",
            },
            status=409,
        )
    if isinstance(exc, DjangoValidationError):
        return Response(_messages(exc), status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("记录不存在或您无权查看")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "您没有执行该操作的权限")
    elif isinstance(exc, exceptions.NotAuthenticated):
        exc = exceptions.NotAuthenticated("请先登录")
    elif isinstance(exc, exceptions.AuthenticationFailed):
        exc = exceptions.AuthenticationFailed("身份认证失败")
    elif isinstance(exc, exceptions.Throttled):
        exc = exceptions.Throttled(exc.wait, detail=f"请求过于频繁，请 {int(exc.wait or 1)} 秒后再试")
    return drf_exception_handler(exc, context)
