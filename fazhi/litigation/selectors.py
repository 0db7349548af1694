"""Scoped reads of litigation cases (DESIGN.md §2): a record outside the user's scope is a 404."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from fazhi.audit.selectors import events_for
from fazhi.core import links
from fazhi.core.actions import audit_label
from fazhi.orgs.models import Role
from fazhi.orgs.scope import business_orgs

from . import filters
from .models import CoDefendant, CourtSession, LitigationCase, Plaintiff

# The links a case holds, resolved through the target module's selector (fazhi.core.links).
LINKS = [links.LinkField("related_reconsideration", "reconsideration.case", "关联复议案件")]


def co_defendant_links() -> Prefetch:
    """Prefetch ``case.co_defendant_links`` (confirmed and pending, with their units) in one query."""
    return Prefetch("co_defendant_links", queryset=CoDefendant.objects.select_related("org").order_by("id"))


def cases_for(user: Any) -> QuerySet[LitigationCase]:
    return LitigationCase.objects.visible_to(user)


def with_related(qs: QuerySet[LitigationCase]) -> QuerySet[LitigationCase]:
    return qs.select_related("org", "court").prefetch_related(
        Prefetch("plaintiffs", queryset=Plaintiff.objects.order_by("id"))
    )


def with_row_plaintiffs(qs: QuerySet[LitigationCase]) -> QuerySet[LitigationCase]:
    """``with_related`` for the list page: the plaintiffs as a list in ``row_plaintiffs`` (``to_attr``: the
    prefetch builds no queryset per row)."""
    return qs.select_related("org", "court").prefetch_related(
        Prefetch("plaintiffs", queryset=Plaintiff.objects.order_by("id"), to_attr="row_plaintiffs")
    )


def case_list(user: Any, params: Mapping[str, Any]) -> QuerySet[LitigationCase]:
    """The user's cases narrowed by the list's filters (``filters.CaseFilterSet``), rows' relations loaded."""
    return with_related(filters.apply(cases_for(user), params, user))


def case_detail(user: Any, pk: int) -> LitigationCase:
    return get_object_or_404(
        cases_for(user)
        .select_related("org", "court", "previous_instance")
        .prefetch_related(
            Prefetch("plaintiffs", queryset=Plaintiff.objects.order_by("id")),
            Prefetch("sessions", queryset=CourtSession.objects.order_by("held_on", "id")),
            co_defendant_links(),
            "later_instances",
        ),
        pk=pk,
    )


def links_of(user: Any, case: LitigationCase) -> list[dict[str, Any]]:
    return links.links_of(user, [case], LINKS)[case.pk]


def pending_co_defendants(user: Any) -> QuerySet[CoDefendant]:
    """Co-defendant links awaiting the bureau (issue 8 item 9): only bureau staff, for cases of their scope."""
    if Role.BUREAU not in getattr(user, "role_codes", frozenset()):
        return CoDefendant.objects.none()
    return (
        CoDefendant.objects.filter(state=CoDefendant.State.PENDING, case__org__in=business_orgs(user))
        .select_related("case", "case__org", "org", "requested_by")
        .order_by("id")
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
                "label": audit_label(ev.action),
                "on": None,
                "who": ev.actor_name,
            }
        )
    items.sort(key=lambda i: i["at"])
    return items
