"""List filters of disputes, shared by the list page, export, API and the figures' drill-downs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet

from fazhi.core.query_params import date_range_q, param_date, param_int
from fazhi.orgs.models import OrgUnit

CHOICE_PARAMS = ("status", "source", "channel")
SORTS = {
    "-opened_on": ("opened_on", True),
    "opened_on": ("opened_on", False),
    "-id": ("id", True),
    "id": ("id", False),
}
DEFAULT_SORT = "-opened_on"


def scope_q(org: OrgUnit | None) -> Q:
    return Q(org__path__startswith=org.path) if org is not None else Q()


def apply(qs: QuerySet, params: Mapping[str, Any]) -> QuerySet:
    for name in CHOICE_PARAMS:
        if value := params.get(name):
            qs = qs.filter(**{name: value})
    if q := (params.get("q") or "").strip():
        qs = qs.filter(number__startswith=q)
    if (org := param_int(params.get("org"))) is not None:
        qs = qs.filter(org_id=org)
    if (scope := param_int(params.get("scope"))) is not None:
        root = OrgUnit.objects.filter(pk=scope).first()
        qs = qs.filter(scope_q(root)) if root else qs.none()
    if params.get("resolved") in ("1", "0"):
        qs = qs.filter(resolved=params["resolved"] == "1")
    qs = qs.filter(
        date_range_q("opened_on", param_date(params.get("opened_from")), param_date(params.get("opened_to")))
    )
    qs = qs.filter(
        date_range_q("closed_on", param_date(params.get("closed_from")), param_date(params.get("closed_to")))
    )
    return qs


def sort_of(params: Mapping[str, Any]) -> tuple[str, str, bool]:
    sort = params.get("sort") or DEFAULT_SORT
    if sort not in SORTS:
        sort = DEFAULT_SORT
    key, desc = SORTS[sort]
    return sort, key, desc
