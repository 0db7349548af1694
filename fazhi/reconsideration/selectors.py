"""Scoped reads: the user's cases, one case; the list's filters are ``filters.CaseFilterSet``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from fazhi.audit.selectors import events_for
from fazhi.core.lists import bind

from .filters import CaseFilterSet, carried_over_q, overdue_in_period_q, overdue_now_q
from .models import OPEN_STATUSES, ReconsiderationCase, action_label

LABEL = "reconsideration.reconsiderationcase"


def filterset(params: Any, user: Any, qs: QuerySet[ReconsiderationCase] | None = None) -> CaseFilterSet:
    """The list's filters bound to ``params`` over the user's cases (invalid parameters are dropped
    by ``.qs`` and listed by ``error_messages()``)."""
    return bind(CaseFilterSet, params, cases_for(user) if qs is None else qs, user=user)


def cases_for(user: Any) -> QuerySet[ReconsiderationCase]:
    return ReconsiderationCase.objects.visible_to(user).select_related("org")


def case_detail(user: Any, pk: int) -> ReconsiderationCase:
    """One case in the user's scope, or 404 (DESIGN.md §5)."""
    qs = ReconsiderationCase.objects.visible_to(user).select_related("org", "created_by")
    return get_object_or_404(qs.prefetch_related("parties", "corrections", "suspensions", "hearings"), pk=pk)


def timeline(case: ReconsiderationCase) -> list[dict[str, Any]]:
    """Status history and audit events, oldest first (``core/partials/detail_timeline.html``)."""
    items: list[dict[str, Any]] = [
        {
            "at": h.at,
            "kind": "status",
            "action": h.label,
            "label": h.get_to_status_display(),
            "on": h.on,
            "note": h.note,
            "who": str(h.actor) if h.actor else "",
        }
        for h in case.status_changes.select_related("actor")
    ]
    items += [
        {
            "at": e.created_at,
            "kind": "audit",
            "label": action_label(e.action),
            "on": None,
            "who": e.actor_name,
        }
        for e in events_for(LABEL, case.pk)
    ]
    items.sort(key=lambda i: i["at"])
    return items


__all__ = [
    "OPEN_STATUSES",
    "CaseFilterSet",
    "carried_over_q",
    "overdue_in_period_q",
    "overdue_now_q",
    "filterset",
    "cases_for",
    "case_detail",
    "timeline",
]
