"""Scoped reads of disputes: a record outside the user's scope is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from fazhi.core import links

from .models import Dispute, DisputeParty

# The links a dispute holds, resolved through the target module's selector (fazhi.core.links).
LINKS = [
    links.LinkField("related_litigation", "litigation.case", "关联诉讼案件"),
    links.LinkField("related_reconsideration", "reconsideration.case", "关联复议案件"),
]


def disputes_for(user: Any) -> QuerySet[Dispute]:
    return Dispute.objects.visible_to(user)


# What other modules may link to (the manifest's ``links``): resolved through ``disputes_for``, so scope holds.
LINK_KINDS = [
    links.LinkKind(
        "disputes.dispute",
        "行政争议",
        "disputes.Dispute",
        disputes_for,
        "disputes:dispute_detail",
        number_field="number",
    )
]


def with_related(qs: QuerySet[Dispute]) -> QuerySet[Dispute]:
    return qs.select_related("org").prefetch_related(
        Prefetch("parties", queryset=DisputeParty.objects.order_by("id"))
    )
