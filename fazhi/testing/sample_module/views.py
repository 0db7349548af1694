from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html_join

from fazhi.core.permissions import role_required
from fazhi.orgs.models import Role
from fazhi.orgs.scope import business_orgs

from .models import SampleRecord


@role_required(Role.BUREAU)
def record_list(request: HttpRequest) -> HttpResponse:
    """The drill-down target: the records the ``registered_from``/``registered_to`` filter selects."""
    qs = SampleRecord.objects.filter(org__in=business_orgs(request.user))  # type: ignore[arg-type]
    if request.GET.get("registered_from"):
        qs = qs.filter(registered_on__gte=date.fromisoformat(request.GET["registered_from"]))
    if request.GET.get("registered_to"):
        qs = qs.filter(registered_on__lte=date.fromisoformat(request.GET["registered_to"]))
    return HttpResponse(format_html_join("", '<p data-record="{}">{}</p>', ((r.pk, r.title) for r in qs)))


def portal_context(request: HttpRequest) -> dict[str, Any]:
    return {"count": SampleRecord.objects.count()}
