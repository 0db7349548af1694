from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from fazhi.core.dates import today
from fazhi.core.db_router import replica_reads
from fazhi.core.permissions import role_required
from fazhi.orgs.models import OrgUnit, Role
from fazhi.orgs.scope import business_orgs, scope_root

from . import compare as comparison
from . import selectors

FIRST_YEAR = 2004


def _year(request: HttpRequest) -> int:
    current = today().year
    raw = request.GET.get("year", "")
    year = current - 1  # the annual report covers the year before
    if raw:
        if raw.isdigit() and FIRST_YEAR <= int(raw) <= current:
            year = int(raw)
        else:
            messages.error(
                request, f"年份「{raw[:10]}」无效，应为{FIRST_YEAR}–{current}之间的年份，已显示{year}年"
            )
    return year


@role_required(Role.LEADER, Role.BUREAU)
def index(request: HttpRequest) -> HttpResponse:
    current = today().year
    year = _year(request)
    with replica_reads():  # figures only: a replica's lag is harmless here
        dashboard = selectors.build(year, scope_root(request.user))
    return render(
        request,
        "dashboard/index.html",
        {
            "dashboard": dashboard,
            "years": list(range(current, FIRST_YEAR - 1, -1)),
        },
    )


def _government(request: HttpRequest) -> OrgUnit:
    """The government the compare page shows: ``gov`` (a government within the user's scope, 404
    otherwise) or the user's own."""
    root = scope_root(request.user)
    raw = request.GET.get("gov", "")
    government = root
    if raw:
        governments = business_orgs(request.user).filter(kind=OrgUnit.Kind.GOVERNMENT)
        government = get_object_or_404(governments, pk=int(raw) if raw.isdigit() and len(raw) < 12 else 0)
    if government is None or government.kind != OrgUnit.Kind.GOVERNMENT:
        government = root.government if root is not None else None
    if government is None:
        raise Http404("您的单位不属于任何人民政府")
    return government


@role_required(Role.LEADER, Role.BUREAU)
def compare(request: HttpRequest) -> HttpResponse:
    """One figure across the governments below (or, at a county, its units), ranked; ``gov`` drills down to
    a lower government — only within the user's scope (404 otherwise)."""
    current = today().year
    year = _year(request)
    government = _government(request)
    with replica_reads():
        table = comparison.compare(year, government, request.GET.get("key", ""))
    return render(
        request,
        "dashboard/compare.html",
        {"table": table, "year": year, "years": list(range(current, FIRST_YEAR - 1, -1))},
    )


@role_required(Role.LEADER, Role.BUREAU)
def compare_data(request: HttpRequest) -> JsonResponse:
    """The compare page's charts (ranking bars, schematic map of the government tree) as JSON, scoped like
    the page: the same ``gov``/``year``/``key`` give the same values as its table."""
    year = _year(request)
    government = _government(request)
    with replica_reads():
        data = comparison.chart_data(year, government, request.GET.get("key", ""))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
