"""The public portal's 规范性文件库 (no login): published documents (有效/失效/已废止) with 文号, 统一编号 and
dates, searchable by title and 文号. Nothing internal: no drafts, no review opinions, no drafting notes."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from .models import NormativeDocument, Status

LIMIT = 50
PUBLIC_STATUSES = [Status.PUBLISHED, Status.LAPSED, Status.REPEALED, Status.AMENDED]


def context(request: Any) -> dict[str, Any]:
    q = (request.GET.get("nq") or "").strip()[:60]
    docs = NormativeDocument.objects.filter(status__in=PUBLIC_STATUSES)
    if q:
        docs = docs.filter(Q(doc_number__startswith=q) | Q(title__contains=q))
    # only public columns are read: a template cannot show what was never fetched
    fields = ("title", "doc_number", "registration_number", "published_on", "valid_until", "status")
    return {"q": q, "documents": list(docs.order_by("-published_on", "-id").only("id", *fields)[:LIMIT])}
