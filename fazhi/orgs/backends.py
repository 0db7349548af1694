"""Model permissions by role, declared here in code (三员分立, RULES.md §9; DESIGN.md §5).

No account is a superuser (constraint ``user_never_superuser``), so the admin shows each
administrator only the models its role manages. The mapping lives in code, not in editable group
permissions, so an administrator cannot widen its own rights through the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from .models import Role

ALL = frozenset({"view", "add", "change", "delete"})

# role → {"app_label" or "app_label.model": actions}. An app label covers every model of that app.
ROLE_PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    # 系统管理员: accounts, units and the working-day calendar — no business data, no audit
    # trail, no tokens, no security settings.
    Role.SYSADMIN: {"orgs.orgunit": ALL, "orgs.user": ALL, "workdays": ALL},
}


def _allowed(user_obj: Any, app_label: str, model: str | None, action: str | None) -> bool:
    if not getattr(user_obj, "is_active", False) or not getattr(user_obj, "is_authenticated", False):
        return False
    for role in getattr(user_obj, "role_codes", ()):
        for target, actions in ROLE_PERMISSIONS.get(role, {}).items():
            t_app, _, t_model = target.partition(".")
            if t_app != app_label:
                continue
            if model is None or not t_model or t_model == model:
                if action is None or action in actions:
                    return True
    return False


class RolePermissionBackend(BaseBackend):
    """Grants model permissions by role; authenticates nobody (``authenticate`` returns None)."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        app_label, _, codename = perm.partition(".")
        action, _, model = codename.partition("_")
        if action not in ALL or not model:
            return False
        return _allowed(user_obj, app_label, model, action)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return _allowed(user_obj, app_label, None, None)
