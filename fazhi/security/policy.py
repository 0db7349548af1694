"""The effective security policy and the hooks through which login and passwords use it.

The policy is read from the database where it is needed (a login attempt, a password check) —
never cached across requests, so a change by the security administrator applies at once in
every worker process.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .models import SecurityPolicy

# CAPTCHA after this many failures for the account or the address (issue 8 item 3).
CAPTCHA_AFTER = 3


def get_policy() -> SecurityPolicy:
    """The stored policy, or the RULES.md §9 floor when the security administrator never saved one."""
    return SecurityPolicy.objects.filter(pk=1).first() or SecurityPolicy(pk=1)


def captcha_after(policy: SecurityPolicy | None = None) -> int:
    # Never later than one attempt before the lock, so a locked-out guess always met a CAPTCHA first.
    policy = policy or get_policy()
    return max(1, min(CAPTCHA_AFTER, policy.lock_threshold - 1))


def address_window() -> timedelta:
    return timedelta(minutes=getattr(settings, "FAZHI_LOGIN_ADDRESS_WINDOW_MINUTES", 10))


def address_failure_limit() -> int:
    return int(getattr(settings, "FAZHI_LOGIN_ADDRESS_FAILURE_LIMIT", 20))


# django-axes reads these two through AXES_FAILURE_LIMIT / AXES_COOLOFF_TIME (settings.py).
def axes_failure_limit(request: HttpRequest | None = None, credentials: Any = None) -> int:
    return get_policy().lock_threshold


def axes_cool_off(request: HttpRequest | None = None) -> timedelta:
    return timedelta(minutes=get_policy().lock_minutes)


def password_max_age_days() -> int:
    """The stricter of the deployment setting and the stored policy."""
    stored = get_policy().password_max_age_days
    configured = settings.FAZHI_PASSWORD_MAX_AGE_DAYS
    return min(stored, configured) if configured else stored
