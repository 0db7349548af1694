"""API tokens (RULES.md §9): hashed, expiring, revocable, every issue and revocation audited.

Tokens are django-rest-knox ``AuthToken`` rows: only a SHA-512 digest is stored, never the key, so
nobody — not even the system administrator with database access — can read another user's token.
Lifetime (settings ``REST_KNOX``, driven by ``FAZHI_TOKEN_IDLE_MINUTES`` / ``FAZHI_TOKEN_MAX_HOURS``):
a token expires after ``TOKEN_TTL`` without use (each use pushes the expiry on, knox ``AUTO_REFRESH``)
and never lives longer than ``AUTO_REFRESH_MAX_TTL`` after it was issued, however often it is used.

Tokens are revoked on logout, password change or reset, lockout and deactivation (callers below and
``fazhi.orgs.signals``). A request authenticated by a token is not an audit event; issuing and
revoking one is.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import exceptions

from fazhi.audit.services import record

from .models import User


def _http_request(request: Any) -> HttpRequest | None:
    """The Django request behind a DRF request (the audit row takes its IP from it)."""
    return getattr(request, "_request", request)


@transaction.atomic
def issue_token(user: User, *, request: Any = None) -> tuple[AuthToken, str]:
    """Issue a new token to ``user`` (who has just proved the password) and audit it.

    Returns the stored row and the clear key; the key is shown to the caller once and kept nowhere.
    The audit row names the token by its expiry only — never the key, its prefix or its digest.
    """
    if not user.is_active:
        # Defence in depth: authenticate() already refuses inactive accounts.
        raise exceptions.AuthenticationFailed("账号已停用")
    instance, key = AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)
    record(
        "auth.token_issue",
        actor=user,
        obj=user,
        request=_http_request(request),
        changes={
            "expiry": instance.expiry,
            "max_expiry": _max_expiry(instance),
            "active_tokens": user.auth_token_set.filter(expiry__gt=timezone.now()).count(),
        },
    )
    return instance, key


def _max_expiry(token: AuthToken) -> Any:
    max_ttl = knox_settings.AUTO_REFRESH_MAX_TTL
    return token.created + max_ttl if max_ttl is not None else None


@transaction.atomic
def revoke_token(token: AuthToken, *, actor: Any, reason: str, request: Any = None) -> None:
    """Revoke one token (API logout with that token) and audit it."""
    user = token.user
    token.delete()
    record(
        "auth.token_revoke",
        actor=actor,
        obj=user,
        request=_http_request(request),
        changes={"reason": reason, "revoked": 1},
    )


@transaction.atomic
def revoke_all_tokens(user: User, *, actor: Any, reason: str, request: Any = None) -> int:
    """Revoke every token of ``user``; returns how many. Audited only when there was one to revoke,
    so that a logout without tokens adds no noise to the trail."""
    count, _ = AuthToken.objects.filter(user=user).delete()
    if count:
        record(
            "auth.token_revoke",
            actor=actor,
            obj=user,
            request=_http_request(request),
            changes={"reason": reason, "revoked": count},
        )
    return count


class TokenAuthentication(KnoxTokenAuthentication):
    """knox token authentication (``Authorization: Token <key>``) with Chinese messages.

    knox already refuses expired tokens (deleting them), renews the idle expiry up to the
    absolute maximum and refuses inactive accounts; failures become "身份认证失败" through
    ``fazhi.core.api_errors``.
    """

    def validate_user(self, auth_token: AuthToken) -> tuple[User, AuthToken]:
        if not auth_token.user.is_active:
            raise exceptions.AuthenticationFailed("账号已停用")
        return auth_token.user, auth_token


class TokenScheme(OpenApiAuthenticationExtension):
    """OpenAPI: ``Authorization: Token <key>`` for our knox subclass (drf-spectacular ignores
    subclasses of its built-in knox extension)."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
