"""Writes of the security console; each is audited in the same transaction (RULES.md §9)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

from fazhi.audit.services import axes_client_ip, diff, record, snapshot
from fazhi.orgs.tokens import revoke_all_tokens

from .models import LoginFailure, SecurityAlert, SecurityPolicy, UserSession

POLICY_FIELDS = [
    "min_length",
    "min_classes",
    "lock_threshold",
    "lock_minutes",
    "password_max_age_days",
    "session_idle_minutes",
]


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": "请填写原因（至少2个字）"})
    if len(reason) > 200:
        raise ValidationError({"reason": "原因不能超过200个字"})
    return reason


def record_failure(request: HttpRequest | None, username: str, reason: str = "") -> LoginFailure:
    """Log one failed login and raise a burst alert when warranted. Called from the login-failed signal."""
    path = getattr(request, "path", "") or ""
    failure = LoginFailure.objects.create(
        created_at=timezone.now(),
        username=username[:150],
        ip=(axes_client_ip(request) or "") if request is not None else "",
        via="api" if path.startswith("/api/") else "form",
        reason=reason[:40],
    )
    _maybe_alert()
    return failure


def _maybe_alert() -> SecurityAlert | None:
    """≥ N failures across ≥ M accounts within K minutes from anywhere → one alert per window."""
    minutes = int(getattr(settings, "FAZHI_BURST_MINUTES", 5))
    since = timezone.now() - timedelta(minutes=minutes)
    if SecurityAlert.objects.filter(created_at__gt=since).exists():
        return None
    recent = LoginFailure.objects.filter(created_at__gt=since)
    failures = recent.count()
    if failures < int(getattr(settings, "FAZHI_BURST_FAILURES", 20)):
        return None
    accounts = recent.values("username").distinct().count()
    if accounts < int(getattr(settings, "FAZHI_BURST_ACCOUNTS", 5)):
        return None
    addresses = recent.values("ip").distinct().count()
    with transaction.atomic():
        alert = SecurityAlert.objects.create(
            created_at=timezone.now(),
            message=f"{minutes}分钟内登录失败{failures}次，涉及{accounts}个账号、{addresses}个地址，疑似撞库或暴力破解",
            failures=failures,
            accounts=accounts,
            addresses=addresses,
        )
        record(
            "security.alert",
            obj=alert,
            changes={"failures": failures, "accounts": accounts, "addresses": addresses},
        )
    return alert


@transaction.atomic
def acknowledge_alert(*, alert: SecurityAlert, actor: Any, request: HttpRequest | None = None) -> None:
    if alert.acknowledged_at:
        return
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = actor.username
    alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
    record("security.alert_ack", actor=actor, obj=alert, request=request)


@transaction.atomic
def unlock_account(*, username: str, actor: Any, reason: str, request: HttpRequest | None = None) -> int:
    """Lift the lock of an account from every address (django-axes records). Returns the records removed."""
    reason = _reason(reason)
    username = (username or "").strip()
    attempts = AccessAttempt.objects.filter(username=username)
    addresses = sorted(set(attempts.values_list("ip_address", flat=True)))
    if not addresses:
        raise ValidationError("该账号当前没有锁定记录")
    removed, _ = attempts.delete()
    record(
        "security.unlock",
        actor=actor,
        request=request,
        object_type="orgs.user",
        object_repr=username,
        changes={"username": username, "addresses": addresses, "reason": reason},
    )
    return removed


def _session_store() -> type[SessionBase]:
    return import_string(f"{settings.SESSION_ENGINE}.SessionStore")


@transaction.atomic
def force_logout(
    *, user: Any, actor: Any, reason: str, request: HttpRequest | None = None
) -> tuple[int, int]:
    """End every session of the user and revoke every API token. Returns (sessions, tokens)."""
    reason = _reason(reason)
    store = _session_store()
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        # Through the session engine, so a cached_db session leaves the cache too.
        store(session_key=key).delete()
    UserSession.objects.filter(user=user).delete()
    tokens = revoke_all_tokens(user, actor=actor, reason=reason, request=request)
    record(
        "security.force_logout",
        actor=actor,
        obj=user,
        request=request,
        changes={"sessions": len(keys), "api_logins_revoked": tokens, "reason": reason},
    )
    return len(keys), tokens


@transaction.atomic
def update_policy(*, actor: Any, data: dict[str, Any], request: HttpRequest | None = None) -> SecurityPolicy:
    policy = SecurityPolicy.objects.select_for_update().filter(pk=1).first() or SecurityPolicy(pk=1)
    before = snapshot(policy, POLICY_FIELDS)
    for name in POLICY_FIELDS:
        if name in data:
            setattr(policy, name, data[name])
    policy.full_clean(exclude=["updated_at", "updated_by"])
    changes = diff(before, snapshot(policy, POLICY_FIELDS))
    if not changes:
        return policy
    policy.updated_at = timezone.now()
    policy.updated_by = actor.username
    policy.save()
    record("security.policy_change", actor=actor, obj=policy, request=request, changes=changes)
    return policy


def register_session(request: HttpRequest, user: Any) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    if not session.session_key:
        session.save()
    # Forget this user's sessions that expired or were cleared meanwhile, so the register stays small.
    from django.contrib.sessions.models import Session

    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    UserSession.objects.filter(user=user).exclude(session_key__in=live).delete()
    UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"user": user, "created_at": timezone.now(), "ip": axes_client_ip(request) or ""},
    )


def forget_session(request: HttpRequest) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()
