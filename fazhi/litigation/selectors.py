"""Scoped reads of litigation cases (DESIGN.md §2): a record outside the user's scope is a 404."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from fazhi.audit.selectors import events_for

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
    for ch in case.status_changes.select_related("actor").all():
        items.append(
            {
                "at": ch.at,
                "kind": "status",
                "label": ch.to_label,
                "on": ch.on,
                "who": str(ch.actor) if ch.actor else "",
            }
        )
    for ev in events_for("litigation.litigationcase", case.pk):
        items.append(
            {
                "at": ev.created_at,
                "kind": "audit",
                "label": AUDIT_LABELS.get(ev.action, ev.action),
                "on": None,
                "who": ev.actor_name,
            }
        )
    items.sort(key=lambda i: i["at"])
    return items


AUDIT_LABELS = {
    "litigation.create": "登记案件",
    "litigation.record_answer": "登记答辩举证",
    "litigation.add_session": "登记开庭",
    "litigation.judge": "登记判决/裁定",
    "litigation.appeal": "登记上诉决定",
    "litigation.open_accountability": "启动败诉责任调查",
    "litigation.close_accountability": "结束败诉责任调查",
    "litigation.import": "Excel 导入",
    "litigation.link_reconsideration": "关联行政复议案件",
}
