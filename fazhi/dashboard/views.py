from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.core.dates import today
from fazhi.core.db_router import replica_reads
from fazhi.core.permissions import role_required
from fazhi.orgs.models import Role
from fazhi.orgs.scope import scope_root

from . import selectors

FIRST_YEAR = 2004


@role_required(Role.LEADER, Role.BUREAU)
def index(request: HttpRequest) -> HttpResponse:
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
