"""Writes on units and accounts; each is audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.audit.services import diff, record, snapshot

from .models import ADMIN_ROLES, OrgUnit, Role, User


@transaction.atomic
def create_org(
    *, actor: Any, code: str, name: str, kind: str, parent: OrgUnit | None = None, **fields: Any
) -> OrgUnit:
    org = OrgUnit(code=code, name=name, kind=kind, parent=parent, **fields)
    org.full_clean()
    org.save()
    record("orgs.create", actor=actor, obj=org, changes=diff({}, snapshot(org)))
    return org


def _check_roles(roles: list[str]) -> list[str]:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError(f"未知角色：{'、'.join(sorted(unknown))}")
    if set(roles) & ADMIN_ROLES and len(roles) > 1:
        # 三员分立: an administrator role is never combined with another role.
        raise ValidationError("系统管理员、安全管理员、审计管理员须单独设置账号，不能兼任其他角色")
    return roles


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
    must_change_password: bool = True,
) -> User:
    _check_roles(roles)
    user = User(
        username=username,
        org=org,
        real_name=real_name,
        phone=phone,
        must_change_password=must_change_password,
    )
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    user.groups.set(Group.objects.filter(name__in=[Role(r).label for r in roles]))
    record(
        "orgs.user_create",
        actor=actor,
        obj=user,
        changes={"username": [None, username], "org": [None, org.pk], "roles": [None, sorted(roles)]},
    )
    return user


@transaction.atomic
def change_password(*, user: User, new_password: str, request: Any = None) -> None:
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    record("auth.password_change", actor=user, obj=user, request=request)
