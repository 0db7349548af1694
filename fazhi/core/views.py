from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .dates import today
from .registry import WorkItem, registry


def workbench_items(user: Any) -> tuple[list[WorkItem], list[WorkItem]]:
    """(我的待办, 即将到期/已超期) from every installed module, most urgent first."""
    todo: list[WorkItem] = []
    due: list[WorkItem] = []
    day = today()
    for provider in registry.workbench:
        for item in provider(user, day):
            (todo if item.kind == "todo" else due).append(item)
    order = {"overdue": 0, "calendar_missing": 1, "awaiting_service": 2, "due_soon": 2, "": 3}
    due.sort(key=lambda i: (order.get(i.status, 3), i.due or day))
    return todo, due


def home(request: HttpRequest) -> HttpResponse:
    # Administrators see no business data, but the registry may still hold items for them
    # (e.g. the sysadmin's "next year's holidays not entered"); each provider checks the role.
    todo, due = workbench_items(request.user) if request.user.is_authenticated else ([], [])
    return render(request, "core/workbench.html", {"todo": todo, "due": due})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "db": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "db": "ok"})


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", {"message": str(exception or "")}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
