"""The Excel import page shared by the modules: upload → background job → progress → result.

The upload is streamed to MEDIA_ROOT/imports/<kind>/ in chunks (refused early by Content-Length and
by its running size), checked (name, size, magic bytes, zip structure, DTD), recorded as an
``ImportJob`` and queued on django-q2; the browser is sent to the job page, which polls its progress
with htmx and then shows the result or every row error. A 100 000-row import therefore never runs
inside a web request (gunicorn's 120 s timeout).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from types import ModuleType
from typing import Any
from urllib.parse import quote

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from fazhi.audit.services import record

from . import jobs
from .excel import ExcelError, check_workbook_file, export_response, stage_upload, staging_dir
from .forms import StyledFormMixin
from .models import ImportJob
from .permissions import business_required, role_required, writer_required

__all__ = [
    "ExcelPages",
    "ImportForm",
    "guarded_upload",
    "import_job",
    "import_page",
    "register_import_page",
    "staging_dir",
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# multipart framing and the other form fields around the file
MULTIPART_SLACK = 64 * 1024
TOO_LARGE_ATTR = "_fazhi_upload_too_large"
# kind → (list page URL name, import page URL name, noun), registered by each module's ExcelPages
PAGES: dict[str, tuple[str, str, str]] = {}


def register_import_page(kind: str, *, list_url: str, import_url: str, noun: str) -> None:
    PAGES[kind] = (list_url, import_url, noun)


def _limit() -> int:
    return settings.FAZHI_IMPORT_MAX_BYTES + MULTIPART_SLACK


def _too_large_message() -> str:
    return f"文件过大，上限为 {settings.FAZHI_IMPORT_MAX_BYTES // 1024 // 1024} MB；未导入任何记录"


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading an upload once its running size passes the limit (a missing or false
    Content-Length); the file is then absent and the page says it was too large."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            setattr(self.request, TOO_LARGE_ATTR, True)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def guarded_upload(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Outermost decorator of an import view: refuse a too-large body by its Content-Length before
    reading it, and install the running-size handler. CSRF is checked after the handler is in place
    (Django's documented csrf_exempt + csrf_protect pattern for custom upload handlers)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > _limit():
                return render(
                    request, "core/import_refused.html", {"message": _too_large_message()}, status=413
                )
            request.upload_handlers.insert(0, LimitedUploadHandler(request, _limit()))
        return protected(request, *args, **kwargs)

    return wrapped


def import_page(
    request: HttpRequest,
    *,
    kind: str,
    form_class: type[forms.Form],
    template: str | list[str],
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET: the upload form and the user's recent imports of this kind. POST: stage, check, queue."""
    form = form_class(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if getattr(request, TOO_LARGE_ATTR, False):
            form = form_class()
            form.is_bound = True
            form.cleaned_data = {}
            form.add_error("file", _too_large_message())
            status = 413
        elif form.is_valid():
            try:
                staged = stage_upload(form.cleaned_data["file"], kind)
            except ExcelError as e:
                form.add_error("file", "；".join(e.messages))
            else:
                try:
                    check_workbook_file(staged.path)
                except ExcelError as e:
                    staged.path.unlink(missing_ok=True)
                    form.add_error("file", "；".join(e.messages))
                else:
                    job = jobs.start_import(kind=kind, user=request.user, staged=staged)
                    return redirect("import_job", pk=job.pk)
    recent = ImportJob.objects.filter(user=request.user, kind=kind).order_by("-created_at", "-id")[:5]
    return render(request, template, {"form": form, "jobs": recent, **(context or {})}, status=status)


@login_required
@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's page: progress while it runs (htmx polls this URL), then the result or every error.
    Only the user who started the job sees it (404 for anyone else)."""
    job = get_object_or_404(ImportJob, pk=pk, user=request.user)
    list_url, import_url, noun = PAGES.get(job.kind, ("home", "home", "记录"))
    ctx = {
        "job": job,
        "errors": job.errors[:500],
        "list_url": reverse(list_url),
        "import_url": reverse(import_url),
        "noun": noun,
    }
    if request.headers.get("HX-Request"):
        return render(request, "core/_import_progress.html", ctx)
    return render(request, "core/import_job.html", ctx)


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）", error_messages={"required": "请选择要导入的文件"})


@dataclass(frozen=True)
class ExcelPages:
    """A module's Excel pages, declared once: the template download, the export of the filtered list and
    the import (a background job, all rows or none). ``imports`` is the module's ``imports`` module, which
    declares ``SPEC`` (``core.imports.ImportSpec``: the template, its title, the model named by the export's
    audit event) and ``EXPORT`` (``core.exports.Export``: the columns, their widths and the filtered
    records). URL names: ``<noun>_export``, ``<noun>_import``, ``import_template``; the import page is
    the module's ``<app>/<noun>_import.html`` if it has one, else the shared ``core/import_page.html``
    (with ``import_note``). ``importable=False``: the export alone (a record registered one by one);
    ``imports`` then declares only ``EXPORT``.

    ``max_rows`` caps the export (the rest of the filtered list is left out); ``import_roles`` limits
    the upload page to those roles (e.g. only the reconsideration office imports its historical cases),
    on top of the platform's writer rule."""

    app: str
    noun: str
    label: str  # what one row is, in Chinese (行政争议): the export's file name and the job page's noun
    imports: ModuleType | type
    # The tabular kind (``fazhi import <kind>``, the import job's kind, the export's audit prefix) when it
    # is not the app's label: an app whose Excel rows are not its main record (the legality-review queue).
    kind: str = ""
    importable: bool = True
    max_rows: int | None = None
    import_roles: tuple[str, ...] = ()
    # A sentence the shared import page adds to its instructions (who may import what).
    import_note: str = ""

    def urls(self) -> list[URLPattern]:
        m, kind = self.imports, self.kind or self.app
        model = m.SPEC.model if self.importable else m.EXPORT.filterset._meta.model
        if self.importable:
            register_import_page(
                kind,
                list_url=f"{self.app}:{self.noun}_list",
                import_url=f"{self.app}:{self.noun}_import",
                noun=self.label,
            )

        def import_template(request: HttpRequest) -> HttpResponse:
            resp = HttpResponse(m.SPEC.template(request.user), content_type=XLSX)
            resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(m.SPEC.title + '.xlsx')}"
            return resp

        def export(request: HttpRequest) -> HttpResponse:
            qs = m.EXPORT.records(request.user, request.GET)
            if self.max_rows is not None:
                qs = qs[: self.max_rows]
            records = qs.iterator(chunk_size=500)
            # Personal data leaves the system: who took which list is on the audit trail.
            record(
                f"{kind}.export",
                actor=request.user,
                object_type=model._meta.label_lower,
                object_repr=f"导出{self.label}",
                changes={"filters": request.GET.urlencode()},
                request=request,
            )
            return export_response(
                f"{self.label}.xlsx",
                m.EXPORT.headers,
                m.EXPORT.rows(records, request.user),
                widths=list(m.EXPORT.widths or []) or None,
            )

        def upload(request: HttpRequest) -> HttpResponse:
            # The module's own page when it has one, else the shared one.
            templates = [f"{self.app}/{self.noun}_import.html", "core/import_page.html"]
            context = {
                "label": self.label,
                "app": self.app,
                "note": self.import_note,
                "template_url": reverse(f"{self.app}:{self.noun}_import_template"),
            }
            return import_page(request, kind=kind, form_class=ImportForm, template=templates, context=context)

        # Named as the module's own views: the contract suite finds a page's module by ``__module__``.
        module = f"{apps.get_app_config(self.app).name}.views_excel"
        for fn, name in (
            (import_template, "import_template"),
            (export, f"{self.noun}_export"),
            (upload, f"{self.noun}_import"),
        ):
            fn.__module__, fn.__name__, fn.__qualname__ = module, name, name
        exporting = [path("export/", business_required(require_GET(export)), name=f"{self.noun}_export")]
        if not self.importable:
            return exporting
        restricted = role_required(*self.import_roles)(upload) if self.import_roles else upload
        template = business_required(writer_required(require_GET(import_template)))
        # ``<noun>_import_template`` names each page's template, unique when an app has several Excel
        # pages (decisions: decision, review, contract); ``import_template`` stays the app's main one.
        names = [f"{self.noun}_import_template", *([] if self.kind else ["import_template"])]
        return [
            *exporting,
            path(
                "import/",
                guarded_upload(business_required(writer_required(restricted))),
                name=f"{self.noun}_import",
            ),
            *(path("import/template/", template, name=name) for name in names),
        ]
