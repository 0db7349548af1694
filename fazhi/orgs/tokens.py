"""API token revocation. Placeholder of the lock branch: the acct branch owns this module (knox
tokens); the integrator takes acct's version."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction
from django.http import HttpRequest

from fazhi.audit.services import record


@transaction.atomic
def revoke_all_tokens(user: Any, *, actor: Any, reason: str, request: HttpRequest | None = None) -> int:
    """Delete every API token of the user; returns how many. Audited."""
    from knox.models import AuthToken

    count, _ = AuthToken.objects.filter(user=user).delete()
    if apps.is_installed("rest_framework.authtoken"):
        # Until the API moves to knox, its tokens are DRF's; a forced logout must end those too.
        from rest_framework.authtoken.models import Token

        count += Token.objects.filter(user=user).delete()[0]
    record(
        "auth.tokens_revoked",
        actor=actor,
        obj=user,
        request=request,
        changes={"tokens": count, "reason": reason},
    )
    return count
