"""Writes on units and accounts; each is audited in the same transaction.

Every account and role change goes through here — the admin included (``fazhi.orgs.admin``) — so
the 三员分立 rules of RULES.md §9 hold on every path: an administrator role is held alone, nobody
is a superuser, nobody changes their own roles or disables their own account, and the audit row
shows the old and the new roles. Password hashes never enter an audit row.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.audit.services import diff, record, snapshot

from .models import ADMIN_ROLES, ROLE_BY_LABEL, OrgUnit, Role, User, validate_role_set
from .tokens import revoke_all_tokens

# Only the system and security administrators use the admin site (fazhi.urls); staff status is
# derived from the role, never set by hand.
STAFF_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN})
# Account fields an administrator may edit; password, superuser and staff status are not among them.
USER_EDITABLE_FIELDS = ("username", "real_name", "phone", "email", "org", "is_active", "must_change_password")
ORG_EDITABLE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "level",
    "parent",
    "credit_code",
    "is_enforcement_team",
    "sort_order",
    "is_active",
)
# Never in an audit diff: secrets, and timestamps that change on every login.
_USER_AUDIT_EXCLUDE = {"password", "last_login"}


@transaction.atomic
def create_org(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: OrgUnit | None = None,
    request: Any = None,
    **fields: Any,
) -> OrgUnit:
    org = OrgUnit(code=code, name=name, kind=kind, parent=parent, **fields)
    org.full_clean()
    org.save()
    record("orgs.create", actor=actor, obj=org, request=request, changes=diff({}, snapshot(org)))
    return org


@transaction.atomic
def update_org(*, actor: Any, org: OrgUnit, fields: dict[str, Any], request: Any = None) -> OrgUnit:
    """Change a unit's editable fields (the code, and so the tree path, is immutable)."""
    org = OrgUnit.objects.select_for_update().get(pk=org.pk)
    before = snapshot(org)
    unknown = set(fields) - set(ORG_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(org, name, value)
    org.full_clean()
    org.save()
    changes = diff(before, snapshot(org))
    if changes:
        record("orgs.update", actor=actor, obj=org, request=request, changes=changes)
    return org


@transaction.atomic
def delete_org(*, actor: Any, org: OrgUnit, request: Any = None) -> None:
    """Delete a unit; units with sub-units, accounts or records are protected (models.PROTECT)."""
    record("orgs.delete", actor=actor, obj=org, request=request, changes=diff(snapshot(org), {}))
    org.delete()


def _check_roles(roles: list[str]) -> list[str]:
    validate_role_set(roles)
    return sorted(set(roles))


def roles_of(user: User) -> list[str]:
    """The role codes an account holds, read from the database (not the cached ``role_codes``)."""
    names = Group.objects.filter(user=user).values_list("name", flat=True)
    return sorted(ROLE_BY_LABEL[n] for n in names if n in ROLE_BY_LABEL)


ADMIN_ACCOUNT_CONSOLE_ONLY = (
    "系统管理员、安全管理员、审计管理员账号只能在服务器上用 manage.py account 命令开设、授权、"
    "重置密码、停用或删除（三员分立：任何管理员不能办理其他管理员的账号）"
)


def check_admin_account(*, actor: Any, user: User, roles: list[str] | None = None) -> None:
    """三员分立 (RULES.md §9: none can act as another): an account that holds, or would hold, an
    administrator role is managed only from the server console (``actor=None``). Otherwise the
    system administrator could reset the audit administrator's password, or give a new account
    it knows the password of the security role, and then act as that administrator."""
    if actor is None:
        return
    own = user.pk is not None and getattr(actor, "pk", None) == user.pk
    held = set(roles_of(user)) if user.pk is not None else set()
    wanted = set(roles or ())
    if own and wanted <= held:
        return
    if (held | wanted) & ADMIN_ROLES:
        raise ValidationError(ADMIN_ACCOUNT_CONSOLE_ONLY, code="admin_account_console_only")


def check_user_change(*, actor: Any, user: User, roles: list[str] | None, is_active: bool | None) -> None:
    """The rules an account change must pass; forms call it to show the message, services to enforce it."""
    if roles is not None:
        _check_roles(roles)
    own = user.pk is not None and getattr(actor, "pk", None) == user.pk
    if own and roles is not None and sorted(set(roles)) != roles_of(user):
        raise ValidationError("不能修改自己的角色，请由其他系统管理员办理")
    if own and is_active is False:
        raise ValidationError("不能停用自己的账号")
    check_admin_account(actor=actor, user=user, roles=roles)


def _set_roles(user: User, roles: list[str]) -> None:
    user.groups.set(Group.objects.filter(name__in=[Role(r).label for r in roles]))
    user.is_staff = bool(set(roles) & STAFF_ROLES)
    user.save(update_fields=["is_staff"])
    user.__dict__.pop("role_codes", None)


def _user_snapshot(user: User) -> dict[str, Any]:
    return {k: v for k, v in snapshot(user).items() if k not in _USER_AUDIT_EXCLUDE}


@transaction.atomic
def create_user(
    *,
    actor: Any,
    username: str,
    password: str,
    org: OrgUnit,
    roles: list[str],
    real_name: str = "",
    phone: str = "",
    email: str = "",
    must_change_password: bool = True,
    request: Any = None,
) -> User:
    roles = _check_roles(roles)
    check_admin_account(actor=actor, user=User(), roles=roles)
    user = User(
        username=username,
        org=org,
        real_name=real_name,
        phone=phone,
        email=email,
        must_change_password=must_change_password,
    )
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    _set_roles(user, roles)
    record(
        "orgs.user_create",
        actor=actor,
        obj=user,
        request=request,
        changes={"username": [None, username], "org": [None, org.pk], "roles": [None, roles]},
    )
    return user


@transaction.atomic
def update_user(
    *,
    actor: Any,
    user: User,
    fields: dict[str, Any] | None = None,
    roles: list[str] | None = None,
    request: Any = None,
) -> User:
    """Change an account's fields and/or roles; one audit row with the old and new values.

    Deactivating an account revokes its API tokens (RULES.md §9).
    """
    fields = dict(fields or {})
    unknown = set(fields) - set(USER_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    user = User.objects.select_for_update().get(pk=user.pk)
    check_user_change(actor=actor, user=user, roles=roles, is_active=fields.get("is_active"))
    before = _user_snapshot(user)
    old_roles = roles_of(user)
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save()
    new_roles = old_roles
    if roles is not None and sorted(set(roles)) != old_roles:
        new_roles = _check_roles(roles)
        _set_roles(user, new_roles)
    changes = diff(before, _user_snapshot(user))
    if new_roles != old_roles:
        changes["roles"] = [old_roles, new_roles]
    if changes:
        record("orgs.user_update", actor=actor, obj=user, request=request, changes=changes)
    if before["is_active"] and not user.is_active:
        revoke_all_tokens(user, actor=actor, reason="deactivated", request=request)
    return user


@transaction.atomic
def delete_user(*, actor: Any, user: User, request: Any = None) -> None:
    if getattr(actor, "pk", None) == user.pk:
        raise ValidationError("不能删除自己的账号")
    check_admin_account(actor=actor, user=user)
    changes = diff(_user_snapshot(user), {})
    changes["roles"] = [roles_of(user), None]
    record("orgs.user_delete", actor=actor, obj=user, request=request, changes=changes)
    revoke_all_tokens(user, actor=actor, reason="deleted", request=request)
    user.delete()


@transaction.atomic
def reset_password(*, actor: Any, user: User, new_password: str, request: Any = None) -> None:
    """An administrator sets a new password for someone else: the holder must change it at the
    next login, and every API token of the account stops working."""
    if getattr(actor, "pk", None) == user.pk:
        raise ValidationError("修改自己的密码请使用「修改密码」页面")
    user = User.objects.select_for_update().get(pk=user.pk)
    check_admin_account(actor=actor, user=user)
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    # No secret in the row: only the fact, and that a change is now forced.
    record(
        "orgs.password_reset",
        actor=actor,
        obj=user,
        request=request,
        changes={"must_change_password": [None, True]},
    )
    revoke_all_tokens(user, actor=actor, reason="password_reset", request=request)


@transaction.atomic
def change_password(*, user: User, new_password: str, request: Any = None) -> None:
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    record("auth.password_change", actor=user, obj=user, request=request)
    # A new password ends every token issued under the old one (RULES.md §9).
    revoke_all_tokens(user, actor=user, reason="password_change", request=request)
