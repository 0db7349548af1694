"""Login, logout and failed logins are audit events (RULES.md §9); logout and lockout revoke the
account's API tokens; no write path may give an account an administrator role plus another."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from fazhi.audit.services import record

from .models import ROLE_BY_LABEL, User, validate_role_set


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record("auth.login", actor=user, obj=user, request=getattr(request, "_request", request))


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        from .tokens import revoke_all_tokens

        record("auth.logout", actor=user, obj=user, request=request)
        # Logging out ends every API token of the account too (RULES.md §9).
        revoke_all_tokens(user, actor=user, reason="logout", request=request)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    record(
        "auth.login_failed",
        request=getattr(request, "_request", request),
        object_type="orgs.user",
        object_repr=username,
        changes={"username": username},
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    """A locked account (5 failures, RULES.md §9) keeps no working API token."""
    from .tokens import revoke_all_tokens

    user = User.objects.filter(username=username or "").first()
    if user is not None:
        revoke_all_tokens(user, actor=None, reason="lockout", request=getattr(request, "_request", request))


@receiver(m2m_changed, sender=User.groups.through)
def _roles_stay_exclusive(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Model-level 三员分立 check on every write path (admin, services, shell, factories): after
    groups are added, no affected account may hold an administrator role with another role.
    Raising here rolls back the surrounding ``groups.add``/``set`` transaction."""
    if action != "post_add":
        return
    users = User.objects.filter(pk__in=pk_set or ()) if reverse else [instance]
    for user in users:
        names = Group.objects.filter(user=user).values_list("name", flat=True)
        validate_role_set({ROLE_BY_LABEL[n] for n in names if n in ROLE_BY_LABEL})
