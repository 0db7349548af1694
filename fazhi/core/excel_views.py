"""The Excel import page shared by the modules: upload → background job → progress → result.

The upload is streamed to MEDIA_ROOT/imports/<kind>/ in chunks (refused early by Content-Length and
by its running size), checked (name, size, magic bytes, zip structure, DTD), recorded as an
``ImportJob`` and queued on django-q2; the browser is sent to the job page, which polls its progress
with htmx and then shows the result or every row error. A 100 000-row import therefore never runs
inside a web request (gunicorn's 120 s timeout).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from . import jobs
from .excel import ExcelError, check_workbook_file, stage_upload, staging_dir
from .models import ImportJob

__all__ = ["guarded_upload", "import_job", "import_page", "register_import_page", "staging_dir"]

# multipart framing and the other form fields around the file
MULTIPART_SLACK = 64 * 1024
TOO_LARGE_ATTR = "_fazhi_upload_too_large"
# kind → (list page URL name, import page URL name, noun), registered by each module's views_excel
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
    template: str,
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
    return render(request, template, {"form": form, "jobs": recent}, status=status)


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
