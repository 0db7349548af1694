"""The two-step Excel import page shared by the modules: upload → preview (every bad cell) → confirm.

Step 1 validates the whole file in a dry run and stages it under MEDIA_ROOT/imports/<key>/ with a
one-time token kept in the session; step 2 imports it all-or-nothing and deletes the staged file.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .excel import ExcelError


def staging_dir(key: str) -> Path:
    d = Path(settings.MEDIA_ROOT) / "imports" / key
    d.mkdir(parents=True, exist_ok=True)
    return d


def staged_import(
    request: HttpRequest,
    *,
    key: str,
    form_class: type[forms.Form],
    importer: Callable[..., Any],
    template: str,
    retry_url: str,
    done_url: str,
    done_message: Callable[[Any], str],
) -> HttpResponse:
    """``importer(source, user, dry_run=False)`` returns a result with ``ok`` and ``created``."""
    form = form_class(request.POST or None, request.FILES or None)
    ctx: dict[str, Any] = {"form": form}
    session_key = f"{key}_import"
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        staged = request.session.get(session_key, {})
        if token not in staged:
            messages.error(request, "导入文件已过期，请重新上传")
            return redirect(retry_url)
        path = staging_dir(key) / f"{token}.xlsx"
        try:
            result = importer(path, request.user)
        except ExcelError as e:
            result = None
            messages.error(request, "；".join(e.messages))
        finally:
            path.unlink(missing_ok=True)
            staged.pop(token, None)
            request.session[session_key] = staged
        if result is not None and result.ok:
            messages.success(request, done_message(result))
            return redirect(done_url)
        ctx["result"] = result
        return render(request, template, ctx, status=400)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(settings.FAZHI_IMPORT_MAX_BYTES + 1)
        try:
            result = importer(io.BytesIO(data), request.user, dry_run=True)
        except ExcelError as e:
            form.add_error("file", "；".join(e.messages))
            return render(request, template, ctx, status=400)
        ctx["result"] = result
        if result.ok:
            token = uuid.uuid4().hex
            (staging_dir(key) / f"{token}.xlsx").write_bytes(data)
            staged = request.session.get(session_key, {})
            staged[token] = True
            request.session[session_key] = staged
            ctx["token"] = token
        return render(request, template, ctx, status=200 if result.ok else 400)
    return render(request, template, ctx)
