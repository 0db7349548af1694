"""List filters of litigation cases, shared by the list page, the export, the API and the figures'
drill-downs, so that a figure's drill-down URL selects exactly the records the figure counts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from fazhi.core.query_params import date_range_q, param_date, param_int
from fazhi.orgs.models import OrgUnit

from .models import QUALIFYING_POSTS, CourtSession, HeadPost, LossAccountability, loss_q

CHOICE_PARAMS = ("status", "outcome", "instance", "act_category", "judgment_kind")
SORTS = {
    "-served_on": ("served_on", True),
    "served_on": ("served_on", False),
    "-id": ("id", True),
    "id": ("id", False),
}
DEFAULT_SORT = "-served_on"


def session_exists(
    start: date | None, end: date | None, *, qualifying: bool = False, principal: bool = False
) -> Exists:
    """A court session of the case within [start, end] (optionally with a qualifying head appearing)."""
    sessions = CourtSession.objects.filter(date_range_q("held_on", start, end), case=OuterRef("pk"))
    if principal:
        sessions = sessions.filter(head_appeared=True, head_post=HeadPost.PRINCIPAL)
    elif qualifying:
        sessions = sessions.filter(head_appeared=True, head_post__in=sorted(QUALIFYING_POSTS))
    return Exists(sessions)


def scope_q(org: OrgUnit | None) -> Q:
    return Q(org__path__startswith=org.path) if org is not None else Q()


def apply(qs: QuerySet, params: Mapping[str, Any]) -> QuerySet:
    """Filter ``qs`` by the list parameters (unknown or malformed values are ignored)."""
    for name in CHOICE_PARAMS:
        value = params.get(name)
        if value:
            qs = qs.filter(**{name: value})
    if q := (params.get("q") or "").strip():
        q = q.replace("（", "(").replace("）", ")")
        qs = qs.filter(court_case_number__startswith=q)
    if (org := param_int(params.get("org"))) is not None:
        qs = qs.filter(org_id=org)
    if (scope := param_int(params.get("scope"))) is not None:
        root = OrgUnit.objects.filter(pk=scope).first()
        qs = qs.filter(scope_q(root)) if root else qs.none()
    if (court := param_int(params.get("court"))) is not None:
        qs = qs.filter(court_id=court)
    qs = qs.filter(
        date_range_q("served_on", param_date(params.get("served_from")), param_date(params.get("served_to")))
    )
    qs = qs.filter(
        date_range_q(
            "concluded_on", param_date(params.get("concluded_from")), param_date(params.get("concluded_to"))
        )
    )
    if params.get("judgments") == "1":
        from .stats import judgments_q

        qs = qs.filter(judgments_q())
    if params.get("loss") == "1":
        qs = qs.filter(loss_q())
    elif params.get("loss") == "0":
        qs = qs.exclude(loss_q()).exclude(outcome="")
    for prefix, kw in (("heard", {}), ("head", {"qualifying": True}), ("principal", {"principal": True})):
        start, end = param_date(params.get(f"{prefix}_from")), param_date(params.get(f"{prefix}_to"))
        if start or end:
            qs = qs.filter(session_exists(start, end, **kw))
    acc_from, acc_to = param_date(params.get("acc_from")), param_date(params.get("acc_to"))
    if acc_from or acc_to:
        qs = qs.filter(
            Exists(
                LossAccountability.objects.filter(
                    date_range_q("opened_on", acc_from, acc_to), case=OuterRef("pk")
                )
            )
        )
    rc_from, rc_to = param_date(params.get("recon_from")), param_date(params.get("recon_to"))
    if rc_from or rc_to:
        qs = qs.filter(
            date_range_q("related_reconsideration__concluded_on", rc_from, rc_to),
            related_reconsideration__isnull=False,
        )
    if (rscope := param_int(params.get("recon_scope"))) is not None:
        root = OrgUnit.objects.filter(pk=rscope).first()
        qs = qs.filter(related_reconsideration__org__path__startswith=root.path) if root else qs.none()
    return qs


def sort_of(params: Mapping[str, Any]) -> tuple[str, str, bool]:
    sort = params.get("sort") or DEFAULT_SORT
    if sort not in SORTS:
        sort = DEFAULT_SORT
    key, desc = SORTS[sort]
    return sort, key, desc
