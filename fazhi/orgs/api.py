from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from . import selectors, tokens
from .models import OrgUnit


class OrgUnitSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_label",
            "parent",
            "credit_code",
            "is_enforcement_team",
        ]


class OrgUnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrgUnitSerializer
    filterset_fields = ["kind", "parent"]

    def get_queryset(self) -> Any:
        return selectors.orgs_for(self.request.user).order_by("id")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


def _login_refusal(request: Any, username: str) -> Any:
    from fazhi.security import gate

    from .views import lockout_response

    if gate.address_blocked(request):
        return Response({"detail": gate.ADDRESS_BLOCKED_MESSAGE}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    if gate.account_locked(request, username):
        return lockout_response(request)
    if gate.captcha_required(request, username):
        return Response({"detail": gate.API_CAPTCHA_MESSAGE}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    return None


@extend_schema(
    request=TokenRequestSerializer,
    responses=inline_serializer(
        "Token",
        {
            "token": serializers.CharField(help_text="请求头 Authorization: Token <token>；只返回这一次"),
            "expiry": serializers.DateTimeField(
                help_text="无操作失效时间；每次使用顺延，但不超过签发后 FAZHI_TOKEN_MAX_HOURS 小时"
            ),
        },
    ),
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([AnonRateThrottle])
def obtain_token(request: Request) -> Response:
    """Exchange username/password for an API token. Same lockout as the login form (django-axes).

    The token is stored hashed, expires after ``FAZHI_TOKEN_IDLE_MINUTES`` without use and at the
    latest ``FAZHI_TOKEN_MAX_HOURS`` after issue, and is revoked on logout, password change and lock.
    """
    data = TokenRequestSerializer(data=request.data)
    if not data.is_valid():
        return Response({"detail": "请提供用户名和密码"}, status=status.HTTP_400_BAD_REQUEST)
    # The API cannot show a CAPTCHA: where the form would demand one, it refuses (fazhi.security.gate).
    refusal = _login_refusal(request._request, data.validated_data["username"])
    if refusal is not None:
        return refusal
    # authenticate() goes through AxesStandaloneBackend, which refuses locked accounts and counts failures.
    user = authenticate(
        request._request, username=data.validated_data["username"], password=data.validated_data["password"]
    )
    if getattr(request._request, "axes_locked_out", False):
        from .views import lockout_response

        return lockout_response(request._request)
    if user is None:
        return Response({"detail": "用户名或密码错误"}, status=status.HTTP_400_BAD_REQUEST)
    instance, key = tokens.issue_token(user, request=request)
    return Response({"token": key, "expiry": serializers.DateTimeField().to_representation(instance.expiry)})


@extend_schema(request=None, responses={204: None})
@api_view(["POST"])
@permission_classes([IsAuthenticated])  # also for an account that must first change its password
def revoke_token(request: Request) -> Response:
    """API logout: revoke the token this request was made with (with a session: every token of the
    account). Audited."""
    if isinstance(request.auth, AuthToken):
        tokens.revoke_token(request.auth, actor=request.user, reason="api_logout", request=request)
    else:
        tokens.revoke_all_tokens(request.user, actor=request.user, reason="api_logout", request=request)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    responses=inline_serializer(
        "Me",
        {
            "username": serializers.CharField(),
            "real_name": serializers.CharField(),
            "org": inline_serializer(
                "MeOrg", {"id": serializers.IntegerField(), "name": serializers.CharField()}
            ),
            "roles": serializers.ListField(child=serializers.CharField()),
        },
    )
)
@api_view(["GET"])
def me(request: Request) -> Response:
    user = request.user
    return Response(
        {
            "username": user.username,
            "real_name": user.real_name,
            "org": {"id": user.org_id, "name": user.org.name} if user.org_id else None,
            "roles": sorted(user.role_codes),
        }
    )
