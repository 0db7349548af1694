"""Scoped reads of 行政执法: a record outside the user's scope is a 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from fazhi.core import links

from .models import (
    ActionParty,
    ActionProblem,
    Certificate,
    EnforcementAction,
    EnforcementBody,
    NoPenaltyItem,
    NoPenaltyList,
    Officer,
    Recorder,
    in_force_q,
)
from .supervision import CaseReview, Complaint, ComplaintParty, SupervisionNotice


def bodies_for(user: Any) -> QuerySet[EnforcementBody]:
    return EnforcementBody.objects.visible_to(user)


def officers_for(user: Any) -> QuerySet[Officer]:
    return Officer.objects.visible_to(user)


def actions_for(user: Any) -> QuerySet[EnforcementAction]:
    return EnforcementAction.objects.visible_to(user)


def recorders_for(user: Any) -> QuerySet[Recorder]:
    return Recorder.objects.visible_to(user)


def no_penalty_items_for(user: Any) -> QuerySet[NoPenaltyItem]:
    return NoPenaltyItem.objects.visible_to(user)


def no_penalty_lists_for(user: Any) -> QuerySet[NoPenaltyList]:
    return NoPenaltyList.objects.visible_to(user)


def no_penalty_related(qs: QuerySet[NoPenaltyItem]) -> QuerySet[NoPenaltyItem]:
    return qs.select_related("org", "list")


def with_org(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.select_related("org")


def published_no_penalty_items(on: date) -> QuerySet[NoPenaltyItem]:
    """The public no-penalty list on ``on`` (for the portal; not scoped by user): the items in force that day
    of versions published by then, by field. No internal data is on these rows."""
    return (
        NoPenaltyItem.objects.filter(in_force_q(on), list__published_on__lte=on)
        .select_related("org", "list")
        .order_by("field", "id")
    )


def case_reviews_for(user: Any) -> QuerySet[CaseReview]:
    return CaseReview.objects.visible_to(user)


def complaints_for(user: Any) -> QuerySet[Complaint]:
    return Complaint.objects.visible_to(user)


def notices_for(user: Any) -> QuerySet[SupervisionNotice]:
    return SupervisionNotice.objects.visible_to(user)


def case_reviews_related(qs: QuerySet[CaseReview]) -> QuerySet[CaseReview]:
    return qs.select_related("org", "body").prefetch_related(
        Prefetch("actions", queryset=EnforcementAction.objects.order_by("decided_on", "id"))
    )


def complaints_related(qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return qs.select_related("org", "body").prefetch_related(
        Prefetch("parties", queryset=ComplaintParty.objects.order_by("id"))
    )


def notices_related(qs: QuerySet[SupervisionNotice]) -> QuerySet[SupervisionNotice]:
    return qs.select_related("org", "body")


def bodies_related(qs: QuerySet[EnforcementBody]) -> QuerySet[EnforcementBody]:
    return qs.select_related("org")


def officers_related(qs: QuerySet[Officer]) -> QuerySet[Officer]:
    return qs.select_related("org").prefetch_related(
        Prefetch("certificates", queryset=Certificate.objects.order_by("-valid_until", "-id"))
    )


def actions_related(qs: QuerySet[EnforcementAction]) -> QuerySet[EnforcementAction]:
    return qs.select_related("org", "body").prefetch_related(
        Prefetch("parties", queryset=ActionParty.objects.order_by("id")),
        Prefetch("problems", queryset=ActionProblem.objects.order_by("code")),
        Prefetch("officers", queryset=Officer.objects.order_by("id")),
    )


def review_of(action: EnforcementAction) -> Any:
    """The decision's legality review in the one queue (``decisions.LegalityReview``, subject kind
    ``enforcement``): the latest sent for it."""
    from fazhi.decisions.models import LegalityReview, SubjectKind

    if action.pk is None:
        return None
    return (
        LegalityReview.objects.filter(subject_kind=SubjectKind.ENFORCEMENT, subject_id=action.pk)
        .order_by("-received_on", "-id")
        .first()
    )


def refresh_problems(ids: list[int]) -> None:
    """A review of these decisions changed on the desk: their stored problems follow (未经法制审核)."""
    from .problems import refresh

    refresh(list(EnforcementAction.objects.filter(pk__in=ids)))


# What the review queue links to (``decisions.SUBJECT_LINKS``): resolved through ``actions_for``.
LINK_KINDS = [
    links.LinkKind(
        "enforcement.major_decision",
        "重大执法决定",
        "enforcement.EnforcementAction",
        actions_for,
        "enforcement:action_detail",
        number_field="case_number",
        changed=refresh_problems,
    )
]
