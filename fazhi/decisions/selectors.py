"""Scoped reads: a department sees its own decisions and the reviews it sent; the Justice Bureau (the
review desk) and leaders see the whole government's. A record outside scope is a 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from fazhi.core import links
from fazhi.core.actions import audit_label
from fazhi.workdays import deadlines
from fazhi.workdays.deadlines import Deadline

from . import rules
from .models import (
    SUBJECT_LINKS,
    DecisionCatalog,
    DecisionStep,
    LegalityReview,
    MajorDecision,
    MaterialWait,
    ReviewStatus,
    SubjectKind,
)


def decisions_for(user: Any) -> QuerySet[MajorDecision]:
    return MajorDecision.objects.visible_to(user)


def reviews_for(user: Any) -> QuerySet[LegalityReview]:
    return LegalityReview.objects.visible_to(user)


def decision_related(qs: QuerySet[MajorDecision]) -> QuerySet[MajorDecision]:
    """A page's or the API's decisions with their sponsor, catalogue and steps (one query each)."""
    return qs.select_related("org", "catalog").prefetch_related(
        Prefetch("steps", queryset=DecisionStep.objects.order_by("on", "id"))
    )


def review_related(qs: QuerySet[LegalityReview]) -> QuerySet[LegalityReview]:
    """A page's or the API's reviews with their unit, reviewer and material waits (one query each)."""
    return qs.select_related("org", "reviewer").prefetch_related(
        Prefetch("material_waits", queryset=MaterialWait.objects.order_by("requested_on", "id"))
    )


def decision_queryset(user: Any) -> QuerySet[MajorDecision]:
    return decision_related(decisions_for(user))


def review_queryset(user: Any) -> QuerySet[LegalityReview]:
    return review_related(reviews_for(user))


def reviews_of_decision(user: Any, d: MajorDecision) -> list[LegalityReview]:
    return list(
        reviews_for(user)
        .filter(subject_kind=SubjectKind.DECISION, subject_id=d.pk)
        .select_related("reviewer")
        .order_by("-received_on", "-id")
    )


def catalogs(user: Any) -> QuerySet[DecisionCatalog]:
    """Catalogues with the items the user may see."""
    return (
        DecisionCatalog.objects.filter(org__in=_gov_ids(user))
        .order_by("-year")
        .prefetch_related(
            Prefetch("items", queryset=decisions_for(user).select_related("org").order_by("id"))
        )
    )


def _gov_ids(user: Any) -> Any:
    return decisions_for(user).values("numbering_government")


def review_deadline(r: LegalityReview, today: date) -> Deadline | None:
    """The review period as pages, API and workbench show it (中止中 while material is awaited)."""
    rule = rules.review_rule(r.subject_kind).for_record(r)
    note = f"补充材料期间{r.waited_days}个工作日不计入" if r.waited_days else ""
    return deadlines.evaluate(
        rule,
        r.received_on,
        today=today,
        done_on=r.concluded_on,
        extra_days=r.waited_days,
        suspended=r.status == ReviewStatus.WAITING,
        note=note,
    )


def subject_link(user: Any, r: LegalityReview) -> dict[str, Any] | None:
    code = SUBJECT_LINKS.get(r.subject_kind)
    if r.subject_id is None or code is None or code not in links.kinds():
        return None
    resolved = links.resolve(user, links.Subject(code, int(r.subject_id)))
    return resolved.as_dict() if resolved else None


def timeline(obj: Any, prefix: str) -> list[dict[str, Any]]:
    """The record's status history (every step is a row: the workflows write one per action)."""
    items: list[dict[str, Any]] = [
        {
            "at": ch.at,
            "kind": "status",
            "label": ch.to_label,
            "action": audit_label(f"{prefix}.{ch.action}"),
            "note": ch.note,
            "on": ch.on,
            "who": str(ch.actor) if ch.actor else "",
        }
        for ch in obj.status_changes.select_related("actor").all()
    ]
    items.sort(key=lambda i: i["at"])
    return items
