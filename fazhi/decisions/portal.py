"""The public portal's 重大行政决策 block (no login): published catalogues by year, consultations open
now, published decisions. Nothing internal — no review opinions, no drafts outside the catalogue."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from fazhi.core.dates import today

from .models import DecisionCatalog, DecisionStatus, DecisionStep, MajorDecision, Step

LIMIT = 20


def context(request: Any) -> dict[str, Any]:
    now = today()
    catalogs = (
        DecisionCatalog.objects.filter(published_on__isnull=False)
        .select_related("org")
        .prefetch_related(
            Prefetch("items", queryset=MajorDecision.objects.select_related("org").order_by("id"))
        )
        .order_by("-year")[:5]
    )
    consultations = (
        DecisionStep.objects.filter(
            step=Step.PUBLIC_PARTICIPATION, applicable=True, started_on__lte=now, ended_on__gte=now
        )
        .select_related("decision__org")
        .order_by("ended_on", "id")[:LIMIT]
    )
    published = (
        MajorDecision.objects.filter(status=DecisionStatus.PUBLISHED)
        .select_related("org")
        .order_by("-published_on", "-id")[:LIMIT]
    )
    return {"catalogs": list(catalogs), "consultations": list(consultations), "published": list(published)}
