"""Excel pages: export of the filtered list, import template, upload → preview → confirm (all or nothing)."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.audit.services import record
from fazhi.core.excel import ExcelError, export_response
from fazhi.core.permissions import business_required, role_required, writer_required
from fazhi.orgs.models import Role

from . import imports, selectors
from .forms import ImportForm

SESSION_KEY = "reconsideration_import"
MAX_EXPORT = 100_000


def _upload_dir() -> Path:
    """Uploaded files waiting for confirmation; files older than a day are removed."""
    path = Path(settings.MEDIA_ROOT) / "tmp" / "imports"
    path.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - 86400
    for old in path.glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    return path


@business_required
def case_export(request: HttpRequest) -> HttpResponse:
    """The list page's filters, all rows (up to 100 000), numbers masked unless the user sees them."""
    filters, _ = selectors.parse_filters(request.GET, request.user)
    qs = selectors.apply_filters(selectors.cases_for(request.user), filters)
    qs = imports.export_queryset(qs)[:MAX_EXPORT]
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


@writer_required
@role_required(Role.BUREAU)
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload: check the file and every row, then show the preview (nothing is saved yet)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            import io

            result = imports.validate(io.BytesIO(data), request.user)
        except ExcelError as e:
            form.add_error("file", "；".join(e.messages))
        else:
            if result.ok:
                token = uuid.uuid4().hex
                (_upload_dir() / f"{token}.xlsx").write_bytes(data)
                request.session[SESSION_KEY] = token
    return render(request, "reconsideration/import.html", {"form": form, "result": result})


@writer_required
@role_required(Role.BUREAU)
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the previewed file: validated again, then all rows in one transaction or none."""
    token = request.session.pop(SESSION_KEY, None)
    path = _upload_dir() / f"{token}.xlsx" if token and token.isalnum() else None
    if path is None or not path.exists():
        messages.error(request, "导入文件已失效，请重新上传")
        return redirect("reconsideration:import_upload")
    try:
        result = imports.validate(path, request.user)
        imports.import_rows(result, request.user)
    except ValidationError as e:
        messages.error(request, "导入失败，未导入任何记录：" + "；".join(e.messages))
        return redirect("reconsideration:import_upload")
    finally:
        path.unlink(missing_ok=True)
    messages.success(request, f"已导入 {result.created} 件历史案件")
    return redirect("reconsideration:case_list")
