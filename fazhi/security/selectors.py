"""Reads of the security console (the security administrator only; views enforce the role)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from .models import LoginFailure, SecurityAlert, UserSession
from .policy import get_policy


@dataclass
class LockedAccount:
    username: str
    ip: str
    failures: int
    last_failure: datetime
    until: datetime


def locked_accounts(limit: int = 500) -> list[LockedAccount]:
    """(account, address) pairs locked now by django-axes under the stored policy."""
    policy = get_policy()
    since = timezone.now() - timedelta(minutes=policy.lock_minutes)
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since, failures_since_start__gte=policy.lock_threshold)
        .order_by("-attempt_time")
        .values("username", "ip_address", "failures_since_start", "attempt_time")[:limit]
    )
    return [
        LockedAccount(
            username=r["username"] or "",
            ip=r["ip_address"] or "",
            failures=r["failures_since_start"],
            last_failure=r["attempt_time"],
            until=r["attempt_time"] + timedelta(minutes=policy.lock_minutes),
        )
        for r in rows
    ]


def failures(
    *, username: str = "", ip: str = "", date_from: date | None = None, date_to: date | None = None
) -> QuerySet[LoginFailure]:
    qs = LoginFailure.objects.all()
    tz = timezone.get_current_timezone()
    if username:
        qs = qs.filter(username=username)
    if ip:
        qs = qs.filter(ip=ip)
    if date_from:
        qs = qs.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(created_at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return qs


def open_alerts() -> QuerySet[SecurityAlert]:
    return SecurityAlert.objects.filter(acknowledged_at__isnull=True)


def active_sessions(limit: int = 500) -> list[dict[str, Any]]:
    """Logged-in sessions that have not expired, newest first, with the user's token count."""
    from django.contrib.sessions.models import Session

    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    rows = list(
        UserSession.objects.filter(session_key__in=live)
        .select_related("user")
        .order_by("-created_at")[:limit]
    )
    return [{"session": s, "user": s.user} for s in rows]


def token_counts() -> list[dict[str, Any]]:
    """Users holding API tokens and how many."""
    from django.db.models import Count
    from knox.models import AuthToken

    User = get_user_model()
    counts: dict[int, int] = {}
    for row in AuthToken.objects.values("user").annotate(n=Count("digest")):
        counts[row["user"]] = counts.get(row["user"], 0) + row["n"]
    users = {u.pk: u for u in User.objects.filter(pk__in=counts)}
    return [{"user": users[pk], "tokens": n} for pk, n in sorted(counts.items()) if pk in users]
