"""Excel pages: template download, filtered export, import with preview and all-or-nothing confirm."""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from fazhi.core.excel import ExcelError, export_response
from fazhi.core.permissions import business_required, writer_required

from . import imports
from .forms import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _staging_dir() -> Path:
    d = Path(settings.MEDIA_ROOT) / "imports" / "litigation"
    d.mkdir(parents=True, exist_ok=True)
    return d


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
    form = ImportForm(request.POST or None, request.FILES or None)
    ctx: dict = {"form": form}
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        staged = request.session.get("litigation_import", {})
        if token not in staged:
            messages.error(request, "导入文件已过期，请重新上传")
            return redirect("litigation:case_import")
        path = _staging_dir() / f"{token}.xlsx"
        try:
            result = imports.import_file(path, request.user)
        except ExcelError as e:
            result = None
            messages.error(request, "；".join(e.messages))
        finally:
            path.unlink(missing_ok=True)
            staged.pop(token, None)
            request.session["litigation_import"] = staged
        if result is not None and result.ok:
            messages.success(request, f"已导入 {result.created} 件行政诉讼案件")
            return redirect("litigation:case_list")
        ctx["result"] = result
        return render(request, "litigation/case_import.html", ctx, status=400)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(settings.FAZHI_IMPORT_MAX_BYTES + 1)
        try:
            result = imports.import_file(io.BytesIO(data), request.user, dry_run=True)
        except ExcelError as e:
            form.add_error("file", "；".join(e.messages))
            return render(request, "litigation/case_import.html", ctx, status=400)
        ctx["result"] = result
        if result.ok:
            token = uuid.uuid4().hex
            (_staging_dir() / f"{token}.xlsx").write_bytes(data)
            staged = request.session.get("litigation_import", {})
            staged[token] = True
            request.session["litigation_import"] = staged
            ctx["token"] = token
        return render(request, "litigation/case_import.html", ctx, status=200 if result.ok else 400)
    return render(request, "litigation/case_import.html", ctx)
