"""Excel pages: template download, filtered export, import with preview and all-or-nothing confirm."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from fazhi.core.excel import export_response
from fazhi.core.excel_views import staged_import
from fazhi.core.permissions import business_required, writer_required

from . import imports
from .forms import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@business_required
@writer_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    resp = HttpResponse(imports.template_bytes(request.user), content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(imports.TITLE + '.xlsx')}"
    return resp


@business_required
@require_GET
def case_export(request: HttpRequest) -> HttpResponse:
    qs = imports.export_queryset(request.user, request.GET)
    return export_response(
        "行政诉讼案件.xlsx",
        imports.EXPORT_HEADERS,
        imports.export_rows(qs.iterator(chunk_size=500), request.user),
    )


@business_required
@writer_required
def case_import(request: HttpRequest) -> HttpResponse:
    """Step 1 (upload): validate everything and show a preview or every bad cell. Step 2 (confirm): import."""
    return staged_import(
        request,
        key="litigation",
        form_class=ImportForm,
        importer=imports.import_file,
        template="litigation/case_import.html",
        retry_url="litigation:case_import",
        done_url="litigation:case_list",
        done_message=lambda result: f"已导入 {result.created} 件行政诉讼案件",
    )
