"""Scoped reads of litigation cases (DESIGN.md §2): a record outside the user's scope is a 404."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from fazhi.audit.selectors import events_for
from fazhi.core.actions import audit_label

from . import filters
from .models import CourtSession, LitigationCase, Plaintiff


def cases_for(user: Any) -> QuerySet[LitigationCase]:
    return LitigationCase.objects.visible_to(user)


def with_related(qs: QuerySet[LitigationCase]) -> QuerySet[LitigationCase]:
    return qs.select_related("org", "court").prefetch_related(
        Prefetch("plaintiffs", queryset=Plaintiff.objects.order_by("id"))
    )


def case_list(user: Any, params: Mapping[str, Any]) -> QuerySet[LitigationCase]:
    return with_related(filters.apply(cases_for(user), params))


def case_detail(user: Any, pk: int) -> LitigationCase:
    return get_object_or_404(
        cases_for(user)
        .select_related("org", "court", "previous_instance")
        .prefetch_related(
            Prefetch("plaintiffs", queryset=Plaintiff.objects.order_by("id")),
            Prefetch("sessions", queryset=CourtSession.objects.order_by("held_on", "id")),
            "co_defendants",
            "later_instances",
        ),
        pk=pk,
    )


def accountability_of(case: LitigationCase) -> Any:
    return getattr(case, "accountability", None) if hasattr(case, "accountability") else None


def timeline(case: LitigationCase) -> list[dict[str, Any]]:
    """Status history and audit events, oldest first."""
    items: list[dict[str, Any]] = []
    for ch in case.status_changes.select_related("by").all():
        items.append(
            {
                "at": ch.at,
                "kind": "status",
                "label": ch.to_label,
                "on": ch.on_date,
                "who": str(ch.by) if ch.by else "",
            }
        )
    for ev in events_for("litigation.litigationcase", case.pk):
        items.append(
            {
                "at": ev.created_at,
                "kind": "audit",
                "label": audit_label(ev.action),
                "on": None,
                "who": ev.actor_name,
            }
        )
    items.sort(key=lambda i: i["at"])
    return items
