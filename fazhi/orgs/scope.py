"""Data scope (数据范围): which records a user may see and write (DESIGN.md §5).

Scope is an ORM filter on the OrgUnit tree path — ``org__in`` a subquery of units whose path
starts with the scope root — never string-spliced SQL and never thread-local state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models

from .models import OrgUnit, Role

if TYPE_CHECKING:
    from .models import User


def scope_root(user: User) -> OrgUnit | None:
    """The unit whose subtree holds all the business data the user may see, or None."""
    if not user.is_authenticated or not user.org_id:
        return None
    roles = user.role_codes
    if roles & {Role.BUREAU, Role.LEADER}:
        return user.org.government or user.org
    if Role.CLERK in roles:
        return user.org
    return None


def business_orgs(user: User) -> models.QuerySet[OrgUnit]:
    """The OrgUnits whose business data the user may see."""
    root = scope_root(user)
    if root is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=root.path)


class ScopedQuerySet(models.QuerySet):
    """QuerySet of a domain model whose ``scope_field`` (default ``org``) decides who sees a row."""

    scope_field = "org"

    def visible_to(self, user: User) -> ScopedQuerySet:
        root = scope_root(user)
        if root is None:
            return self.none()
        return self.filter(**{f"{self.scope_field}__in": OrgUnit.objects.filter(path__startswith=root.path)})


def ensure_can_write(user: User, org: OrgUnit | None = None) -> None:
    """Refuse a write by a read-only role or for a unit outside the actor's scope."""
    if not user.is_authenticated or not user.can_write_business:
        raise PermissionDenied("您的角色只能查看，不能修改业务数据")
    if org is not None:
        root = scope_root(user)
        if root is None or not org.path.startswith(root.path):
            raise PermissionDenied(f"您无权操作「{org.name}」的数据")


def org_choices_for(user: User, **filters: Any) -> models.QuerySet[OrgUnit]:
    """Units a user may pick in a form (for writes), e.g. ``kind__in=[...]``."""
    return business_orgs(user).filter(is_active=True, **filters).order_by("sort_order", "id")
