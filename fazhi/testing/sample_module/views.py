from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html_join

from fazhi.core.lists import filtered
from fazhi.core.permissions import role_required
from fazhi.orgs.models import Role
from fazhi.orgs.scope import business_orgs

from .filters import SampleFilterSet
from .models import SampleRecord


@role_required(Role.BUREAU)
def record_list(request: HttpRequest) -> HttpResponse:
    """The drill-down target: the records its one FilterSet selects (invalid parameters are dropped)."""
    qs = SampleRecord.objects.filter(org__in=business_orgs(request.user))  # type: ignore[arg-type]
    qs = filtered(SampleFilterSet, request.GET, qs, user=request.user)
    return HttpResponse(format_html_join("", '<p data-record="{}">{}</p>', ((r.pk, r.title) for r in qs)))


def portal_context(request: HttpRequest) -> dict[str, Any]:
    return {"count": SampleRecord.objects.count()}
