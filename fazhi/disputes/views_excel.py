"""Excel pages: template download, filtered export, import as a background job (all or nothing)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from fazhi.core.excel import export_response
from fazhi.core.excel_views import guarded_upload, import_page, register_import_page
from fazhi.core.permissions import business_required, writer_required

from . import imports
from .forms import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
register_import_page(
    "disputes", list_url="disputes:dispute_list", import_url="disputes:dispute_import", noun="行政争议"
)


@business_required
@writer_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    resp = HttpResponse(imports.template_bytes(request.user), content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(imports.TITLE + '.xlsx')}"
    return resp


@business_required
@require_GET
def dispute_export(request: HttpRequest) -> HttpResponse:
    qs = imports.export_queryset(request.user, request.GET)
    return export_response(
        "行政争议.xlsx",
        imports.EXPORT_HEADERS,
        imports.export_rows(qs.iterator(chunk_size=500), request.user),
    )


@guarded_upload
@business_required
@writer_required
def dispute_import(request: HttpRequest) -> HttpResponse:
    """Upload: the file is checked and queued; the job page shows progress, then the result or
    every bad cell (all rows imported or none)."""
    return import_page(
        request, kind="disputes", form_class=ImportForm, template="disputes/dispute_import.html"
    )
