from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import OrgUnit, User


def orgs_for(user: User) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.visible_to(user).select_related("parent").order_by("path")


def org_detail(user: User, pk: int) -> OrgUnit:
    """An org the user may see, else 404 (never a 403 that confirms the record exists)."""
    return get_object_or_404(orgs_for(user), pk=pk)
