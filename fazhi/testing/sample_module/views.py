from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.core.lists import bind
from fazhi.core.permissions import role_required
from fazhi.orgs.models import Role
from fazhi.orgs.scope import business_orgs

from .filters import SampleFilterSet
from .models import SampleRecord


@role_required(Role.BUREAU)
def record_list(request: HttpRequest) -> HttpResponse:
    """The drill-down target: the records its one FilterSet selects (invalid parameters are dropped)."""
    qs = SampleRecord.objects.filter(org__in=business_orgs(request.user))  # type: ignore[arg-type]
    fs = bind(SampleFilterSet, request.GET, qs, user=request.user)
    # Rendered with its filterset in the context, as core.lists.list_page pages are: the platform's
    # tests find a list page's FilterSet there.
    return render(request, "sample_module/record_list.html", {"filterset": fs, "records": fs.qs})


def portal_context(request: HttpRequest) -> dict[str, Any]:
    return {"count": SampleRecord.objects.count()}
