"""Scoped reads: a department sees the documents it drafts; the Justice Bureau and leaders see the whole
government's (``orgs.scope``). A record outside scope is a 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from fazhi.core import links

from .models import CleanupCampaign, FullText, NormativeDocument, in_force_q


def documents_for(user: Any) -> QuerySet[NormativeDocument]:
    return NormativeDocument.objects.visible_to(user)


def with_related(qs: QuerySet[NormativeDocument]) -> QuerySet[NormativeDocument]:
    return qs.select_related("org", "issuer", "new_version", "cleanup").annotate(
        has_full_text=Exists(FullText.objects.filter(document=OuterRef("pk")))
    )


def document_queryset(user: Any) -> QuerySet[NormativeDocument]:
    """The API's records: the user's documents with their units."""
    return with_related(documents_for(user))


def in_force(qs: QuerySet[NormativeDocument], on: date) -> QuerySet[NormativeDocument]:
    return qs.filter(in_force_q(on))


def campaigns_for(user: Any) -> QuerySet[CleanupCampaign]:
    return CleanupCampaign.objects.visible_to(user)


def review_of(doc: NormativeDocument) -> Any:
    """The document's legality review in the one queue: the latest sent for it (a revised draft is
    reviewed again), found by subject kind ``normative`` and the document's id."""
    from fazhi.decisions.models import LegalityReview, SubjectKind

    if doc.pk is None:
        return None
    return (
        LegalityReview.objects.filter(subject_kind=SubjectKind.NORMATIVE, subject_id=doc.pk)
        .order_by("-received_on", "-id")
        .first()
    )


def review_link(user: Any, doc: NormativeDocument) -> dict[str, Any] | None:
    """The review as the user may see it (through the queue's own selector: 无权查看 otherwise)."""
    review = review_of(doc)
    if review is None or "decisions.review" not in links.kinds():
        return None
    resolved = links.resolve(user, links.Subject("decisions.review", int(review.pk)))
    return resolved.as_dict() if resolved else None


# What other modules may link to (the manifest's ``links``): the review queue's ``normative.document``.
LINK_KINDS = [
    links.LinkKind(
        "normative.document",
        "行政规范性文件",
        "normative.NormativeDocument",
        documents_for,
        "normative:document_detail",
        number_field="doc_number",
    )
]
