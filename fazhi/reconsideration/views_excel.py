"""Excel pages: export of the filtered list, import template, upload → background job (all or nothing)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from fazhi.audit.services import record
from fazhi.core.excel import export_response
from fazhi.core.excel_views import ImportForm, guarded_upload, import_page, register_import_page
from fazhi.core.permissions import business_required, role_required, writer_required
from fazhi.orgs.models import Role

from . import imports, selectors

MAX_EXPORT = 100_000
register_import_page(
    "reconsideration",
    list_url="reconsideration:case_list",
    import_url="reconsideration:import_upload",
    noun="行政复议历史案件",
)


@business_required
def case_export(request: HttpRequest) -> HttpResponse:
    """The list page's filters, all rows (up to 100 000), numbers masked unless the user sees them."""
    qs = imports.export_queryset(selectors.filterset(request.GET, request.user).qs)[:MAX_EXPORT]
    record(
        "reconsideration.export",
        actor=request.user,
        object_type="reconsideration.reconsiderationcase",
        object_repr="导出行政复议案件",
        changes={"filters": request.GET.urlencode()},
        request=request,
    )
    return export_response(
        "行政复议案件.xlsx",
        imports.EXPORT_HEADERS,
        imports.export_rows(qs, request.user),
        widths=imports.EXPORT_WIDTHS,
    )


@business_required
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        imports.template_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


@guarded_upload
@writer_required
@role_required(Role.BUREAU)
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload: the file is checked and queued; the job page shows progress, then the result or
    every bad cell (all rows imported or none)."""
    return import_page(
        request, kind="reconsideration", form_class=ImportForm, template="reconsideration/import.html"
    )
