"""The checks in front of every login (form and API), before the password is even looked at.

Order: (1) the address is throttled → refused; (2) the account is locked *for this address*
(django-axes, RULES.md §9) → refused; (3) CAPTCHA due for the account or the address → the form
demands it, the API (which cannot show one) refuses. Only then is the password checked.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils import timezone

from fazhi.audit.services import axes_client_ip

from .models import LoginFailure, SecurityPolicy
from .policy import address_failure_limit, address_window, captcha_after, get_policy

ADDRESS_BLOCKED_MESSAGE = "该地址登录失败次数过多，已暂停从此地址登录，请10分钟后再试或联系安全管理员"
API_CAPTCHA_MESSAGE = (
    "登录失败次数过多，接口登录已暂时锁定；请稍后再试，或通过网页登录（需输入验证码），或联系安全管理员"
)
CAPTCHA_WRONG_MESSAGE = "验证码错误，请重新输入"


def account_failures(username: str, policy: SecurityPolicy | None = None) -> int:
    """Failures for the account from any address since its last successful login, within the lock period."""
    policy = policy or get_policy()
    since = timezone.now() - timedelta(minutes=policy.lock_minutes)
    last_login = (
        get_user_model().objects.filter(username=username).values_list("last_login", flat=True).first()
    )
    if last_login and last_login > since:
        since = last_login
    return LoginFailure.objects.filter(username=username, created_at__gt=since).count()


def address_failures(ip: str) -> int:
    return LoginFailure.objects.filter(ip=ip, created_at__gt=timezone.now() - address_window()).count()


def address_blocked(request: HttpRequest) -> bool:
    return address_failures(axes_client_ip(request) or "") >= address_failure_limit()


def account_locked(request: HttpRequest, username: str) -> bool:
    """Locked on (account, address) by django-axes."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, {"username": username})


def captcha_required(request: HttpRequest, username: str | None) -> bool:
    policy = get_policy()
    limit = captcha_after(policy)
    if address_failures(axes_client_ip(request) or "") >= limit:
        return True
    return bool(username) and account_failures(username, policy) >= limit


def count_failure(request: HttpRequest, username: str, reason: str) -> None:
    """A refused CAPTCHA counts as a failed login (for django-axes, the log and the audit): a script
    that ignores the CAPTCHA must not get unlimited free attempts."""
    user_login_failed.send(
        sender=__name__, credentials={"username": username, "reason": reason}, request=request
    )
