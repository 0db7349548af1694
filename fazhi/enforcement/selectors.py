"""Scoped reads of 行政执法: a record outside the user's scope is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from fazhi.core import links

from .models import (
    ActionParty,
    ActionProblem,
    Certificate,
    EnforcementAction,
    EnforcementBody,
    Officer,
    Recorder,
)


def bodies_for(user: Any) -> QuerySet[EnforcementBody]:
    return EnforcementBody.objects.visible_to(user)


def officers_for(user: Any) -> QuerySet[Officer]:
    return Officer.objects.visible_to(user)


def actions_for(user: Any) -> QuerySet[EnforcementAction]:
    return EnforcementAction.objects.visible_to(user)


def recorders_for(user: Any) -> QuerySet[Recorder]:
    return Recorder.objects.visible_to(user)


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
