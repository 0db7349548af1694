"""Scoped reads of 行政协议: a department sees its own unit's contracts, the Justice Bureau and leaders the
whole government's; a contract outside scope is a 404 (pages, API and the link kind alike)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from fazhi.core import links

from .contracts import AdministrativeContract, ContractParty
from .models import LegalityReview, SubjectKind


def contracts_for(user: Any) -> QuerySet[AdministrativeContract]:
    return AdministrativeContract.objects.visible_to(user)


def with_related(qs: QuerySet[AdministrativeContract]) -> QuerySet[AdministrativeContract]:
    return qs.select_related("org").prefetch_related(
        Prefetch("parties", queryset=ContractParty.objects.order_by("id"))
    )


def contract_queryset(user: Any) -> QuerySet[AdministrativeContract]:
    """The API's records: the user's contracts with their unit and counterparty."""
    return with_related(contracts_for(user))


def reviews_of(user: Any, c: AdministrativeContract) -> list[LegalityReview]:
    """The contract's legality reviews the user may see, newest first (the detail page's 合法性审查)."""
    return list(
        LegalityReview.objects.visible_to(user)
        .filter(subject_kind=SubjectKind.CONTRACT, subject_id=c.pk)
        .order_by("-received_on", "-id")
    )


# What the review queue (``models.SUBJECT_LINKS``) and other modules link to: resolved through
# ``contracts_for``, so a department cannot link to, or read, another unit's contract.
LINK_KINDS = [
    links.LinkKind(
        "decisions.contract",
        "行政协议",
        "decisions.AdministrativeContract",
        contracts_for,
        "decisions:contract_detail",
        number_field="number",
    )
]
