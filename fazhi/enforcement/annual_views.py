"""执法数据年报 page (国办发〔2018〕118号): the published bodies the user sees, with the figures of a year as they
stand and whether their 年报 is published; a body's own unit (118号: each body publishes its own figures) or
the Justice Bureau publishes it through the body's step ``annual_statistics`` (``actions.BODY_WORKFLOW``:
the version the page read is checked, the 年报 audited). A department sees its own bodies; a leader reads
and cannot publish (403); a body outside the user's scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fazhi.core.actions import submit_form
from fazhi.core.dates import today
from fazhi.core.permissions import business_required
from fazhi.core.services import ConflictError
from fazhi.orgs.models import Role

from . import selectors
from .actions import BODY_WORKFLOW
from .annual import annual_due, annual_rows


def _year(raw: str | None, default: int) -> tuple[int, str]:
    """The year asked for (default: the last year that is over) and a Chinese message when it is invalid."""
    if not raw:
        return default, ""
    try:
        year = int(raw)
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        return default, f"年度「{raw}」无效，应为2000至2100之间的年份；已显示{default}年度"
    return year, ""


@business_required
@require_http_methods(["GET", "POST"])
def annual_page(request: HttpRequest) -> HttpResponse:
    on = today()
    year, problem = _year(request.POST.get("year") or request.GET.get("year"), on.year - 1)
    bodies = selectors.bodies_for(request.user)
    status = 200
    if request.method == "POST":
        raw = str(request.POST.get("body") or "")
        body = get_object_or_404(bodies, pk=int(raw) if raw.isdigit() and len(raw) < 12 else 0)
        if problem:
            messages.error(request, problem)
            status = 400
        else:
            form, result, error = submit_form(request, BODY_WORKFLOW, "annual_statistics", body)
            if error is None:
                late = "（逾期公布）" if result.late else ""
                messages.success(request, f"已公布{body.name}{year}年度执法数据年报{late}")
                return redirect(f"{reverse('enforcement:annual')}?year={year}")
            if not isinstance(error, ConflictError):  # a conflict is already on the page's messages
                messages.error(request, "；".join(_messages(form)) or "公布失败，请检查后重试")
            status = 400
    elif problem:
        messages.error(request, problem)
    context = {
        "year": year,
        "rows": annual_rows(bodies, year),
        "due": annual_due(year),
        "year_over": year < on.year,
        "can_publish": bool({Role.BUREAU, Role.CLERK} & set(request.user.role_codes)),
        "today": on,
    }
    return render(request, "enforcement/annual.html", context, status=status)


def _messages(form: object) -> list[str]:
    return [str(m) for errors in getattr(form, "errors", {}).values() for m in errors]
