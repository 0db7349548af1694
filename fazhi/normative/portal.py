"""The public portal's 规范性文件库 (no login): published documents (有效/失效/已废止/已修改) with 文号, 统一编号
and dates, searchable by title and 文号, each with a public page and its full text (the manifest's
``public_urls``, mounted at ``/portal/normative/``). Nothing internal: no drafts or registered but
unpublished documents (404), no review opinions, no drafting unit or drafter, no meeting, no filing."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from fazhi.core.uploads import content_type

from .models import PUBLISHED_STATUSES, FullText, NormativeDocument

LIMIT = 50
#: The only columns the public pages read: a template cannot show what was never fetched.
PUBLIC_FIELDS = (
    *("id", "title", "doc_number", "registration_number", "issuer", "provisional", "status"),
    *("published_on", "valid_from", "valid_until", "ended_on", "new_version"),
)


def public_documents() -> QuerySet[NormativeDocument]:
    """Published documents (in force or ended), with the flag of an uploaded full text."""
    return (
        NormativeDocument.objects.filter(status__in=PUBLISHED_STATUSES)
        .only(*PUBLIC_FIELDS)
        .annotate(has_full_text=Exists(FullText.objects.filter(document=OuterRef("pk"))))
    )


def context(request: Any) -> dict[str, Any]:
    q = (request.GET.get("nq") or "").strip()[:60]
    docs = public_documents()
    if q:
        docs = docs.filter(Q(doc_number__startswith=q) | Q(title__contains=q))
    return {"q": q, "documents": list(docs.order_by("-published_on", "-id")[:LIMIT])}


def full_text_response(doc: NormativeDocument) -> FileResponse:
    """The uploaded full text as a download named by the document's 文号 (Chinese: RFC 5987 filename*)."""
    text = FullText.objects.filter(document=doc).first()
    if text is None:
        raise Http404("该文件尚未上传全文")
    name = f"{doc.doc_number}{text.file.name[text.file.name.rfind('.') :]}"
    return FileResponse(
        text.file.open("rb"), as_attachment=True, filename=name, content_type=content_type(text.file.name)
    )


@require_GET
@cache_control(public=True, max_age=300)
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(public_documents().select_related("issuer"), pk=pk)
    # the new version is linked only once it is itself published (a draft is internal)
    newer = public_documents().filter(pk=doc.new_version_id).first() if doc.new_version_id else None
    return render(request, "normative/public_document.html", {"doc": doc, "newer": newer})


@require_GET
@cache_control(public=True, max_age=300)
def full_text(request: HttpRequest, pk: int) -> HttpResponse:
    return full_text_response(get_object_or_404(public_documents(), pk=pk))
