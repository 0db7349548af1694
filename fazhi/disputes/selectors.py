"""Scoped reads of disputes: a record outside the user's scope is a 404."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from fazhi.audit.selectors import events_for
from fazhi.core import links
from fazhi.core.actions import audit_label

from . import filters
from .models import Dispute, DisputeParty

# The links a dispute holds, resolved through the target module's selector (fazhi.core.links).
LINKS = [
    links.LinkField("related_litigation", "litigation.case", "关联诉讼案件"),
    links.LinkField("related_reconsideration", "reconsideration.case", "关联复议案件"),
]


def disputes_for(user: Any) -> QuerySet[Dispute]:
    return Dispute.objects.visible_to(user)


def with_related(qs: QuerySet[Dispute]) -> QuerySet[Dispute]:
    return qs.select_related("org").prefetch_related(
        Prefetch("parties", queryset=DisputeParty.objects.order_by("id"))
    )


def dispute_list(user: Any, params: Mapping[str, Any]) -> QuerySet[Dispute]:
    """The user's disputes narrowed by the list's filters (``filters.DisputeFilterSet``)."""
    return with_related(filters.apply(disputes_for(user), params, user))


def dispute_detail(user: Any, pk: int) -> Dispute:
    return get_object_or_404(with_related(disputes_for(user)), pk=pk)


def links_of(user: Any, d: Dispute) -> list[dict[str, Any]]:
    return links.links_of(user, [d], LINKS)[d.pk]


def timeline(d: Dispute) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [
        {
            "at": ch.at,
            "kind": "status",
            "label": ch.to_label,
            "on": ch.on,
            "who": str(ch.actor) if ch.actor else "",
        }
        for ch in d.status_changes.select_related("actor").all()
    ]
    items += [
        {
            "at": ev.created_at,
            "kind": "audit",
            "label": audit_label(ev.action),
            "on": None,
            "who": ev.actor_name,
        }
        for ev in events_for("disputes.dispute", d.pk)
    ]
    items.sort(key=lambda i: i["at"])
    return items
