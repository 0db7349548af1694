from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .dates import today
from .registry import WorkItem, registry

#: Lines a workbench panel shows before "更多" (``?all=1`` shows every line).
WORKBENCH_LIMIT = 20
_URGENCY = {"overdue": 0, "calendar_missing": 1, "due_soon": 2, "awaiting_service": 3, "suspended": 4, "": 5}


def urgency_key(item: WorkItem, day: Any) -> tuple[int, int, Any, str]:
    """Items of the user's own cases first; then overdue (longest overdue first), dateless problems
    (日历缺失), due soonest, 待送达; ties by title."""
    return (0 if item.mine else 1, _URGENCY.get(item.status, 5), item.due or day, item.title)


def workbench_items(user: Any) -> tuple[list[WorkItem], list[WorkItem]]:
    """(我的待办, 即将到期/已超期) from every installed module, most urgent first."""
    todo: list[WorkItem] = []
    due: list[WorkItem] = []
    day = today()
    for provider in registry.workbench:
        for item in provider(user, day):
            (todo if item.kind == "todo" else due).append(item)
    due.sort(key=lambda i: urgency_key(i, day))
    todo.sort(key=lambda i: (0 if i.mine else 1, i.due or day.max))
    return todo, due


def home(request: HttpRequest) -> HttpResponse:
    # Administrators see no business data, but the registry may still hold items for them
    # (e.g. the sysadmin's "next year's holidays not entered"); each provider checks the role.
    todo, due = workbench_items(request.user) if request.user.is_authenticated else ([], [])
    show_all = request.GET.get("all") == "1"
    limit = None if show_all else WORKBENCH_LIMIT
    return render(
        request,
        "core/workbench.html",
        {
            "todo": todo[:limit],
            "due": due[:limit],
            "todo_more": len(todo) - len(todo[:limit]),
            "due_more": len(due) - len(due[:limit]),
            "show_all": show_all,
        },
    )


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
