"""月度信息快报 and 季度通报 pages: HTML, DOCX and xlsx (issue 5 item 7)."""

from __future__ import annotations

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.core.dates import today
from fazhi.core.db_router import replica_reads
from fazhi.orgs.scope import scope_root

from . import bulletins, roles

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(request: HttpRequest):  # type: ignore[no-untyped-def]
    if not roles.can_read(request.user):
        raise PermissionDenied("您的角色无权查看快报和通报")
    root = scope_root(request.user)
    return (root.government or root) if root else None


def _int(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(request.GET.get(name, default))
    except ValueError:
        return default
    return value if low <= value <= high else default


def _respond(request: HttpRequest, b: bulletins.Bulletin, org, template: str, ctx: dict) -> HttpResponse:  # type: ignore[no-untyped-def]
    fmt = request.GET.get("format", "html")
    if fmt == "docx":
        data = bulletins.to_docx(b, bulletins.issuer_for(org), today())
        return _file(data, f"{b.title}.docx", DOCX)
    if fmt == "xlsx":
        return _file(bulletins.to_xlsx(b), f"{b.title}.xlsx", XLSX)
    return render(request, template, {"b": b, **ctx})


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=content_type)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp


@replica_reads()
def bulletin(request: HttpRequest) -> HttpResponse:
    org = _scope(request)
    now = today()
    year = _int(request, "year", now.year, 2000, now.year)
    month = _int(request, "month", now.month, 1, 12)
    b = bulletins.monthly(year, month, org)
    return _respond(
        request, b, org, "reports/bulletin.html", {"year": year, "month": month, "months": range(1, 13)}
    )


@replica_reads()
def circular(request: HttpRequest) -> HttpResponse:
    org = _scope(request)
    now = today()
    year = _int(request, "year", now.year, 2000, now.year)
    quarter = _int(request, "quarter", (now.month - 1) // 3 + 1, 1, 4)
    try:
        threshold = float(request.GET.get("threshold", "")) / 100
    except ValueError:
        threshold = bulletins.threshold_setting()
    b = bulletins.quarterly(year, quarter, org, threshold)
    return _respond(
        request,
        b,
        org,
        "reports/bulletin.html",
        {"year": year, "quarter": quarter, "threshold": round(threshold * 100, 2)},
    )
