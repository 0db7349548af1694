"""The page of a background file (``core.file_jobs``): progress while it is built, then the download.
Only the user who asked for it sees it (404 for anyone else)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import FileJob


@require_GET
def file_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(FileJob, pk=pk, user=request.user)
    template = "core/_file_job.html" if request.headers.get("HX-Request") else "core/file_job.html"
    return render(request, template, {"job": job})


@require_GET
def file_job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_object_or_404(FileJob, pk=pk, user=request.user, status=FileJob.Status.SUCCEEDED)
    path = Path(job.path)
    if not path.is_file():
        raise Http404("文件已过期，请重新生成")
    resp = FileResponse(path.open("rb"), content_type=job.content_type or "application/octet-stream")
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(job.file_name)}"
    return resp
