"""Data scope (数据范围): which records a user may see and write (DESIGN.md §5).

Scope is an ORM filter on the OrgUnit tree path — ``org__in`` a subquery of units whose path
starts with the scope root — never string-spliced SQL and never thread-local state.

Governments as scopes (issue 16): a government (OrgUnit of kind 市政府, with a level 省/地市/县) owns its
subtree, and a lower government is a child in that tree. Bureau staff and leaders read their own
government's subtree, so an upper government reads the governments below it and a county never reaches
a neighbour county. Writes are narrower: only records whose *handling government* is the actor's own
(``ensure_can_write``) — the government of the record's unit, or the body the law names where it differs
(a record's ``numbering_government``: 行政复议法 2023 Art 24, the city handles applications against a
county government's own acts). An upper government's staff therefore read, never change, a county's
business data.
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
        return user.own_government or user.org
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


def lower_governments(user: User) -> list[str]:
    """Paths of the governments below the user's own (their subtrees are read-only to the user);
    one query per request (cached on the user object)."""
    cached = user.__dict__.get("_lower_government_paths")
    if cached is None:
        own = user.own_government if user.is_authenticated else None
        cached = (
            list(
                OrgUnit.objects.filter(kind=OrgUnit.Kind.GOVERNMENT, path__startswith=own.path)
                .exclude(pk=own.pk)
                .values_list("path", flat=True)
            )
            if own is not None
            else []
        )
        user.__dict__["_lower_government_paths"] = cached
    return cached


def ensure_can_write(user: User, org: OrgUnit | None = None, *, record: Any = None) -> None:
    """Refuse a write by a read-only role, for a unit outside the actor's scope, or for a record another
    government handles — an upper government reads a lower government's records but does not change them.
    The handling government is ``record.numbering_government`` when the record has one (the body whose
    sequence numbers it is the body that handles it, e.g. the city for an application against a county
    government, 行政复议法 2023 Art 24), otherwise the government of ``org``."""
    if not user.is_authenticated or not user.can_write_business:
        raise PermissionDenied("您的角色只能查看，不能修改业务数据")
    if org is not None:
        ensure_own_government(user, org, record=record)


def ensure_own_government(user: User, org: OrgUnit, *, record: Any = None) -> None:
    """The scope half of ``ensure_can_write``, whatever the role (a leader's sign-off is a write of the
    leader's own government too): ``org`` in the user's scope and handled by the user's own government."""
    root = scope_root(user)
    if root is None or not org.path.startswith(root.path):
        raise PermissionDenied(f"您无权操作「{org.name}」的数据")
    own = user.own_government
    if own is None:
        return
    handler_id = getattr(record, "numbering_government_id", None)
    if handler_id is not None:
        if handler_id != own.pk:
            handler = OrgUnit.objects.filter(pk=handler_id).values_list("name", flat=True).first()
            raise PermissionDenied(f"该记录由「{handler}」办理，您只能查看")
    elif any(org.path.startswith(p) for p in lower_governments(user)):
        raise PermissionDenied(f"「{org.name}」属于下级政府，上级政府只能查看其业务数据")


def government_orgs(user: User) -> models.QuerySet[OrgUnit]:
    """Every unit of the user's own government (its subtree), whatever the user's role: the units a clerk
    may name beside its own (a co-defendant awaiting the bureau's confirmation); never another county's."""
    if not user.is_authenticated or not user.org_id:
        return OrgUnit.objects.none()
    root = user.own_government or user.org
    return OrgUnit.objects.filter(path__startswith=root.path)


def writable_orgs(user: User) -> models.QuerySet[OrgUnit]:
    """The units whose records the user may change: ``business_orgs`` less the lower governments."""
    qs = business_orgs(user)
    for path in lower_governments(user):
        qs = qs.exclude(path__startswith=path)
    return qs


def org_choices_for(user: User, **filters: Any) -> models.QuerySet[OrgUnit]:
    """Units a user may pick in a form (for writes), e.g. ``kind__in=[...]``."""
    return writable_orgs(user).filter(is_active=True, **filters).order_by("sort_order", "id")
