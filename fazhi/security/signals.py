"""Login events feed the failed-login log, the burst alert and the session register."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import services
from .middleware import IDLE_KEY, LAST_SEEN_KEY
from .policy import get_policy


@receiver(user_login_failed)
def _failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    request = getattr(request, "_request", request)
    services.record_failure(
        request, str(credentials.get("username", ""))[:150], str(credentials.get("reason", "") or "")
    )


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    request = getattr(request, "_request", request)
    session = getattr(request, "session", None)
    if session is None:
        return
    # The idle limit in force at login travels with the session, so the per-request check
    # (middleware) needs no database query.
    session[IDLE_KEY] = get_policy().session_idle_minutes * 60
    session[LAST_SEEN_KEY] = time.time()
    services.register_session(request, user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None:
        services.forget_session(request)
