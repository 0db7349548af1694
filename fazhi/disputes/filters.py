"""List filters of disputes, shared by the list page, export, API and the figures' drill-downs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from fazhi.orgs.models import OrgUnit

CHOICE_PARAMS = ("status", "source", "channel")
SORTS = {
    "-opened_on": ("opened_on", True),
    "opened_on": ("opened_on", False),
    "-id": ("id", True),
    "id": ("id", False),
}
DEFAULT_SORT = "-opened_on"


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _range(name: str, start: date | None, end: date | None) -> Q:
    q = Q()
    if start:
        q &= Q(**{f"{name}__gte": start})
    if end:
        q &= Q(**{f"{name}__lte": end})
    return q


def scope_q(org: OrgUnit | None) -> Q:
    return Q(org__path__startswith=org.path) if org is not None else Q()


def apply(qs: QuerySet, params: Mapping[str, Any]) -> QuerySet:
    for name in CHOICE_PARAMS:
        if value := params.get(name):
            qs = qs.filter(**{name: value})
    if q := (params.get("q") or "").strip():
        qs = qs.filter(number__startswith=q)
    if (org := _int(params.get("org"))) is not None:
        qs = qs.filter(org_id=org)
    if (scope := _int(params.get("scope"))) is not None:
        root = OrgUnit.objects.filter(pk=scope).first()
        qs = qs.filter(scope_q(root)) if root else qs.none()
    if params.get("resolved") in ("1", "0"):
        qs = qs.filter(resolved=params["resolved"] == "1")
    qs = qs.filter(_range("opened_on", _date(params.get("opened_from")), _date(params.get("opened_to"))))
    qs = qs.filter(_range("closed_on", _date(params.get("closed_from")), _date(params.get("closed_to"))))
    return qs


def sort_of(params: Mapping[str, Any]) -> tuple[str, str, bool]:
    sort = params.get("sort") or DEFAULT_SORT
    if sort not in SORTS:
        sort = DEFAULT_SORT
    key, desc = SORTS[sort]
    return sort, key, desc
